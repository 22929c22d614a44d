/** Serialise hast as XHTML (the EPUB's XML syntax of HTML) and point fragment links at the file that holds them. */
import type { ElementContent } from 'hast'
import { toHtml } from 'hast-util-to-html'

/** The file a part is written to; every spine item is named after its part id. */
export function fileOf(partId: string): string {
  return `${partId}.xhtml`
}

export function toXhtml(nodes: ElementContent[]): string {
  return toHtml({ type: 'root', children: nodes }, { space: 'html', closeSelfClosing: true, tightSelfClosing: false, characterReferences: { useNamedReferences: false } })
}

/** The part (file) an element id lives in. */
export type PartOf = (id: string) => string | undefined

/**
 * Rewrite `#id` links (the model's only kind) to `<file>#id` when the target lives in another file. Works on a
 * copy: the caller passes nodes it owns.
 */
export function linkAcross(nodes: ElementContent[], here: string, partOf: PartOf): ElementContent[] {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    const href = node.properties.href
    if (node.tagName === 'a' && typeof href === 'string' && href.startsWith('#')) {
      const part = partOf(href.slice(1))
      if (part === undefined) throw new Error(`EPUB: link to ${href}, which no part of the edition holds`)
      if (part !== here) node.properties.href = `${fileOf(part)}${href}`
    }
    linkAcross(node.children, here, partOf)
  }
  return nodes
}
