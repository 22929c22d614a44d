/**
 * Every file the build reads from sources/ comes through here: its real path must stay inside the sources folder,
 * it must be a regular file of a bounded size (checked on the open file before a byte is read) and valid UTF-8.
 * A refusal never shows a hash or any content of the file.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs'
import { relative, sep } from 'node:path'
import { lineStartsOf, pointAt } from '../witness/changes.ts'
import { fail, type Place } from './diagnostics.ts'

export interface SourceFile {
  /** The sources folder (or a folder inside it) the file must stay in. */
  root: string
  /** The path as diagnostics show it. */
  shown: string
  /**
   * Where the path was written (a YAML value), for a path that leads outside; else the file itself at 1:1. Found
   * only for a refusal: finding a place parses the YAML again, which every build would pay for otherwise.
   */
  from?: { file: string; place: () => Place }
  /** Largest size read, in bytes; a larger file is refused with `tooLarge`. */
  maxBytes?: number
  tooLarge?: (bytes: number) => never
}

/** Source files other than witnesses (YAML, Markdown) are small; this bounds what a hostile one can make Folio read. */
export const maxSourceBytes = 4 * 1024 * 1024

/** Whether anything is at `path` (a dangling or outside symlink counts: reading it is refused with a reason). */
export function sourceExists(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false }) !== undefined
}

/** The real path of `path`, refused unless it is inside `root` (both resolved). */
export function confined(path: string, file: SourceFile): string {
  function refuse(message: string, code: string, hint: string): never {
    const at = file.from ? { file: file.from.file, place: file.from.place() } : { file: file.shown, place: { line: 1, column: 1 } }
    return fail(at.file, at.place, message, code, hint)
  }
  let real: string
  let inside: string
  try {
    real = realpathSync(path)
    inside = realpathSync(file.root)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') refuse(`${file.shown} does not exist (or is a link to nothing)`, 'F-SOURCE-001', 'create it, or correct the path')
    refuse(`${file.shown} cannot be read (${code})`, 'F-SOURCE-007', 'make it readable by the user who runs the build')
  }
  const within = relative(inside, real)
  if (within === '' || within === '..' || within.startsWith(`..${sep}`) || within.startsWith(sep))
    refuse(`${file.shown} leads outside the sources folder`, 'F-SOURCE-005', 'keep every source file inside sources/ (no `..`, no links that leave it)')
  return real
}

/** The bytes of a source file, after the checks above. */
export function readSourceBytes(path: string, file: SourceFile): Buffer {
  const real = confined(path, file)
  const max = file.maxBytes ?? maxSourceBytes
  let fd: number
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    fail(file.shown, { line: 1, column: 1 }, `${file.shown} cannot be read (${(error as NodeJS.ErrnoException).code})`, 'F-SOURCE-007', 'make it readable by the user who runs the build')
  }
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) fail(file.shown, { line: 1, column: 1 }, `${file.shown} is ${kindOf(stat)}, not a regular file`, 'F-SOURCE-006', 'a source must be a plain text file')
    if (stat.size > max) {
      if (file.tooLarge) file.tooLarge(stat.size)
      fail(file.shown, { line: 1, column: 1 }, `${file.shown} is ${(stat.size / 1024 / 1024).toFixed(1)} MB; source files are read up to ${max / 1024 / 1024} MB`, 'F-SOURCE-009', 'split it, or move long text into witnesses')
    }
    const bytes = Buffer.alloc(stat.size)
    let read = 0
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read)
      if (n === 0) break
      read += n
    }
    return bytes.subarray(0, read)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (typeof code === 'string') fail(file.shown, { line: 1, column: 1 }, `${file.shown} cannot be read (${code})`, 'F-SOURCE-007', 'make it readable by the user who runs the build')
    throw error
  } finally {
    closeSync(fd)
  }
}

function kindOf(stat: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (stat.isDirectory()) return 'a directory'
  if (stat.isFIFO()) return 'a named pipe (FIFO)'
  if (stat.isSocket()) return 'a socket'
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device'
  return 'not a file'
}

/** A source file as text: refused where its UTF-8 is invalid, with the line and column of the first bad sequence. */
/**
 * An editorial source (YAML, Markdown) as text: the editors' own writing, composed to NFC as the edition claims
 * (unrecorded: only changes to a witness are). A character XML 1.0 forbids could reach no output: refused.
 */
export function readSourceText(path: string, file: SourceFile, invalid = { message: 'the file is not valid UTF-8', code: 'F-SOURCE-008' }): string {
  const text = decodeUtf8(readSourceBytes(path, file), file.shown, invalid).normalize('NFC')
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.exec(text)
  if (control) {
    const code = `U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
    fail(file.shown, pointOf(text, control.index), `the file contains the control character ${code}, which no output (XML, HTML, PDF) can hold`, 'F-SOURCE-010', 'remove it, or write what it stands for in words')
  }
  return text
}

export function decodeUtf8(bytes: Buffer, shown: string, invalid: { message: string; code: string }): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    fail(shown, firstInvalidUtf8(bytes), invalid.message, invalid.code, 'convert it to UTF-8 (e.g. `iconv -f windows-1252 -t utf-8`)')
  }
}

/**
 * Where the first invalid sequence starts, in characters. Everything before it decodes as it stands, so walking the
 * leniently decoded text and its bytes side by side, the first U+FFFD that is not the bytes EF BF BD is the place.
 */
function firstInvalidUtf8(bytes: Buffer): Place {
  // The decoder drops a byte order mark, as the build's own decoding does.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  let offset = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  let index = 0
  for (const char of text) {
    if (char === '\uFFFD' && !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) break
    offset += Buffer.byteLength(char)
    index += char.length
  }
  return pointOf(text, index)
}

/** Line and column (from 1, in UTF-16 units as vfile counts them) of `index` in `text`. */
export function pointOf(text: string, index: number): Place {
  return pointAt(lineStartsOf(text), index)
}
