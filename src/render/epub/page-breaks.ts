/**
 * Print page equivalents: a `doc-pagebreak` marker before the first block that starts on each page of the print
 * PDF, from the PDF writer's page map (block id → page). Pages on which no block starts get no marker.
 */
import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'

export type PageMap = Map<string, number>

export interface PageBreak {
  page: number
  /** The part (file) the marker is in. */
  part: string
}

/** Parses `pagemap.json` (an object of block id → page number); undefined when the PDF was not built. */
export function readPageMap(bytes: Buffer | undefined): PageMap | undefined {
  if (!bytes) return undefined
  const json = JSON.parse(bytes.toString('utf8')) as unknown
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('pagemap.json: expected an object of block id → page number')
  return new Map(Object.entries(json).filter((e): e is [string, number] => Number.isInteger(e[1])))
}

/** Where a marker may not stand as a sibling (only list items, rows or cells may): it goes inside the block. */
const noPhrasingChildren = new Set(['ul', 'ol', 'dl', 'table', 'thead', 'tbody', 'tfoot', 'tr'])

/**
 * Insert markers into the parts' content, in reading order; pages only move forward, so a block the print layout
 * placed elsewhere (a footnote) never sends the reader back. Works in place on copies the caller owns.
 */
export function insertPageBreaks(parts: Array<{ id: string; content: ElementContent[] }>, pages: PageMap): PageBreak[] {
  const breaks: PageBreak[] = []
  let last = 0
  const visit = (nodes: ElementContent[], parentTag: string, part: string) => {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!
      if (node.type !== 'element') continue
      const page = pages.get(String(node.properties.id ?? ''))
      if (page !== undefined && page > last) {
        last = page
        breaks.push({ page, part })
        const marker = h('span', { 'epub:type': 'pagebreak', role: 'doc-pagebreak', id: `page-${page}`, ariaLabel: String(page), className: ['pagebreak'] })
        if (noPhrasingChildren.has(parentTag)) firstCell(node).children.unshift(marker)
        else {
          nodes.splice(i, 0, marker)
          i++
        }
      }
      visit(node.children, node.tagName, part)
    }
  }
  for (const part of parts) visit(part.content, 'section', part.id)
  return breaks
}

/** The first element down a block that may hold phrasing content: a list item, a term, a cell. */
function firstCell(node: Element): Element {
  const child = noPhrasingChildren.has(node.tagName) ? node.children.find((c): c is Element => c.type === 'element') : undefined
  return child ? firstCell(child) : node
}
