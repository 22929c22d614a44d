/** The EPUB's accessibility metadata claims what the book holds and nothing more (in-process, no build). */
import { h } from 'hastscript'
import { describe, expect, it } from 'vitest'
import { accessibility, contentsOf } from '../src/render/epub/accessibility.ts'

const chapter = (...content: ReturnType<typeof h>[]) => ({ content })
const publisher = 'Folio'

describe('EPUB accessibility metadata', () => {
  it('claims no index, image descriptions or print pages for a book that has none', () => {
    const book = [chapter(h('section', [h('h1', 'A document'), h('p', 'Text.')]))]
    const a11y = accessibility({ contents: contentsOf(book), tableOfContents: true, pageList: false, publisher })
    expect(a11y.features).toEqual(['tableOfContents', 'readingOrder', 'structuralNavigation'])
    expect(a11y.accessModes).toEqual(['textual'])
    expect(a11y.summary).not.toMatch(/index|image|endnote/i)
    expect(a11y.summary).toContain('no print page equivalents')
  })

  it('claims each feature the book holds: index, described images, notes, print pages', () => {
    const book = [
      chapter(h('img', { src: 'cover.jpg', role: 'doc-cover', alt: 'Cover: A title' })),
      chapter(h('section', [h('h1', 'Text'), h('p', ['Words', h('a', { role: 'doc-noteref', href: '#n1' }, '1')]), h('section', { role: 'doc-endnotes' }, [h('ol', [h('li', { id: 'n1' }, [h('a', { role: 'doc-backlink', href: '#r1' }, '1'), 'A note.'])])])])),
      chapter(h('section', { role: 'doc-index' }, [h('h1', 'Index')])),
    ]
    const a11y = accessibility({ contents: contentsOf(book), tableOfContents: true, pageList: true, publisher })
    expect(a11y.features).toEqual(['tableOfContents', 'index', 'readingOrder', 'structuralNavigation', 'alternativeText', 'printPageNumbers', 'pageBreakMarkers', 'pageNavigation'])
    expect(a11y.accessModes).toEqual(['textual', 'visual'])
    expect(a11y.accessModesSufficient).toEqual(['textual'])
    expect(a11y.summary).toContain('a linked index')
    expect(a11y.summary).toContain('one image (the cover), which has a text alternative')
    expect(a11y.summary).toContain('endnotes')
  })

  it('does not claim text alternatives when an image lacks one', () => {
    const book = [chapter(h('img', { src: 'a.png', alt: 'A map' }), h('img', { src: 'b.png', alt: '' }))]
    const a11y = accessibility({ contents: contentsOf(book), tableOfContents: true, pageList: false, publisher })
    expect(a11y.features).not.toContain('alternativeText')
    expect(a11y.accessModesSufficient).toEqual(['textual,visual'])
    expect(a11y.summary).toContain('2 images, 1 of them with a text alternative')
  })
})
