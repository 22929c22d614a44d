/** The one unified processor (src/render/markup.ts) from mdast to hast to HTML, and the colophon naming it. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ElementContent } from 'hast'
import { h } from 'hastscript'
import type { Root } from 'mdast'
import { describe, expect, it } from 'vitest'
import { noteRefsIn, numberedBlocks, plainText, writerContent } from '../src/render/content.ts'
import { markupTools, toHast, toHtml } from '../src/render/markup.ts'
import { footnotes } from '../src/render/pdf/footnotes.ts'
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

/** A paragraph with an id, numbered 1.2, that refers twice to one note; a heading with an id; the note. */
const numbered: Root = {
  type: 'root',
  children: [
    { ...(tree.children[0] as Root['children'][number]), data: { id: 'p1', number: '1.2', hProperties: { id: 'p1' } } as never },
    { type: 'heading', depth: 2, data: { hProperties: { id: 'h1' } } as never, children: [{ type: 'text', value: 'Head' }] },
    tree.children[1]!,
  ],
}

describe('the writers’ forms of the model’s content (src/render/content.ts)', () => {
  const body = toHast(numbered, 3).children as ElementContent[]
  const ref = 'href="#n3-1" class="noteref noteref-author" role="doc-noteref"'

  it('finds note references and citable blocks by the model’s data, not by class', () => {
    expect(noteRefsIn(body)).toEqual([
      { series: 'author', note: 'n3-1', ref: 'rn3-1', mark: '1' },
      { series: 'author', note: 'n3-1', mark: '1' },
    ])
    expect(numberedBlocks(body).map((b) => [b.id, b.number])).toEqual([['p1', '1.2']])
    expect(plainText(body.slice(0, 1))).toBe('Text again')
    // Markup that merely looks like the model's is not taken for it.
    const lookalike = [h('p', { id: 'p9', dataNumber: '9.9' }, [h('a', { className: ['noteref'], id: 'r9' }, '9')])]
    expect([noteRefsIn(lookalike), numberedBlocks(lookalike), plainText(lookalike)]).toEqual([[], [], '9'])
  })

  it('gives each writer its form of the content, and leaves the model’s as it was', () => {
    const before = toHtml(body)
    // EPUB: numbers as text, note references typed for reading systems.
    expect(toHtml(writerContent(body, { numbers: 'text', epubNoteRefs: true }))).toBe(
      `<p id="p1" data-number="1.2"><span class="pnum">1.2</span> Text<a href="#n3-1" id="rn3-1" class="noteref noteref-author" role="doc-noteref" epub:type="noteref">1</a> again<a ${ref} epub:type="noteref">1</a></p>\n<h2 id="h1">Head</h2>`
    )
    // The site: numbers as links by the number, headings linked to themselves.
    expect(toHtml(writerContent(body, { numbers: 'anchor' }))).toBe(
      `<p id="p1" data-number="1.2"><a class="pnum" id="1.2" href="#1.2" tabindex="-1" title="Paragraph 1.2: link and citation">1.2</a>Text<a href="#n3-1" id="rn3-1" class="noteref noteref-author" role="doc-noteref">1</a> again<a ${ref}>1</a></p>\n<h2 id="h1">Head<a class="hanchor" href="#h1" tabindex="-1" aria-hidden="true">#</a></h2>`
    )
    // Print: the note set before its first reference; a copy without ids.
    expect(toHtml(writerContent(body.slice(0, 1), { withoutIds: true, beforeNoteRef: (r) => (r.ref ? [h('span', `[${r.note}]`)] : []) }))).toBe(
      `<p data-number="1.2">Text<span>[n3-1]</span><a ${ref}>1</a> again<a ${ref}>1</a></p>`
    )
    expect(toHtml(body)).toBe(before)
  })
})

describe('print footnotes (src/render/pdf/footnotes.ts)', () => {
  /** A paragraph calling author note 1, whose text calls editor's note a. */
  const nested: Root = {
    type: 'root',
    children: [
      { type: 'paragraph', children: [{ type: 'text', value: 'Text' }, { type: 'footnoteReference', identifier: '1', data: { mark: '1' } as never }] },
      { type: 'footnoteDefinition', identifier: '1', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Author' }, { type: 'footnoteReference', identifier: 'a', data: { mark: 'a', series: 'editor' } as never }] }] },
      { type: 'footnoteDefinition', identifier: 'a', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Editor' }] }] },
    ],
  }
  it('sets each note before its first call, and a note called from a note after the note that calls it', () => {
    const { children, notes } = toHast(nested, 2)
    expect(notes.map((n) => n.id).sort()).toEqual(['e2-a', 'n2-1'])
    const html = toHtml(writerContent(children as ElementContent[], footnotes(notes)))
    expect(html).toBe(
      '<p>Text' +
        '<span class="footnote footnote-author"><a class="note-mark" id="n2-1" href="#rn2-1">1</a> <span class="note-block note-p">Author<a href="#e2-a" id="re2-a" class="noteref noteref-editor" role="doc-noteref">a</a></span></span>' +
        '<span class="footnote footnote-editor"><a class="note-mark" id="e2-a" href="#re2-a">a</a> <span class="note-block note-p">Editor</span></span>' +
        '<a href="#n2-1" id="rn2-1" class="noteref noteref-author" role="doc-noteref">1</a></p>'
    )
    // A note the model does not put at the page foot stays where it is listed.
    expect(toHtml(writerContent(children as ElementContent[], footnotes([])))).toBe(toHtml(children as ElementContent[]))
  })
})
