/** The pages the EPUB adds around the model's parts: cover, title page and the fonts' licence. */
import type { ElementContent } from 'hast'
import { h } from 'hastscript'
import { fontFaces, fontLicences } from '../fonts.ts'
import type { Model } from '../model.ts'
import { coverAlt } from './cover.ts'

export const coverImage = 'images/cover.jpg'

export function coverPage(model: Model): ElementContent[] {
  return [
    h('section', { 'epub:type': 'cover', className: ['cover'], ariaLabel: 'Cover' }, [
      h('img', { src: coverImage, role: 'doc-cover', alt: `Cover: ${coverAlt(model)}` }),
    ]),
  ]
}

export function titlePage(model: Model): ElementContent[] {
  const { title, subtitle, editor, publisher, version, date } = model.meta
  return [
    h('section', { 'epub:type': 'titlepage', className: ['titlepage'], ariaLabelledBy: ['titlepage-title'] }, [
      h('h1', { id: 'titlepage-title' }, title),
      ...(subtitle ? [h('p', { className: ['subtitle'] }, subtitle)] : []),
      h('p', { className: ['editor'] }, `Edited by ${editor}`),
      h('p', { className: ['imprint'] }, [publisher, h('br'), `Version ${version}, ${date}`]),
    ]),
  ]
}

export const licencePartId = 'font-licences'

/** The OFL texts of the embedded fonts, verbatim: one paragraph per block, its line breaks kept by the CSS. */
export function licencePage(): ElementContent[] {
  const paragraphs = fontLicences()
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0)
  return [
    h('section', { id: licencePartId, className: ['licences'], ariaLabelledBy: ['font-licences-title'] }, [
      h('h1', { id: 'font-licences-title' }, 'Font licences'),
      h('p', 'The fonts embedded in this book are used under the SIL Open Font License; their copyright notices and licence follow.'),
      ...paragraphs.map((p) => h('p', { className: ['licence-text'] }, p)),
    ]),
  ]
}

/** The colophon's pointer to the licence page (which the spine lists as non-linear). */
export function licenceLink(): ElementContent[] {
  const families = [...new Set(fontFaces.map((f) => f.family))].join(' and ')
  return [h('p', [`The fonts are ${families}, used under the SIL Open Font License (`, h('a', { href: `#${licencePartId}` }, 'font licences'), ').'])]
}
