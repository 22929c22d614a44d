/** The package's accessibility metadata (schema.org and EPUB Accessibility 1.1), true to what the book contains. */

export interface Accessibility {
  accessModes: string[]
  accessModesSufficient: string[]
  features: string[]
  hazards: string[]
  summary: string
  conformsTo: string
  certifiedBy: string
}

export function accessibility(options: { pageList: boolean; publisher: string }): Accessibility {
  const features = ['tableOfContents', 'index', 'readingOrder', 'structuralNavigation', 'alternativeText', ...(options.pageList ? ['printPageNumbers', 'pageBreakMarkers', 'pageNavigation'] : [])]
  const pages = options.pageList
    ? 'Page break markers and a page list give the page numbers of the print edition (PDF).'
    : 'This book has no print page equivalents: the print edition (PDF) was not built with it, so page numbers are not available.'
  return {
    accessModes: ['textual'],
    accessModesSufficient: ['textual'],
    features,
    hazards: ['none'],
    summary:
      'This publication meets the requirements of EPUB Accessibility 1.1 and WCAG 2.1 Level AA. ' +
      'It is text only (the cover image has a text alternative), with a nested table of contents, headings and ' +
      'landmarks for structural navigation, and a linked index. Notes are linked both ways and marked up as ' +
      `footnotes; authors' notes and editor's notes are labelled separately. ${pages}`,
    conformsTo: 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA',
    certifiedBy: options.publisher,
  }
}
