/**
 * Property-based (fast-check, seeded): a witness of random text with hostile characters — controls, bidi controls,
 * lone CRs, markup characters, `]]>`, note markers, the edition's own sign — is either imported, its text kept whole
 * (the fidelity check inside the import), its Markdown written and its XHTML well-formed, or refused with a
 * positioned error; never any other exception. The same for editorial Markdown — a headnote, an editor's note's
 * body, the front matter — of that alphabet and Markdown's own (links of every scheme and style, images, raw HTML,
 * emphasis, footnotes): built into XHTML that parses and links nowhere but the web, mail and the edition, or refused.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import type { ElementContent } from 'hast'
import { XmlDocument } from 'libxml2-wasm'
import { describe, expect, it } from 'vitest'
import { BuildError } from '../src/edition/diagnostics.ts'
import { buildDocument } from '../src/edition/document.ts'
import { buildEdition } from '../src/edition/edition.ts'
import { toMarkdown } from '../src/edition/markdown.ts'
import { loadDocument } from '../src/edition/sources.ts'
import { buildMemory } from '../src/memory.ts'
import { partChapter } from '../src/render/epub/chapters.ts'
import { xhtmlDocument } from '../src/render/epub/xhtml.ts'
import { writerContent } from '../src/render/content.ts'
import { toBlocks } from '../src/render/from-mdast.ts'
import { renderModel } from '../src/render/model.ts'
import { miniSources } from './helpers.ts'

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

/** A refusal as the CLI prints it: a BuildError, positioned, with a Folio code. */
function expectPositioned(error: unknown) {
  expect(error, String((error as Error).stack)).toBeInstanceOf(BuildError)
  expect((error as BuildError).message).toMatch(/^\S+:\d+:\d+ {2}\S/)
  const codes = (error as BuildError).files.flatMap((f) => f.messages.map((m) => m.ruleId))
  expect(codes).toEqual(expect.arrayContaining([expect.stringMatching(/^F-[A-Z]+-\d{3}$/)]))
  return codes
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
          const codes = expectPositioned(error)
          // A witness the import cannot account for is Folio's fault, never the source's.
          expect(codes).not.toContain('F-FIDELITY-001')
          return
        }
        expect(toMarkdown(doc!).length).toBeGreaterThan(0)
        const { blocks, notes } = toBlocks(doc!.tree, 1)
        const content = writerContent([...blocks, ...notes.flatMap((n) => n.content)])
        expect(wellFormed(xhtmlDocument({ lang: 'en', title: 'Fuzz', matter: 'bodymatter', content }))).toBe(true)
      }),
      { seed: 17, numRuns: 200 }
    )
  }, 120_000)
})

// Editorial Markdown: the witness alphabet and Markdown's ways to link, embed and mark up.
const refused = ['[x](javascript:alert(1))', '\n\n[h]: javascript:alert(2)\n', '[h]: data:text/html,<script>\n', '<javascript:alert(3)>', '![i](https://example.org/i.png)', '[e](doc:elsewhere)', '[j](JaVaScRiPt:x)', '[s](  javascript:x)', '[u](file:///etc/passwd)', '<b>', '<script>x</script>', '<!-- c -->', '[f](#top)', '\n\n[^1]: f\n']
const allowed = ['[x][h]', '<https://example.org/a?b=c&d>', '[d](doc:04-anti-imperialist-internationalism)', '[w](https://example.org/x "t]]>")', '[m](mailto:a@example.org)', '&#0;', '&#x1b;', '&#xD800;', '&lt;', '`code ]]>`', '*', '_', '**', '#', '\n# ', '\n> ', '\n- ', '\n1. ', '|', '\n| a | b |\n|---|---|\n| c | d |\n', '\\', '[^1]', '~~', '›', '\n\n', '    ']
// Half the cases hold only text and Markdown that may build, so that many reach the writers; the others now and
// then what must be refused.
const mdPiece = (refusing: boolean) => fc.oneof({ arbitrary: piece, weight: 6 }, { arbitrary: fc.constantFrom(...allowed), weight: 4 }, { arbitrary: fc.constantFrom(...(refusing ? refused : allowed)), weight: 1 })
const markdown = (refusing: boolean) => fc.array(mdPiece(refusing), { minLength: 1, maxLength: 10 }).map((parts) => parts.join(''))
/** A YAML string for the note's body: double-quoted (escapes turn back into the characters) or a literal block. */
const yamlString = (text: string, quoted: boolean) => (quoted ? JSON.stringify(text) : `|-\n${text.split('\n').map((l) => `      ${l}`).join('\n')}`)
const editorial = fc.boolean().chain((refusing) => fc.record({ headnote: markdown(refusing), note: markdown(refusing), introduction: markdown(refusing), quoted: fc.boolean() }))

/** Addresses a link (`<a href>`) in the built XHTML may have: the web, mail, a place in the edition (a file of the EPUB, a fragment). */
const safeHref = /^(?:https?:\/\/|mailto:|#|[\w.-]+\.xhtml(?:#|$))/i

describe('fuzzed editorial Markdown', () => {
  const sources = join(miniSources(), 'sources')
  const [folder] = readdirSync(join(sources, 'documents'))
  const docDir = join(sources, 'documents', folder!)
  const quote = readFileSync(join(docDir, 'witness.txt'), 'utf8').match(/[A-Z][a-z]+ [a-z]+ [a-z]+/)![0]
  // The one document is imported once, the parts the fuzzed text is not in are made once: between runs only the
  // editorial files change.
  const memory = buildMemory()

  it('builds into well-formed XHTML linking nowhere unsafe, or stops with a positioned error (150 seeded cases)', () => {
    fc.assert(
      fc.property(editorial, ({ headnote, note, introduction, quoted }) => {
        writeFileSync(join(docDir, 'headnote.md'), headnote)
        writeFileSync(join(sources, 'annotations.yaml'), `notes:\n  - id: fuzz\n    document: ${folder}\n    quote: ${JSON.stringify(quote)}\n    body: ${yamlString(note, quoted)}\n`)
        writeFileSync(join(sources, 'front', 'introduction.md'), `# Introduction\n\n${introduction}\n`)
        let edition, model
        try {
          // The edition checks the Markdown; the model the places `#id` links name.
          const remember = memory.next()
          edition = buildEdition(sources, undefined, remember)
          model = renderModel(edition, { remember })
        } catch (error) {
          expectPositioned(error)
          return
        }
        for (const doc of edition.documents) expect(toMarkdown(doc).length).toBeGreaterThan(0)
        // The parts that hold the fuzzed text: the introduction, and the document with its headnote and note.
        for (const part of model.parts.filter((p) => p.role === 'introduction' || p.role === 'document')) {
          const chapter = partChapter(part, (id) => model.partOf.get(id))
          const xhtml = xhtmlDocument({ lang: 'en', title: chapter.title, matter: chapter.matter, content: chapter.content })
          expect(wellFormed(xhtml), xhtml).toBe(true)
          const hrefs = [...xhtml.matchAll(/<a\s[^>]*?\bhref="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'))
          expect(hrefs.filter((href) => !safeHref.test(href))).toEqual([])
        }
      }),
      { seed: 17, numRuns: 150 }
    )
  }, 120_000)
})
