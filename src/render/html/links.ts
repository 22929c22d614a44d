/**
 * Links between parts. The model's links are fragment-only (`#id`): right in the one-file archive, while in the
 * site a link to an id in another part must name that part's page (`<page>.html#id`). A part is serialised once
 * for both: its links to other parts carry a mark naming the target part, and each output resolves the marks in
 * the markup. Marks are Private Use Area characters, which the text of an edition never holds.
 */
import type { ElementContent } from 'hast'
import { pageFile } from './files.ts'

/** A marked link as serialised: attribute values are always double-quoted, so the fragment runs to the next `"`. */
const marked = /\uE000([^\uE001]+)\uE001#([^"]*)/g

/**
 * Marks, in place, every `href="#id"` whose target lives in another part than `page`. `partOf` is the model's;
 * ids it does not know (ones this writer adds) are on the same page.
 */
export function markLinksAcross(nodes: ElementContent[], page: string, partOf: Map<string, string>): ElementContent[] {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    const href = node.properties.href
    if (typeof href === 'string' && href.startsWith('#')) {
      const part = partOf.get(href.slice(1))
      if (part !== undefined && part !== page) node.properties.href = `\uE000${part}\uE001${href}`
    }
    markLinksAcross(node.children, page, partOf)
  }
  return nodes
}

/** Markup for the site: a marked link goes to the target's page, to its top when the target is the part itself. */
export function linksToPages(markup: string): string {
  return markup.replace(marked, (_, part: string, id: string) => (id === part ? pageFile(part) : `${pageFile(part)}#${id}`))
}

/** Markup for the one-file archive: every part is on the page, a marked link is its fragment again. */
export function linksInPage(markup: string): string {
  return markup.replace(marked, (_, _part: string, id: string) => `#${id}`)
}
