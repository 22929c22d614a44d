/** The one unified processor (src/render/markup.ts) from mdast to hast to HTML, and the colophon naming it. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Root } from 'mdast'
import { describe, expect, it } from 'vitest'
import { markupTools, toHast, toHtml } from '../src/render/markup.ts'
import { project } from './helpers.ts'
import { dist } from './setup/dist.ts'

/** A paragraph numbered 1.2 that refers twice to one note, and the note's definition. */
const tree: Root = {
  type: 'root',
  children: [
    {
      type: 'paragraph',
      data: { number: '1.2' } as never,
      children: [{ type: 'text', value: 'Text' }, { type: 'footnoteReference', identifier: 'x', data: { mark: '1' } as never }, { type: 'text', value: ' again' }, { type: 'footnoteReference', identifier: 'x', data: { mark: '1' } as never }],
    },
    { type: 'footnoteDefinition', identifier: 'x', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'The note.' }] }] },
  ],
}

describe('the markup processor', () => {
  it('makes the note references, the note with its content, and numbered paragraphs', () => {
    const { children, notes } = toHast(tree, 3)
    expect(toHtml({ type: 'root', children })).toBe(
      '<p data-number="1.2">Text<a href="#n3-1" id="rn3-1" class="noteref noteref-author" role="doc-noteref">1</a> again<a href="#n3-1" class="noteref noteref-author" role="doc-noteref">1</a></p>'
    )
    expect(notes.map((n) => [n.id, n.refId, toHtml(n.content)])).toEqual([['n3-1', 'rn3-1', '<p>The note.</p>']])
  })
  it('keeps no state between conversions', () => {
    expect(toHast(tree, 4).notes.map((n) => n.id)).toEqual(['n4-1'])
    expect(toHast(tree, 4).notes.map((n) => n.id)).toEqual(['n4-1'])
  })
  it('the colophon names each package of the processor with its installed version', () => {
    const colophon = readFileSync(join(dist, 'html/colophon.html'), 'utf8')
    for (const name of markupTools) {
      const { version } = JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
      expect(colophon).toContain(`${name} ${version}`)
    }
    expect(markupTools).toEqual(expect.arrayContaining(['unified', 'remark-rehype', 'rehype-stringify']))
  })
})
