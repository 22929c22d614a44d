/** Reading one document folder: how a witness is decoded and refused, and how document.yaml values are read. */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BuildError } from '../src/edition/diagnostics.ts'
import { loadDocument } from '../src/edition/sources.ts'

const folders: string[] = []
afterEach(() => folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

/** A document folder with this witness and document.yaml's `date` line. */
function folder(witness: Buffer, date = '"not stated in the source"'): string {
  const dir = mkdtempSync(join(tmpdir(), '15-source-'))
  folders.push(dir)
  writeFileSync(join(dir, 'witness.txt'), witness)
  const sha256 = createHash('sha256').update(witness).digest('hex')
  writeFileSync(
    join(dir, 'document.yaml'),
    `title: A title\nauthor: An author\nsite: A site\ngenre: essay\ndate: ${date}\nwitness:\n  file: witness.txt\n  sha256: ${sha256}\nshape: essay\n`
  )
  return dir
}

/** The one diagnostic line loading the folder stops with. */
function refusal(dir: string): string {
  try {
    loadDocument(dir, 1, dir)
  } catch (error) {
    if (error instanceof BuildError) return error.message
    throw error
  }
  throw new Error('the document loaded')
}

describe('invalid UTF-8 is reported where it is, counted in characters', () => {
  it.each([
    ['eleven two-byte characters on the line before', Buffer.concat([Buffer.from(`${'é'.repeat(11)}\nab`), Buffer.from([0xff])]), 'witness.txt:2:3'],
    ['a two-byte character earlier on the line before', Buffer.concat([Buffer.from('aé\nxyz'), Buffer.from([0xff])]), 'witness.txt:2:4'],
    ['a four-byte character on the same line', Buffer.concat([Buffer.from('x🙂y'), Buffer.from([0xc3, 0x28])]), 'witness.txt:1:5'],
    ['a genuine U+FFFD before it', Buffer.concat([Buffer.from('\uFFFDé\n'), Buffer.from([0xe2, 0x82])]), 'witness.txt:2:1'],
    ['a byte order mark', Buffer.concat([Buffer.from('\uFEFFab'), Buffer.from([0x80])]), 'witness.txt:1:3'],
  ])('%s', (_, bytes, where) => {
    const message = refusal(folder(bytes))
    expect(message).toContain('not valid UTF-8')
    expect(message.startsWith(`${where}  `), message).toBe(true)
  })
})

describe('an empty witness is refused', () => {
  it.each([
    ['no bytes', ''],
    ['white space only', ' \n\t\r\n  \n'],
  ])('%s', (_, text) => {
    expect(refusal(folder(Buffer.from(text)))).toMatch(/witness\.txt:1:1 {2}witness (is empty|holds only white space)/)
  })
})

describe('document.yaml dates', () => {
  it('a bare year, a YAML number, is read as the year it writes', () => {
    expect(loadDocument(folder(Buffer.from('Text.\n'), '1848'), 1).meta.date).toBe('1848')
  })
  it('a quoted date stays as written', () => {
    expect(loadDocument(folder(Buffer.from('Text.\n'), '"March 1848"'), 1).meta.date).toBe('March 1848')
  })
})
