/** Shows locators as page numbers: an index entry's as collapsed page ranges, apparatus places with their page. */
import type { Element } from 'hast'
import { h } from 'hastscript'
import type { WriterOptions } from '../content.ts'
import type { IndexLocatorView } from '../model.ts'

export type PageOf = (id: string) => number | undefined

/**
 * An index entry's marks as the pages they fall on (`4, 7–9`), each linking to its first mark there; a page on
 * which the entry occurs only in notes is marked `n` (`12n`) and joins no range.
 */
export function pageRanges(locators: IndexLocatorView[], pageOf: PageOf): Element[] {
  const firstMark = new Map<number, string>()
  const inText = new Set<number>()
  for (const { mark, inNote } of locators) {
    const page = pageOf(mark)
    if (page === undefined) throw new Error(`index mark #${mark} is not on any page`)
    if (!firstMark.has(page)) firstMark.set(page, mark)
    if (!inNote) inText.add(page)
  }
  const pages = [...firstMark.keys()].sort((a, b) => a - b)
  const ranges: Array<{ from: number; to: number; note: boolean }> = []
  for (const page of pages) {
    const note = !inText.has(page)
    const open = ranges.at(-1)
    if (open && !open.note && !note && open.to === page - 1) open.to = page
    else ranges.push({ from: page, to: page, note })
  }
  return ranges.map(({ from, to, note }) =>
    h('a', { href: `#${firstMark.get(from)}`, className: ['index-locator', ...(note ? ['index-locator-note'] : [])] }, from === to ? `${from}${note ? 'n' : ''}` : `${from}–${to}`)
  )
}

/** Apparatus places keep their paragraph number and gain the page: `2.14, p. 37`. */
export function placePages(pageOf: PageOf): WriterOptions {
  return {
    afterPlace: (target) => {
      const page = pageOf(target)
      return page === undefined ? [] : [h('span', { className: ['locator-page'] }, `, p.\u00a0${page}`)]
    },
  }
}
