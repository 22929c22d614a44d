/** Each reader against its fixtures: tests/fixtures/<shape>/<case>/{witness.txt, document.yaml} → expected.md. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildDocument } from '../src/edition/document.ts'
import { rebuildWitness } from '../src/edition/fidelity.ts'
import { toMarkdown } from '../src/edition/markdown.ts'
import { loadDocument } from '../src/edition/sources.ts'
import { fixtures } from './helpers.ts'

const shapes = ['wiki', 'interview', 'essay', 'forum']

for (const shape of shapes) {
  describe(`${shape} reader`, () => {
    for (const name of readdirSync(join(fixtures, shape))) {
      const dir = join(fixtures, shape, name)
      it(`${name}: gives the expected Markdown and accounts for every witness character`, () => {
        const doc = buildDocument(loadDocument(dir, 1))
        const markdown = toMarkdown(doc)
        const expected = join(dir, 'expected.md')
        if (!existsSync(expected) && process.env.UPDATE_FIXTURES) writeFileSync(expected, markdown)
        expect(markdown).toBe(readFileSync(expected, 'utf8'))
        expect(rebuildWitness(doc.tree, doc.changes, doc.source.witness.length).join('')).toBe(doc.source.witness)
      })
    }
  })
}
