/**
 * Each reader and each editorial plugin against its fixtures, in remark's style: tests/fixtures/<reader or
 * plugin>/<case>/{witness.txt, document.yaml} → expected.md (the normalised Markdown) and changes.txt (the change
 * record, one change a line). A plugin's case shows a change of the plugin's own kind, but for a case named …-kept,
 * text the plugin must leave as it is. A missing expected file is written with UPDATE_FIXTURES=1, to be reviewed
 * like code.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildDocument } from '../src/edition/document.ts'
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
const groups = [...Object.keys(readers), ...Object.keys(plugins)]

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
  describe(readers[group] ? `${group} reader` : `${group} plugin`, () => {
    for (const name of readdirSync(join(fixtures, group))) {
      const dir = join(fixtures, group, name)
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
