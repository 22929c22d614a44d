/**
 * Links between parts. The model's links are fragment-only (`#id`): right in the one-file archive, while in the
 * site a link to an id in another part must name that part's page (`<page>.html#id`). A part is serialised once
 * for both, and without knowing the rest of the edition (so that it can be kept while other parts change): every
 * fragment link carries a mark naming its target, and each output resolves the marks in the markup.
 */
import type { ElementContent } from 'hast'
import { pageFile } from './files.ts'

/**
 * A marked link as serialised: `href="<target>#fragment"`, the target id URI-encoded so that serialising leaves it
 * as it is. Nothing else serialises so: the serialiser escapes every `<` of a text and every `"` of an attribute
 * value, so ` href="<` begins only an href attribute whose value begins with `<`, and only marks do.
 */
const marked = / href="<([^>"]*)>#([^"]*)"/g

/** Marks, in place, every `href="#id"`. */
export function markLinks(nodes: ElementContent[]): ElementContent[] {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    const href = node.properties.href
    if (typeof href === 'string' && href.startsWith('#')) node.properties.href = `<${encodeURIComponent(href.slice(1))}>${href}`
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
    if (part === undefined || part === page) return ` href="#${id}"`
    return ` href="${target === part ? pageFile(part) : `${pageFile(part)}#${id}`}"`
  })
}

/** Markup for the one-file archive: every part is on the page, a marked link is its fragment again. */
export function linksInPage(markup: string): string {
  return markup.replace(marked, (_, _encoded: string, id: string) => ` href="#${id}"`)
}
