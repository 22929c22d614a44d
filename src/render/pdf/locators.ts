/** Shows locators as page numbers: index entries as collapsed page ranges, apparatus places with their page. */
import type { Element, ElementContent, Root } from 'hast'
import { h } from 'hastscript'
import { visit } from 'unist-util-visit'
import { copyContent, type Part } from '../model.ts'

export type PageOf = (id: string) => number | undefined

const hasClass = (node: ElementContent, name: string): node is Element =>
  node.type === 'element' && ((node.properties.className as string[] | undefined) ?? []).includes(name)

/**
 * The index with each entry's locators replaced by the pages they fall on (`4, 7–9`), each linking to its first
 * mark; a page on which the entry occurs only in notes is marked `n` (`12n`) and joins no range.
 * `inNotes`: the ids of the index marks that are in notes.
 */
export function indexWithPages(body: ElementContent[], pageOf: PageOf, inNotes: Set<string>): ElementContent[] {
  const root: Root = { type: 'root', children: copyContent(body) }
  visit(root, 'element', (node) => {
    const at = node.children.flatMap((c, i) => (hasClass(c, 'index-locator') ? [i] : []))
    if (at.length === 0) return
    const first = at[0]!
    const last = at.at(-1)!
    const marks = at.map((i) => String((node.children[i] as Element).properties.href).slice(1))
    node.children.splice(first, last - first + 1, ...pageRanges(marks, pageOf, inNotes).flatMap((r, i): ElementContent[] => (i > 0 ? [{ type: 'text', value: ', ' }, r] : [r])))
  })
  return root.children as ElementContent[]
}

function pageRanges(marks: string[], pageOf: PageOf, inNotes: Set<string>): Element[] {
  const firstMark = new Map<number, string>()
  const inText = new Set<number>()
  for (const mark of marks) {
    const page = pageOf(mark)
    if (page === undefined) throw new Error(`index mark #${mark} is not on any page`)
    if (!firstMark.has(page)) firstMark.set(page, mark)
    if (!inNotes.has(mark)) inText.add(page)
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

/** The ids of the index marks (`span.ix`) in the notes of the parts. */
export function marksInNotes(parts: Part[]): Set<string> {
  const ids = new Set<string>()
  for (const part of parts)
    for (const note of part.notes)
      visit({ type: 'root', children: note.content } as Root, 'element', (node) => {
        if (hasClass(node, 'ix') && node.properties.id) ids.add(String(node.properties.id))
      })
  return ids
}

/** Apparatus places keep their paragraph number and gain the page: `2.14, p. 37`. */
export function placesWithPages(body: ElementContent[], pageOf: PageOf): ElementContent[] {
  const root: Root = { type: 'root', children: copyContent(body) }
  visit(root, 'element', (node) => {
    if (!hasClass(node, 'locator')) return
    const page = pageOf(String(node.properties.href).slice(1))
    if (page !== undefined) node.children.push(h('span', { className: ['locator-page'] }, `, p.\u00a0${page}`))
  })
  return root.children as ElementContent[]
}
