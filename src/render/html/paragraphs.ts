/** Citable paragraph numbers: each numbered block gets a margin link to itself (`2.14` → `#<paragraph id>`). */
import type { ElementContent } from 'hast'
import { h } from 'hastscript'

/** Adds, in place, `a.pnum` at the start of every element with a citable number and an id. */
export function withParagraphNumbers(nodes: ElementContent[]): ElementContent[] {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    const number = node.properties.dataNumber
    const id = node.properties.id
    if (number !== undefined && id !== undefined)
      node.children.unshift(h('a', { className: ['pnum'], href: `#${id}`, title: `Link to paragraph ${number}` }, String(number)))
    else withParagraphNumbers(node.children)
  }
  return nodes
}
