/**
 * Citable places: each numbered block gets its number in the margin (`2.14`), an anchor by that number
 * (`doc-2.html#2.14`, which the lineage keeps from version to version), and each heading a link to itself.
 */
import type { ElementContent } from 'hast'
import { h } from 'hastscript'

/**
 * Adds, in place, `a.pnum` at the start of every element with a citable number and an id, and `a.hanchor` at the
 * end of every heading with an id. Neither is a tab stop: a page has hundreds; the page's Cite button and the
 * contents reach the same places.
 */
export function withParagraphNumbers(nodes: ElementContent[]): ElementContent[] {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    const number = node.properties.dataNumber
    const id = node.properties.id
    if (number !== undefined && id !== undefined)
      node.children.unshift(h('a', { className: ['pnum'], id: String(number), href: `#${number}`, tabIndex: -1, title: `Paragraph ${number}: link and citation` }, String(number)))
    else if (/^h[2-4]$/.test(node.tagName) && id !== undefined) node.children.push(h('a', { className: ['hanchor'], href: `#${id}`, tabIndex: -1, ariaHidden: 'true' }, '#'))
    else withParagraphNumbers(node.children)
  }
  return nodes
}
