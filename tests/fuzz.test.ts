/**
 * Property-based (fast-check, seeded): a witness of random text with hostile characters — controls, bidi controls,
 * lone CRs, markup characters, `]]>`, note markers, the edition's own sign — is either imported, its text kept whole
 * (the fidelity check inside the import), its Markdown written and its XHTML well-formed, or refused with a
 * positioned error; never any other exception.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import type { ElementContent } from 'hast'
import { XmlDocument } from 'libxml2-wasm'
import { describe, expect, it } from 'vitest'
import { BuildError } from '../src/edition/diagnostics.ts'
import { buildDocument } from '../src/edition/document.ts'
import { toMarkdown } from '../src/edition/markdown.ts'
import { loadDocument } from '../src/edition/sources.ts'
import { xhtmlDocument } from '../src/render/epub/xhtml.ts'
import { toHast } from '../src/render/markup.ts'

const hostile = ['\u0007', '\u001b', '\u000c', '\u202e', '\u2066', '\r', '\r\n', '\n', '\t', '\u00a0', ']]>', '<', '&', '&amp;', '"', "'", '[1]', '[2]', '‹', 'e\u0301', '\u1100\u1161', '\u212b', '\ud83d\ude00', '—', '“', '...']
const piece = fc.oneof(fc.constantFrom(...hostile), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('word', 'Word', 'the', ' ', '  ', '.'))
const line = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''))
const witness = fc.tuple(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }), fc.array(line, { minLength: 1, maxLength: 12 })).map(([title, lines]) => `${title}\n\n${lines.join('\n')}\n`)

const root = mkdtempSync(join(tmpdir(), 'folio-fuzz-'))
let run = 0

/** A wiki-shaped document of `text`, imported; the error if it was refused. */
function imported(text: string) {
  const dir = join(root, `${++run}`, '01-fuzz')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'witness.txt'), text)
  const sha256 = createHash('sha256').update(text).digest('hex')
  writeFileSync(join(dir, 'document.yaml'), `title: Fuzz\nauthor: not stated in the source\nsite: not stated in the source\ngenre: wiki article\ndate: not stated in the source\nwitness: { file: witness.txt, sha256: ${sha256} }\nshape: wiki\n`)
  try {
    return { doc: buildDocument(loadDocument(dir, 1)) }
  } catch (error) {
    return { error }
  }
}

function wellFormed(xml: string): boolean {
  try {
    XmlDocument.fromString(xml).dispose()
    return true
  } catch {
    return false
  }
}

describe('fuzzed witnesses', () => {
  it('import with their text kept and well-formed outputs, or stop with a positioned error (200 seeded cases)', () => {
    fc.assert(
      fc.property(witness, (text) => {
        const { doc, error } = imported(text)
        if (error !== undefined) {
          // Only a positioned, coded diagnostic, as the CLI prints it: file:line:col  message.
          expect(error, String((error as Error).stack)).toBeInstanceOf(BuildError)
          expect((error as BuildError).message).toMatch(/^\S+:\d+:\d+ {2}\S/)
          const codes = (error as BuildError).files.flatMap((f) => f.messages.map((m) => m.ruleId))
          expect(codes).toEqual(expect.arrayContaining([expect.stringMatching(/^F-[A-Z]+-\d{3}$/)]))
          // A witness the import cannot account for is Folio's fault, never the source's.
          expect(codes).not.toContain('F-FIDELITY-001')
          return
        }
        expect(toMarkdown(doc!).length).toBeGreaterThan(0)
        const { children, notes } = toHast(doc!.tree, 1)
        const content = [...children, ...notes.flatMap((n) => n.content)] as ElementContent[]
        expect(wellFormed(xhtmlDocument({ lang: 'en', title: 'Fuzz', matter: 'bodymatter', content }))).toBe(true)
      }),
      { seed: 17, numRuns: 200 }
    )
  }, 120_000)
})
