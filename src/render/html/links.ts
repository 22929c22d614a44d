/**
 * Links between parts. The model's links are fragment-only (`#id`): right in the one-file archive as they are, while
 * in the site a link to an id in another part must name that part's page (`<page>.html#id`). Each output resolves
 * them on the tree, before it is serialised: a `Linker` that the writer applies to every piece of content.
 */
import type { ElementContent } from 'hast'
import { pageFile } from './files.ts'
import type { Linker } from './part-article.ts'

/**
 * The links of the site page of `page` (a part id; none for pages that hold no part): a link to an id in another
 * part goes to that part's page, to its top when the target is the part itself. `partOf` is the model's; ids it
 * does not know (ones this writer adds) are on the same page. The content is not changed: what a link of it
 * leaves is copied.
 */
export function linksToPages(page: string | undefined, partOf: ReadonlyMap<string, string>): Linker {
  const elsewhere = (href: unknown): string | undefined => {
    if (typeof href !== 'string' || !href.startsWith('#')) return undefined
    const target = href.slice(1)
    const part = partOf.get(target)
    if (part === undefined || part === page) return undefined
    return target === part ? pageFile(part) : `${pageFile(part)}${href}`
  }
  const resolve = (nodes: ElementContent[]): ElementContent[] => {
    let changed = false
    const resolved = nodes.map((node) => {
      if (node.type !== 'element') return node
      const children = resolve(node.children)
      const href = elsewhere(node.properties.href)
      if (href === undefined && children === node.children) return node
      changed = true
      return { ...node, properties: href === undefined ? node.properties : { ...node.properties, href }, children }
    })
    return changed ? resolved : nodes
  }
  return resolve
}

/** The links of the one-file archive: every part is on the page, so every fragment link holds as it is. */
export const linksInPage: Linker = (nodes) => nodes
