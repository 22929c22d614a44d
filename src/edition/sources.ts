/** Reads sources/: edition.yaml, each document's yaml and witness, with schema errors at their yaml position. */
import { createHash } from 'node:crypto'
import { readFileSync, existsSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { CORE_SCHEMA, load } from 'js-yaml'
import { valid } from 'semver'
import { LineCounter, parseDocument } from 'yaml'
import { z } from 'zod'
import { fail } from './diagnostics.ts'
import { readRecords, type ReleaseRecord } from './releases.ts'
import { smarten } from './typography.ts'

/** Editorial prose in the yaml files: given the witnesses' typography (curly quotes, dashes) as it is read. */
const prose = z.string().min(1).transform((text) => smarten(text))

const semver = z.string().refine((v) => valid(v) === v, 'a semantic version such as 1.2.0')

export const editionSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9-]+$/),
    title: prose,
    subtitle: prose.optional(),
    editor: prose,
    publisher: prose,
    language: z.string().min(2),
    /**
     * The language of text in another script (`{ Cyrillic: ru }`: a Unicode script name → a BCP 47 tag), for
     * text not marked otherwise: reading systems hyphenate and speak it by it.
     */
    scriptLanguages: z.record(z.string().regex(/^\p{Lu}\p{Ll}+(_\p{Lu}?\p{Ll}+)*$/u), z.string().min(2)).default({}),
    version: semver,
    date: z.iso.date(),
    rights: prose,
    description: prose,
    documents: z.array(z.string()).min(1),
    packets: z.record(z.string(), z.object({ title: prose, documents: z.array(z.number().int().positive()).min(1) }).strict()).default({}),
  })
  .strict()

const anchor = { quote: z.string().min(1), prefix: z.string().optional(), suffix: z.string().optional() }

export const documentSchema = z
  .object({
    title: prose,
    titleSupplied: z.boolean().default(false),
    author: prose,
    /** The people the source names as its makers, each once, for the EPUB's contributor metadata. */
    contributors: z.array(z.object({ name: z.string().min(1), role: z.enum(['author', 'interviewer', 'interviewee']) }).strict()).default([]),
    site: prose,
    genre: prose,
    // `date: 1848` is a YAML number; it means the year, written as it stands.
    date: z.union([prose, z.number().int().nonnegative().transform(String)]),
    witness: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), origin: z.string().optional() }).strict(),
    shape: z.string(),
    options: z.unknown().default({}),
    emendations: z.array(z.object({ reading: z.string().min(1), emended: z.string(), prefix: z.string().optional(), suffix: z.string().optional(), note: prose }).strict()).default([]),
    /** Source errors the edition keeps (the policy emends only slips that make non-words), each marked ‹sic›. */
    retained: z.array(z.object({ reading: z.string().min(1), prefix: z.string().optional(), suffix: z.string().optional(), note: prose }).strict()).default([]),
    lostLinks: z
      .array(z.union([z.object({ ...anchor, note: prose }).strict(), z.object({ footnote: z.string(), note: prose }).strict()]))
      .default([]),
  })
  .strict()

export type EditionMeta = z.infer<typeof editionSchema>
export type DocumentMeta = z.infer<typeof documentSchema>

export interface SourceDocument {
  /** Position in the edition, from 1. */
  number: number
  /** The folder name, e.g. `01-infrared`. */
  slug: string
  dir: string
  meta: DocumentMeta
  /** Path of document.yaml relative to the project, for diagnostics. */
  metaPath: string
  witnessPath: string
  witness: string
  bytes: number
  sha256: string
  headnote?: string
}

export interface Sources {
  root: string
  edition: EditionMeta
  documents: SourceDocument[]
  /** sha256 over every file the build reads from sources/. */
  hash: string
  /** The versions released so far (sources/releases/), oldest first. */
  releases: ReleaseRecord[]
}

/** Parse a YAML file and check it against a schema; errors point at the offending key. */
/**
 * A YAML file checked against its schema. js-yaml (YAML 1.2 core schema, as `yaml` reads it) parses about five
 * times faster; `yaml`, which keeps every node's position, is used only to point at an error.
 */
export function readYaml<T extends z.ZodType>(path: string, schema: T, cwd = process.cwd(), absent?: z.input<T>): z.infer<T> {
  const shown = relative(cwd, path) || path
  // An optional file (`absent` given) that is not there reads as `absent`.
  if (!existsSync(path) && absent !== undefined) return schema.parse(absent)
  if (!existsSync(path)) fail(shown, undefined, 'file is missing', 'F-SOURCE-001', 'create it (see README, “Sources”)')
  const text = readFileSync(path, 'utf8')
  let data: unknown
  try {
    data = load(text, { schema: CORE_SCHEMA, filename: shown })
  } catch (error) {
    const { doc, lines } = located(text)
    const first = doc.errors[0]
    // Where the two parsers disagree, js-yaml's own mark (0-based) and message.
    const mark = (error as { mark?: { line: number; column: number } }).mark
    const at = first ? lines.linePos(first.pos[0]) : { line: (mark?.line ?? 0) + 1, col: (mark?.column ?? 0) + 1 }
    const message = (first?.message ?? (error as Error).message).split('\n')[0]
    fail(shown, { line: at.line, column: at.col }, `YAML syntax error: ${message}`, 'F-YAML-001', 'fix the YAML syntax')
  }
  const result = schema.safeParse(data)
  if (!result.success) {
    const issue = result.error.issues[0]!
    const path = issue.path.map(String)
    const at = positionIn(text, issue.path as (string | number)[])
    const key = path.length > 0 ? `\`${path.join('.')}\`` : 'the document'
    fail(shown, at, `${key}: ${describe(issue)}`, 'F-YAML-002', 'see the schema in README, “Sources”')
  }
  return result.data
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')}`
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `missing required field (${issue.expected} expected)`
  return issue.message
}

