/**
 * The edition's readings in the text: each change the model marks (`span.change`) becomes a link to its row in
 * the apparatus, which links back to it; the witness reading and the reason are its description.
 */
import type { ElementContent } from 'hast'
import type { ChangeView } from '../model.ts'

const kindNames: Partial<Record<ChangeView['kind'], string>> = {
  emendation: 'Emended',
  sic: 'Reading retained as in the source',
  homoglyph: 'Mixed-script letter replaced',
  supplied: 'Supplied by the editor',
}

/** What the reader is told of a change: the kind, the witness reading and the reason. */
export function changeDescription(c: ChangeView): string {
  const source = c.before === '' ? 'not in the source' : `the source reads “${c.before}”`
  return `${kindNames[c.kind] ?? c.kind}: ${source}; ${c.reason}. Witness line ${c.line}.`
}

/** Turns, in place, every marked change into `a.change` to `#ap-<id>` (continuation pieces of a split change too). */
export function withChangeLinks(nodes: ElementContent[], changes: Map<string, ChangeView>): ElementContent[] {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    const change = node.tagName === 'span' && changes.get(String(node.properties.dataChange ?? ''))
    if (change) {
      node.tagName = 'a'
      const { dataChange: _, ...properties } = node.properties
      node.properties = { ...properties, href: `#ap-${change.id}`, title: changeDescription(change) }
    } else withChangeLinks(node.children, changes)
  }
  return nodes
}
