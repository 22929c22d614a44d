/**
 * The model's content (src/render/content-model.ts) as markup: made from the edition's mdast once
 * (src/render/from-mdast.ts), set as hast through remark-rehype with Folio's handlers and each writer's options
 * (src/render/content.ts), as HTML text by the one processor (src/render/markup.ts), and the colophon naming them.
 * Markdown in, HTML out: tests/fixtures/content/<shape>/<case>/{input.md, expected.html}, which must also be what
 * remark-rehype (mdast-util-to-hast) makes of the Markdown as parsed, for the cases without notes: the model keeps
 * all that Markdown's HTML has.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { h } from 'hastscript'
import type { Root } from 'mdast'
import { toHast } from 'mdast-util-to-hast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { describe, expect, it } from 'vitest'
import type { Block, Inline } from '../src/render/content-model.ts'
import { buildEdition } from '../src/edition/edition.ts'
import { contentTools, headnoteContent, noteRefsIn, numberedBlocks, partContent, plainText, writerContent } from '../src/render/content.ts'
import { toBlocks } from '../src/render/from-mdast.ts'
import { markupTools, toHtml } from '../src/render/markup.ts'
import { renderModel } from '../src/render/model.ts'
import { footnotes } from '../src/render/pdf/footnotes.ts'
import { fixtures, project } from './helpers.ts'
import { dist } from './setup/dist.ts'

const parse = (markdown: string) => unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root

/** A fixture's Markdown as the model sets it: its blocks, then each note's, as the site lists them. */
function rendered(markdown: string): string {
  const { blocks, notes } = toBlocks(parse(markdown), 1)
  return toHtml(writerContent(blocks)) + notes.map((n) => `\n<!-- ${n.id} (${n.refId}) -->\n${toHtml(writerContent(n.content))}`).join('') + '\n'
}