/** Line and column of the value at `keys` in a YAML file (or of its closest existing parent). */
export function positionOf(path: string, keys: (string | number)[]): { line: number; column: number } {
  return positionIn(readFileSync(path, 'utf8'), keys)
}

function positionIn(text: string, keys: (string | number)[]): { line: number; column: number } {
  const { doc, lines } = located(text)
  for (let n = keys.length; n >= 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined
    if (node && typeof node === 'object' && node.range) {
      const at = lines.linePos(node.range[0])
      return { line: at.line, column: at.col }
    }
  }
  return { line: 1, column: 1 }
}

/** The YAML document with the positions of its nodes and errors. */
function located(text: string) {
  const lines = new LineCounter()
  return { doc: parseDocument(text, { lineCounter: lines, prettyErrors: false }), lines }
}

export function loadSources(root: string, cwd = process.cwd()): Sources {
  const editionPath = join(root, 'edition.yaml')
  const edition = readYaml(editionPath, editionSchema, cwd)
  const hash = createHash('sha256')
  hash.update(readFileSync(editionPath))
  const seen = new Set<string>()
  const documents = edition.documents.map((slug, i): SourceDocument => {
    if (seen.has(slug)) fail(relative(cwd, editionPath), undefined, `document \`${slug}\` is listed twice`, 'F-SOURCE-002', 'list each document folder once')
    seen.add(slug)
    const doc = loadDocument(join(root, 'documents', slug), i + 1, cwd)
    for (const part of [readFileSync(join(doc.dir, 'document.yaml')), doc.witness, doc.headnote ?? '']) hash.update(part)
    return doc
  })
  for (const [name, packet] of Object.entries(edition.packets))
    for (const [k, n] of packet.documents.entries())
      if (n > documents.length)
        fail(relative(cwd, editionPath), positionOf(editionPath, ['packets', name, 'documents', k]), `packet “${name}” names document ${n}, but the edition has ${documents.length}`, 'F-PACKET-001', 'use document numbers from the `documents` list')
  return { root, edition, documents, hash: hash.digest('hex'), releases: readRecords(root) }
}

/** One document folder: document.yaml, its witness (checked against the recorded sha256), headnote.md. */
export function loadDocument(dir: string, number: number, cwd = process.cwd()): SourceDocument {
  const slug = basename(dir)
  const metaPath = join(dir, 'document.yaml')
  const meta = readYaml(metaPath, documentSchema, cwd)
  const witnessPath = join(dir, meta.witness.file)
  const shown = relative(cwd, witnessPath)
  if (!existsSync(witnessPath)) fail(shown, undefined, 'witness file is missing', 'F-SOURCE-003', `copy the source text to ${shown}`)
  const bytes = readFileSync(witnessPath)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  if (sha256 !== meta.witness.sha256)
    fail(relative(cwd, metaPath), undefined, `witness sha256 is ${sha256}, but document.yaml records ${meta.witness.sha256}`, 'F-SOURCE-004', 'the witness changed: restore it byte for byte, or record the new hash if the change is deliberate')
  const witness = decode(bytes, shown)
  const headnotePath = join(dir, 'headnote.md')
  const headnote = existsSync(headnotePath) ? readFileSync(headnotePath, 'utf8') : undefined
  return { number, slug, dir, meta, metaPath: relative(cwd, metaPath), witnessPath: shown, witness, bytes: bytes.length, sha256, headnote }
}

/** Witnesses are UTF-8 text: refuse binary or mis-encoded files instead of guessing. */
/** Witnesses are read whole and mapped character by character; beyond this a build would need gigabytes. */
export const maxWitnessBytes = 8 * 1024 * 1024

function decode(bytes: Buffer, path: string): string {
  if (bytes.length > maxWitnessBytes)
    fail(path, { line: 1, column: 1 }, `witness is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; Folio reads witnesses of at most ${maxWitnessBytes / 1024 / 1024} MB`, 'F-WITNESS-004', 'split the source into several documents')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    const at = firstInvalidUtf8(bytes)
    fail(path, at, 'witness is not valid UTF-8', 'F-WITNESS-002', 'convert it to UTF-8 (e.g. `iconv -f windows-1252 -t utf-8`)')
  }
  if (text.trim() === '') fail(path, { line: 1, column: 1 }, bytes.length === 0 ? 'witness is empty' : 'witness holds only white space', 'F-WITNESS-001', 'copy the source text into the file')
  const nul = text.indexOf('\u0000')
  if (nul !== -1) fail(path, pointOf(text, nul), 'witness contains NUL bytes: it looks like a binary file', 'F-WITNESS-003', 'witnesses must be plain text')
  return text
}

/**
 * Where the first invalid sequence starts, in characters. Everything before it decodes as it stands, so walking the
 * leniently decoded text and its bytes side by side, the first U+FFFD that is not the bytes EF BF BD is the place.
 */
function firstInvalidUtf8(bytes: Buffer): { line: number; column: number } {
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

function pointOf(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index)
  const line = before.split('\n').length
  return { line, column: index - before.lastIndexOf('\n') }
}
