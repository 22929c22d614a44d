/**
 * Links between parts. The model's links are fragment-only (`#id`): right in the one-file archive, while in the
 * site a link to an id in another part must name that part's page (`<page>.html#id`). A part is serialised once
 * for both, and without knowing the rest of the edition (so that it can be kept while other parts change): every
 * fragment link carries a mark naming its target, and each output resolves the marks in the markup. Marks are
 * Private Use Area characters, which the text of an edition never holds.
 */
import type { ElementContent } from 'hast'
import { pageFile } from './files.ts'

/**
 * A marked link as serialised: the target id between the marks, URI-encoded so that serialising leaves it as it
 * is; then the fragment as serialised, which runs to the next `"` (attribute values are always double-quoted).
 */
const marked = /\uE000([^\uE001]*)\uE001#([^"]*)/g

/** Marks, in place, every `href="#id"`. */
export function markLinks(nodes: ElementContent[]): ElementContent[] {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    const href = node.properties.href
    if (typeof href === 'string' && href.startsWith('#')) node.properties.href = `\uE000${encodeURIComponent(href.slice(1))}\uE001${href}`
    markLinks(node.children)
  }
  return nodes
}

/**
 * Markup for the site page of `page` (a part id; none for pages that hold no part): a link to an id in another
 * part goes to that part's page, to its top when the target is the part itself. `partOf` is the model's; ids it
 * does not know (ones this writer adds) are on the same page.
 */
export function linksToPages(markup: string, page: string | undefined, partOf: Map<string, string>): string {
  return markup.replace(marked, (_, encoded: string, id: string) => {
    const target = decodeURIComponent(encoded)
    const part = partOf.get(target)
    if (part === undefined || part === page) return `#${id}`
    return target === part ? pageFile(part) : `${pageFile(part)}#${id}`
  })
}

/** Markup for the one-file archive: every part is on the page, a marked link is its fragment again. */
export function linksInPage(markup: string): string {
  return markup.replace(marked, (_, _encoded: string, id: string) => `#${id}`)
}
