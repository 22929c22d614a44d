/** Where each part of the model lives in the site: one file per part, beside the landing page `index.html`. */
export const landingFile = 'index.html'

/** `<part id>.html`; a part whose id would take the landing page's name (the Index) gets `part-<id>.html`. */
export function pageFile(partId: string): string {
  const file = `${partId}.html`
  return file === landingFile ? `part-${partId}.html` : file
}


/** A document's witness page (`witness-doc-2.html`). */
export function witnessFile(partId: string): string {
  return `witness-${partId}.html`
}

/** Where the other outputs of the build are copied inside the site, so that the site folder holds all it links to. */
export const downloadsFolder = 'downloads'
