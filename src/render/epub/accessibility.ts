/**
 * The package's accessibility metadata (schema.org and EPUB Accessibility 1.1), each feature and each sentence of
 * the summary derived from what the book's files contain: a book without an index claims none.
 */
import type { ElementContent } from 'hast'

export interface Accessibility {
  accessModes: string[]
  accessModesSufficient: string[]
  features: string[]
  hazards: string[]
  summary: string
  conformsTo: string
  certifiedBy: string
}

/** What the book holds, as the accessibility metadata speaks of it. */
export interface Contents {
  images: number
  imagesWithAlt: number
  /** Images with the role `doc-cover`. */
  covers: number
  headings: number
  /** Elements with the role `doc-index`. */
  indexes: number
  /** Note references (`doc-noteref`) and the notes' backlinks (`doc-backlink`). */
  noterefs: number
  backlinks: number
}

/** Count what `accessibility` needs in the book's content. */
export function contentsOf(chapters: Array<{ content: ElementContent[] }>): Contents {
  const found: Contents = { images: 0, imagesWithAlt: 0, covers: 0, headings: 0, indexes: 0, noterefs: 0, backlinks: 0 }
  const visit = (node: ElementContent) => {
    if (node.type !== 'element') return
    const role = String(node.properties.role ?? '')
    if (node.tagName === 'img') {
      found.images++
      if (String(node.properties.alt ?? '').trim()) found.imagesWithAlt++
      if (role === 'doc-cover') found.covers++
    }
    if (/^h[1-6]$/.test(node.tagName)) found.headings++
    if (role === 'doc-index') found.indexes++
    if (role === 'doc-noteref') found.noterefs++
    if (role === 'doc-backlink') found.backlinks++
    node.children.forEach(visit)
  }
  for (const chapter of chapters) chapter.content.forEach(visit)
  return found
}

export function accessibility(book: { contents: Contents; tableOfContents: boolean; pageList: boolean; publisher: string }): Accessibility {
  const { contents: c } = book
  const allAlt = c.images > 0 && c.imagesWithAlt === c.images
  const features = [
    ...(book.tableOfContents ? ['tableOfContents'] : []),
    ...(c.indexes > 0 ? ['index'] : []),
    'readingOrder',
    ...(c.headings > 0 ? ['structuralNavigation'] : []),
    ...(allAlt ? ['alternativeText'] : []),
    ...(book.pageList ? ['printPageNumbers', 'pageBreakMarkers', 'pageNavigation'] : []),
  ]
  const navigation = [
    ...(book.tableOfContents ? ['a nested table of contents'] : []),
    ...(c.headings > 0 ? ['headings and landmarks for structural navigation'] : ['landmarks']),
    ...(c.indexes > 0 ? ['a linked index'] : []),
  ]
  const images =
    c.images === 0
      ? 'It is text only.'
      : allAlt
        ? `It is text apart from ${c.images === 1 ? `one image${c.covers === 1 ? ' (the cover)' : ''}, which has` : `${c.images} images, each with`} a text alternative.`
        : `It has ${c.images} images, ${c.imagesWithAlt} of them with a text alternative.`
  const notes =
    c.noterefs === 0
      ? ''
      : ` Notes follow each part as endnotes, in reading order, ${c.backlinks > 0 ? 'linked both ways' : 'linked from their references'}; authors' notes and editor's notes are labelled separately.`
  const pages = book.pageList
    ? ' Page break markers and a page list give the page numbers of the print edition (PDF).'
    : ' This book has no print page equivalents: the print edition (PDF) was not built with it, so page numbers are not available.'
  return {
    accessModes: c.images > 0 ? ['textual', 'visual'] : ['textual'],
    accessModesSufficient: allAlt || c.images === 0 ? ['textual'] : ['textual,visual'],
    features,
    hazards: ['none'],
    summary: `This publication meets the requirements of EPUB Accessibility 1.1 and WCAG 2.1 Level AA. ${images} It has ${list(navigation)}.${notes}${pages}`,
    conformsTo: 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA',
    certifiedBy: book.publisher,
  }
}

function list(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}