describe('the model’s content from Markdown (tests/fixtures/content)', () => {
  const root = join(fixtures, 'content')
  const cases = readdirSync(root).flatMap((shape) => readdirSync(join(root, shape)).map((name) => ({ shape, name, dir: join(root, shape, name) })))
  it('has at least three cases of each shape of content', () => {
    const shapes = new Map<string, number>()
    for (const c of cases) shapes.set(c.shape, (shapes.get(c.shape) ?? 0) + 1)
    expect([...shapes].filter(([, n]) => n < 3)).toEqual([])
    expect(shapes.size).toBeGreaterThanOrEqual(6)
  })
  for (const { shape, name, dir } of cases)
    it(`${shape}/${name}`, () => {
      const markdown = readFileSync(join(dir, 'input.md'), 'utf8')
      const expectedPath = join(dir, 'expected.html')
      if (!existsSync(expectedPath) && process.env.UPDATE_FIXTURES) writeFileSync(expectedPath, rendered(markdown))
      expect(rendered(markdown)).toBe(readFileSync(expectedPath, 'utf8'))
      // Without notes, exactly what remark-rehype makes of the Markdown as parsed.
      if (!/\[\^/.test(markdown)) expect(toHtml(writerContent(toBlocks(parse(markdown), 1).blocks))).toBe(toHtml(toHast(parse(markdown)) as never))
    })
})

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

describe('the conversion from mdast (src/render/from-mdast.ts)', () => {
  it('makes the note references, the note with its content, and numbered paragraphs', () => {
    const { blocks, notes } = toBlocks(tree, 3)
    expect(blocks).toEqual([
      {
        type: 'paragraph',
        data: { number: '1.2' },
        children: [
          { type: 'text', value: 'Text' },
          { type: 'noteRef', ref: { series: 'author', note: 'n3-1', ref: 'rn3-1', mark: '1' } },
          { type: 'text', value: ' again' },
          { type: 'noteRef', ref: { series: 'author', note: 'n3-1', mark: '1' } },
        ],
      },
    ])
    expect(toHtml(writerContent(blocks))).toBe(
      '<p data-number="1.2">Text<a href="#n3-1" id="rn3-1" class="noteref noteref-author" role="doc-noteref">1</a> again<a href="#n3-1" class="noteref noteref-author" role="doc-noteref">1</a></p>'
    )
    expect(notes.map((n) => [n.id, n.refId, toHtml(writerContent(n.content))])).toEqual([['n3-1', 'rn3-1', '<p>The note.</p>']])
  })
  it('keeps no state between conversions', () => {
    expect(toBlocks(tree, 4).notes.map((n) => n.id)).toEqual(['n4-1'])
    expect(toBlocks(tree, 4).notes.map((n) => n.id)).toEqual(['n4-1'])
  })
  it('makes index marks, the changes marked in the text and the readers’ attributes kinds and attributes of the model', () => {
    const text = { type: 'text' as const, value: 'a teh word' }
    const marked: Root = {
      type: 'root',
      children: [
        {
          type: 'paragraph',
          data: { id: 'p1', hProperties: { lang: 'ru', className: ['byline'], id: 'p1' } } as never,
          children: [{ type: 'indexMark', id: 'ix1', entry: 'Word' }, text],
        },
      ],
    }
    const { blocks } = toBlocks(marked, 2, new Map([[text, [{ start: 2, end: 5, id: 'c2-0', kind: 'emendation', change: { id: 'c2-0' } }]]]))
    expect(blocks).toEqual([
      {
        type: 'paragraph',
        data: { id: 'p1', attributes: { lang: 'ru', class: ['byline'] } },
        children: [{ type: 'indexMark', id: 'ix1', entry: 'Word' }, { type: 'text', value: 'a ' }, { type: 'change', mark: { change: 'c2-0', kind: 'emendation', first: true }, children: [{ type: 'text', value: 'teh' }] }, { type: 'text', value: ' word' }],
      },
    ])
    expect(toHtml(writerContent(blocks))).toBe('<p lang="ru" class="byline" id="p1"><span id="ix1" class="ix"></span>a <span id="c2-0" class="change change-emendation" data-change="c2-0">teh</span> word</p>')
  })
  it('refuses what the model has no kind for, rather than dropping it', () => {
    expect(() => toBlocks({ type: 'root', children: [{ type: 'paragraph', data: { hProperties: { onclick: 'x' } } as never, children: [] }] }, 1)).toThrow(/attribute “onclick”/)
  })
  it('leaves definitions, raw HTML and link references behind: the model has none of them, and its renderer refuses them', () => {
    const { blocks } = toBlocks(parse('A [link][d] <b>raw</b>\n\n<script>x</script>\n\n[d]: https://example.org "T"'), 1)
    expect(blocks).toEqual([{ type: 'paragraph', children: [{ type: 'text', value: 'A ' }, { type: 'link', url: 'https://example.org', title: 'T', children: [{ type: 'text', value: 'link' }] }, { type: 'text', value: ' ' }, { type: 'text', value: 'raw' }] }])
    expect(() => writerContent([{ type: 'html', value: '<script>x</script>' } as never])).toThrow(/has no “html”/)
    expect(() => writerContent([{ type: 'paragraph', children: [{ type: 'footnoteReference', identifier: 'x' }] }])).toThrow(/has no “footnoteReference”/)
    expect(() => writerContent([{ type: 'paragraph', children: [{ type: 'unheard' } as never] }])).toThrow(/has no “unheard”/)
  })
})

describe('the writers’ forms of the model’s content (src/render/content.ts)', () => {
  const body: Block[] = [
    { ...(toBlocks(tree, 3).blocks[0] as Block & { type: 'paragraph' }), data: { id: 'p1', number: '1.2' } },
    { type: 'heading', depth: 2, data: { id: 'h1' }, children: [{ type: 'text', value: 'Head' }] },
  ]
  const ref = 'href="#n3-1" class="noteref noteref-author" role="doc-noteref"'

  it('finds note references and citable blocks by the model’s kinds', () => {
    expect(noteRefsIn(body)).toEqual([
      { series: 'author', note: 'n3-1', ref: 'rn3-1', mark: '1' },
      { series: 'author', note: 'n3-1', mark: '1' },
    ])
    expect(numberedBlocks(body).map((b) => [b.id, b.number])).toEqual([['p1', '1.2']])
    expect(plainText(body.slice(0, 1))).toBe('Text again')
    expect(plainText((body[0] as Block & { type: 'paragraph' }).children)).toBe('Text again')
    // Inline code is not a code block: no line of its own.
    expect(plainText([{ type: 'inlineCode', value: 'x' }, { type: 'text', value: ' y' }])).toBe('x y')
    expect(plainText([{ type: 'code', value: 'x' }])).toBe('x\n')
  })

  it('numbers a tight list’s items by their paragraphs, which run into them', () => {
    const list: Block = { type: 'list', ordered: false, spread: false, children: [{ type: 'listItem', spread: false, children: [{ type: 'paragraph', data: { id: 'p2', number: '1.3' }, children: [{ type: 'text', value: 'One' }] }] }] }
    expect(numberedBlocks([list]).map((b) => [b.id, b.number])).toEqual([['p2', '1.3']])
    expect(toHtml(writerContent([list], { numbers: 'text' }))).toBe('<ul>\n<li id="p2" data-number="1.3"><span class="pnum">1.3</span> One</li>\n</ul>')
  })

  it('gives each writer its form of the content, and leaves the model’s as it was', () => {
    const before = JSON.stringify(body)
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
    expect(JSON.stringify(body)).toBe(before)
  })

  it('links a marked change to its apparatus row where a writer asks, and sets the kinds only the model makes', () => {
    const blocks: Block[] = [
      {
        type: 'paragraph',
        children: [
          { type: 'change', mark: { change: 'c1-2', kind: 'sic', first: true }, children: [{ type: 'text', value: 'teh' }] },
          { type: 'text', value: ' ' },
          { type: 'language', lang: 'ru', children: [{ type: 'text', value: 'Хаз' }] },
          { type: 'title', children: [{ type: 'text', value: 'A Work' }] },
          { type: 'link', url: '#doc-2', data: { part: true }, children: [{ type: 'text', value: 'there' }] },
          { type: 'isolate', children: [{ type: 'text', value: '\u202e' }] },
          { type: 'notInPacket', document: 2 },
        ] satisfies Inline[],
      },
      { type: 'notesPlaced', id: 'h9', where: '‹The notes are at the foot of the page.›', children: [{ type: 'text', value: 'Notes' }] },
    ]
    expect(toHtml(writerContent(blocks, { changeLinks: (id) => ({ href: `#ap-${id}`, title: 'Reading retained' }) }))).toBe(
      '<p><a id="c1-2" class="change change-sic" href="#ap-c1-2" title="Reading retained">teh</a> <span lang="ru">Хаз</span><i>A Work</i><a href="#doc-2" class="xref">there</a><bdi>\u202e</bdi><span class="absent-document"> (not in this packet; see document 2 of the full edition)</span></p>\n' +
        '<p id="h9" class="notes-placed"><span class="notes-placed-heading">Notes</span> <span class="supplied">‹The notes are at the foot of the page.›</span></p>'
    )
    expect(toHtml(writerContent(blocks.slice(0, 1)))).toContain('<span id="c1-2" class="change change-sic" data-change="c1-2">teh</span>')
  })

  it('sets a headnote: the provenance, the editor’s words, the changes summed up', () => {
    const html = toHtml(headnoteContent({ provenance: [{ label: 'Author', value: [{ type: 'text', value: 'A.' }] }], text: body.slice(1), changes: { kinds: [{ label: 'typography', count: 2 }], apparatus: 'apparatus-3' } }))
    expect(html).toBe('<dl class="provenance"><dt>Author</dt><dd>A.</dd></dl><h2 id="h1">Head</h2><p class="changes-summary">Changes from the witness (listed in the <a href="#apparatus-3">apparatus</a>): typography: 2.</p>')
  })

  it('the colophon names each package of the processors with its installed version', () => {
    const colophon = readFileSync(join(dist, 'html/colophon.html'), 'utf8')
    for (const name of [...contentTools, ...markupTools]) {
      const { version } = JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
      expect(colophon).toContain(`${name} ${version}`)
    }
    expect(contentTools).toEqual(['unified', 'remark-rehype'])
    expect(markupTools).toEqual(['unified', 'rehype-stringify'])
  })
})

describe('a part set with what the model holds as data (partContent): the apparatus and the index', () => {
  const model = renderModel(buildEdition(join(project, 'sources')))
  const apparatus = model.parts.find((p) => p.role === 'apparatus')!
  const index = model.parts.find((p) => p.role === 'index')!
  it('sets the part’s title block, then the data, with each writer’s options', () => {
    const places = apparatus.apparatus!.documents.flatMap((d) => [...d.listed.flatMap((l) => l.changes), ...d.rules.flatMap((r) => r.rules.map((x) => x.first))]).filter((c) => c.place).length
    const html = toHtml(partContent(apparatus, { afterPlace: (target) => [h('span', { className: ['page'] }, target)] }))
    expect(html.startsWith('<h1 id="apparatus-title">Apparatus</h1><p>Every difference')).toBe(true)
    expect(html.match(/<span class="page">[^<]*<\/span><\/a>/g)?.length).toBe(places)
    expect(toHtml(partContent(index, { index: 'epub-indexes' }))).toContain('epub:type="index-entry-list"')
    expect(toHtml(partContent(index))).toContain('class="index-group"')
  })
  it('hands each writer a copy of its own: what one changes, the next does not get', () => {
    const first = partContent(apparatus)
    const before = toHtml(first)
    ;(first[1] as { children: unknown[] }).children.length = 0
    expect(toHtml(partContent(apparatus))).toBe(before)
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
    const { blocks, notes } = toBlocks(nested, 2)
    expect(notes.map((n) => n.id).sort()).toEqual(['e2-a', 'n2-1'])
    const html = toHtml(writerContent(blocks, footnotes(notes)))
    expect(html).toBe(
      '<p>Text' +
        '<span class="footnote footnote-author"><a class="note-mark" id="n2-1" href="#rn2-1">1</a> <span class="note-block note-p">Author<a href="#e2-a" id="re2-a" class="noteref noteref-editor" role="doc-noteref">a</a></span></span>' +
        '<span class="footnote footnote-editor"><a class="note-mark" id="e2-a" href="#re2-a">a</a> <span class="note-block note-p">Editor</span></span>' +
        '<a href="#n2-1" id="rn2-1" class="noteref noteref-author" role="doc-noteref">1</a></p>'
    )
    // A note the model does not put at the page foot stays where it is listed.
    expect(toHtml(writerContent(blocks, footnotes([])))).toBe(toHtml(writerContent(blocks)))
  })
})
