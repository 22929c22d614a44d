/**
 * Citable paragraph numbers (2.14) as text at the start of each numbered block, not as generated CSS content:
 * the index and the apparatus point at them, so they must survive every reading system and conversion (Calibre's
 * TXT and AZW3 drop `::before` content).
 */
import type { ElementContent } from 'hast'
import { h } from 'hastscript'

/** Adds, in place, `span.pnum` and a space at the start of every element with a citable number. */
export function withParagraphNumbers(nodes: ElementContent[]): ElementContent[] {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    const number = node.properties.dataNumber
    if (number !== undefined) node.children.unshift(h('span', { className: ['pnum'] }, String(number)), { type: 'text', value: ' ' })
    else withParagraphNumbers(node.children)
  }
  return nodes
}
