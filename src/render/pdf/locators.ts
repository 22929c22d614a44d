/** Shows locators as page numbers: index entries as collapsed page ranges, apparatus places with their page. */
import type { Element, ElementContent, Root } from 'hast'
import { h } from 'hastscript'
import { visit } from 'unist-util-visit'
import { copyContent } from '../model.ts'

export type PageOf = (id: string) => number | undefined

const hasClass = (node: ElementContent, name: string): node is Element =>
  node.type === 'element' && ((node.properties.className as string[] | undefined) ?? []).includes(name)

/** The index with each entry's locators replaced by the pages they fall on (`4, 7–9`), each linking to its first mark. */
export function indexWithPages(body: ElementContent[], pageOf: PageOf): ElementContent[] {
  const root: Root = { type: 'root', children: copyContent(body) }
  visit(root, 'element', (node) => {
    const at = node.children.flatMap((c, i) => (hasClass(c, 'index-locator') ? [i] : []))
    if (at.length === 0) return
    const first = at[0]!
    const last = at.at(-1)!
    const marks = at.map((i) => String((node.children[i] as Element).properties.href).slice(1))
    node.children.splice(first, last - first + 1, ...pageRanges(marks, pageOf).flatMap((r, i): ElementContent[] => (i > 0 ? [{ type: 'text', value: ', ' }, r] : [r])))
  })
  return root.children as ElementContent[]
}

function pageRanges(marks: string[], pageOf: PageOf): Element[] {
  const firstMark = new Map<number, string>()
  for (const mark of marks) {
    const page = pageOf(mark)
    if (page === undefined) throw new Error(`index mark #${mark} is not on any page`)
    if (!firstMark.has(page)) firstMark.set(page, mark)
  }
  const pages = [...firstMark.keys()].sort((a, b) => a - b)
  const ranges: Array<[number, number]> = []
  for (const page of pages) {
    const open = ranges.at(-1)
    if (open && open[1] === page - 1) open[1] = page
    else ranges.push([page, page])
  }
  return ranges.map(([from, to]) => h('a', { href: `#${firstMark.get(from)}`, className: ['index-locator'] }, from === to ? String(from) : `${from}–${to}`))
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
