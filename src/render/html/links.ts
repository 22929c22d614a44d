/** Turns the model's fragment-only links (`#id`) into links between the site's pages (`<page>.html#id`). */
import type { ElementContent } from 'hast'
import { pageFile } from './files.ts'

/**
 * Rewrites, in place, every `href="#id"` whose target lives in another part; links within the page stay `#id`.
 * `partOf` is `partOfIds(model)`; ids it does not know (ones this writer adds) are on the same page.
 */
export function linkAcrossPages(nodes: ElementContent[], page: string, partOf: Map<string, string>): ElementContent[] {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    const href = node.properties.href
    if (typeof href === 'string' && href.startsWith('#')) {
      const part = partOf.get(href.slice(1))
      if (part !== undefined && part !== page) node.properties.href = href.slice(1) === part ? pageFile(part) : `${pageFile(part)}${href}`
    }
    linkAcrossPages(node.children, page, partOf)
  }
  return nodes
}
