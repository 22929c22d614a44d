/**
 * Each reader and each editorial plugin against its fixtures, in remark's style: tests/fixtures/<reader or
 * plugin>/<case>/{witness.txt, document.yaml} → expected.md (the normalised Markdown) and changes.txt (the change
 * record, one change a line). A plugin's case shows a change of the plugin's own kind, but for a case named …-kept,
 * text the plugin must leave as it is. The steps that record no change have an expected file of their own: block-ids
 * → blocks.txt (each block's id and citable number); annotations, with the case's annotations.yaml → annotated.md
 * (the editor's notes in the text, and their letters); index, with the case's index.yaml → index.txt (each
 * headword's locators). A missing expected file is written with UPDATE_FIXTURES=1, to be reviewed like code.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Root } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { visit } from 'unist-util-visit'
import { annotateDocument, readAnnotations } from '../src/edition/annotations.ts'
import { buildDocument, type EditionDocument } from '../src/edition/document.ts'
import { collectIndex, indexDocument, readIndex } from '../src/edition/index-terms.ts'
import { rebuildWitness } from '../src/edition/fidelity.ts'
import { toMarkdown } from '../src/edition/markdown.ts'
import { loadDocument } from '../src/edition/sources.ts'
import { readers } from '../src/import/index.ts'
import type { Change } from '../src/witness/changes.ts'
import { fixtures } from './helpers.ts'

/** The editorial plugins a document goes through (src/edition/document.ts), with the kinds of change each records. */
const plugins: Record<string, string[]> = {
  controls: ['control'],
  unicode: ['unicode'],
  homoglyphs: ['homoglyph'],
  emendations: ['emendation', 'sic'],
  whitespace: ['whitespace'],
  typography: ['typography'],
  'lost-links': ['supplied'],
}
/** The steps that record no change, each with what it gives as text: its expected file, and the case's input file. */
const steps: Record<string, { expected: string; input?: string; give: (doc: EditionDocument, dir: string) => string }> = {
  'block-ids': {
    expected: 'blocks.txt',
    give: (doc) => {
      const lines: string[] = []
      visit(doc.tree as Root, (node) => {
        if ((node.type === 'paragraph' || node.type === 'heading') && node.data?.id) lines.push(`${node.data.id} ${node.type === 'paragraph' ? (node.data.number ?? '(no number)') : 'heading'}: ${toString(node).slice(0, 40)}`)
      })
      return lines.join('\n') + '\n'
    },
  },
  annotations: {
    expected: 'annotated.md',
    input: 'annotations.yaml',
    give: (doc, dir) => {
      annotateDocument(readAnnotations(join(dir, 'annotations.yaml')), doc, new Set([doc.source.slug]))
      // The Markdown names a note by its id; the letter it is called by follows, for each call in reading order.
      const letters: string[] = []
      visit(doc.tree as Root, 'footnoteReference', (ref) => void (ref.data?.series === 'editor' && letters.push(`[^${ref.identifier}] ${ref.data.mark}`)))
      return `${toMarkdown(doc)}\n<!-- letters: ${letters.join(', ')} -->\n`
    },
  },
  index: {
    expected: 'index.txt',
    input: 'index.yaml',
    give: (doc, dir) => {
      const terms = readIndex(join(dir, 'index.yaml'))
      const { entries } = collectIndex(terms, [indexDocument(terms, doc, 0)])
      const at = (locators: Array<{ number: string; inNote: boolean }>) => locators.map((l) => `${l.number}${l.inNote ? ' (in a note)' : ''}`).join(', ') || '(none)'
      return entries.map((e) => [`${e.headword}${e.title ? ' (a title)' : ''}: ${at(e.locators)}${e.see ? `; see ${e.see}` : ''}${e.seeAlso.length ? `; see also ${e.seeAlso.join(', ')}` : ''}`, ...e.sub.map((s) => `  ${s.headword}: ${at(s.locators)}`)].join('\n')).join('\n') + '\n'
    },
  },
}
const groups = [...Object.keys(readers), ...Object.keys(plugins), ...Object.keys(steps)]

/** A change as a line: where, what kind, before → after, why. Layout changes (line ends, blank lines) are left out. */
const line = (c: Change) => `${c.line}:${c.column} ${c.kind} ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)} (${c.reason})`

/** The expected file, or the actual text written as the expected one when asked to (UPDATE_FIXTURES=1). */
function expected(path: string, actual: string): string {
  if (!existsSync(path) && process.env.UPDATE_FIXTURES) writeFileSync(path, actual)
  return readFileSync(path, 'utf8')
}

it('has three cases or more for every reader and every plugin', () => {
  expect(readdirSync(fixtures).filter((f) => groups.includes(f)).sort()).toEqual([...groups].sort())
  for (const group of groups) expect(readdirSync(join(fixtures, group)).length, group).toBeGreaterThanOrEqual(3)
})

for (const group of groups)
  describe(readers[group] ? `${group} reader` : steps[group] ? `${group} step` : `${group} plugin`, () => {
    for (const name of readdirSync(join(fixtures, group))) {
      const dir = join(fixtures, group, name)
      const step = steps[group]
      if (step) {
        it(`${name}: gives the expected ${step.expected}${step.input ? ` from its ${step.input}` : ''}`, () => {
          const given = step.give(buildDocument(loadDocument(dir, 1)), dir)
          expect(given).toBe(expected(join(dir, step.expected), given))
        })
        continue
      }
      it(`${name}: gives the expected Markdown and change record, and accounts for every witness character`, () => {
        const doc = buildDocument(loadDocument(dir, 1))
        const markdown = toMarkdown(doc)
        expect(markdown).toBe(expected(join(dir, 'expected.md'), markdown))
        const changes = doc.changes.filter((c) => c.kind !== 'layout').map(line).join('\n') + '\n'
        expect(changes).toBe(expected(join(dir, 'changes.txt'), changes))
        // A plugin's case shows it at work, a change of its own kind; a case named …-kept, text it must leave alone.
        const kinds = plugins[group]
        if (kinds) expect(doc.changes.some((c) => kinds.includes(c.kind)), changes).toBe(!name.endsWith('-kept'))
        expect(rebuildWitness(doc.tree, doc.changes, doc.source.witness.length).join('')).toBe(doc.source.witness)
      })
    }
  })
