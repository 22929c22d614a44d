/**
 * The index as the print book sets it, from the model's entries: page numbers for locators, in two columns of
 * short lines (print.css), the entries and their ids as every format has them.
 */
import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import type { IndexEntryView, IndexLocatorView } from '../model.ts'
import { pageRanges, type PageOf } from './locators.ts'

/**
 * The index part's content after its title heading (a block of the part's body): each letter's entries; an entry's locators become the pages they
 * fall on (`4, 7–9`, `12n` for a page where it occurs only in notes).
 */
export function printIndex(entries: IndexEntryView[], pageOf: PageOf): ElementContent[] {
  const ids = new Map(entries.map((e) => [e.headword, e.id]))
  const pages = (locators: IndexLocatorView[]): Array<string | Element> =>
    pageRanges(locators, pageOf).flatMap((r, i) => [i === 0 ? ' ' : ', ', r])
  const term = (headword: string, isTitle: boolean, type?: string) =>
    h('span', { className: ['index-term', ...(type ? [`index-term-${type}`] : [])] }, isTitle ? h('i', headword) : headword)
  const xref = (headword: string, kind: string) => h('a', { href: `#${ids.get(headword)!}`, className: ['index-xref', `index-xref-${kind}`] }, headword)
  const entry = (e: IndexEntryView): Element =>
    h('li', { className: ['index-entry'], id: e.id }, [
      term(e.headword, e.title, e.type),
      ...(e.gloss ? [h('span', { className: ['index-gloss'] }, ` (${e.gloss})`)] : []),
      ...pages(e.locators),
      ...(e.see ? [e.locators.length > 0 ? '; ' : ' ', h('em', 'see'), ' ', xref(e.see, 'preferred')] : []),
      ...(e.seeAlso.length > 0 ? ['. ', h('em', 'See also'), ' ', ...e.seeAlso.flatMap((s, i) => [i > 0 ? '; ' : '', xref(s, 'related')])] : []),
      ...(e.sub.length > 0 ? [h('ul', { className: ['index-subentries'] }, e.sub.map((s) => h('li', { className: ['index-subentry'] }, [term(s.headword, s.title), ...pages(s.locators)])))] : []),
    ])
  const letters = [...new Set(entries.map((e) => e.letter))]
  return [
    ...letters.flatMap((letter) => [
      // A letter heads its group in type, not as a heading: the outline has one bookmark for the index, whose few
      // pages in two columns a reader scans by eye (and Chrome titled the letters after the index's first page with nothing).
      h('p', { id: `index-${letter}`, className: ['index-letter'] }, letter),
      h('ul', { className: ['index-entries'] }, entries.filter((e) => e.letter === letter).map(entry)),
    ]),
  ]
}
