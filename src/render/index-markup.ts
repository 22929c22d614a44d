/**
 * The index as markup, made from the model's entries (`Model.index`) for the writers that show it as text with
 * links: grouped by letter, a section each (the site, the archive, print), or as one entry list in the EPUB
 * Indexes vocabulary. Every writer sets the same entries, ids, cross-references and locators; only the form differs.
 * The part's title heading is a block of its body (the model's), which goes before this.
 */
import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import type { IndexEntryView, IndexLocatorView } from './index-view.ts'

/**
 * `grouped`: a heading and a list per letter. `epub-indexes`: the EPUB Indexes vocabulary, which epubcheck-ts
 * accepts with exactly one typed entry list per index (sub-entry lists stay untyped `ul`s, which the vocabulary
 * reads as implied entry lists): each letter's heading, with the id the letter links point at, is an item of its
 * own before the letter's first entry (inside that entry it would squeeze the entry's first line); the letter
 * links get spaces between them, so that text conversions keep them apart, and so do an entry and its sub-entries.
 */
export type IndexForm = 'grouped' | 'epub-indexes'

export function indexMarkup(entries: IndexEntryView[], form: IndexForm): ElementContent[] {
  const epub = form === 'epub-indexes'
  const type = (name: string) => (epub ? { 'epub:type': name } : {})
  const letters = [...new Set(entries.map((e) => e.letter))]
  const ids = new Map(entries.map((e) => [e.headword, e.id]))
  const term = (title: boolean, headword: string, classes: string[] = []) => h('span', { className: ['index-term', ...classes], ...type('index-term') }, title ? h('i', headword) : headword)
  const locators = (ls: IndexLocatorView[]) => ls.flatMap((l, i) => [i > 0 ? ', ' : ' ', h('a', { href: `#${l.mark}`, className: ['index-locator'], ...type('index-locator') }, l.number)])
  // A cross-reference names the entry it leads to as an index term of its own.
  const xref = (headword: string, kind: 'preferred' | 'related') =>
    h('a', { href: `#${ids.get(headword)!}`, className: ['index-xref', `index-xref-${kind}`], ...type(`index-xref-${kind}`) }, epub ? [h('span', type('index-term'), headword)] : headword)
  const entry = (e: IndexEntryView): Element => {
    const sub = e.sub.length > 0 ? [h('ul', { className: ['index-entry-list'] }, e.sub.map((s) => h('li', { className: ['index-entry'], ...type('index-entry') }, [term(s.title, s.headword), ...locators(s.locators)])))] : []
    return h('li', { className: ['index-entry'], id: e.id, ...type('index-entry') }, [
      term(e.title, e.headword, e.type ? [`index-term-${e.type}`] : []),
      ...(e.gloss ? [h('span', { className: ['index-gloss'] }, ` (${e.gloss})`)] : []),
      ...locators(e.locators),
      ...(e.see ? [' ', h('em', 'see'), ' ', xref(e.see, 'preferred')] : []),
      ...(e.seeAlso.length > 0 ? ['. ', h('em', 'See also'), ' ', ...e.seeAlso.flatMap((s, i) => [i > 0 ? '; ' : '', xref(s, 'related')])] : []),
      // Calibre's text conversions run a nested list into the line before it (“hyperstitionLandian”).
      ...(epub && sub.length > 0 ? [h('br')] : []),
      ...sub,
    ])
  }
  const heading = (letter: string) => h('h2', { id: `index-${letter}` }, letter)
  const ofLetter = (letter: string) => entries.filter((e) => e.letter === letter).map(entry)
  const links = letters.map((l) => h('a', { href: `#index-${l}` }, l))
  return [
    h('nav', { className: ['index-letters'], ariaLabel: 'Index letters' }, epub ? links.flatMap((a, i) => (i > 0 ? [' ', a] : [a])) : links),
    ...(epub
      ? [h('ul', { 'epub:type': 'index-entry-list', className: ['index-entry-list'] }, letters.flatMap((l) => [h('li', { className: ['index-letter'] }, [heading(l)]), ...ofLetter(l)]))]
      : letters.map((l) => h('section', { className: ['index-group'], ariaLabelledby: `index-${l}` }, [heading(l), h('ul', { className: ['index-entry-list'] }, ofLetter(l))]))),
  ]
}
