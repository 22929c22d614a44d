/** Copies of the model's content with some of its nodes replaced: what the model's later decisions do to it (links to documents, words in other languages). */
import type { Nodes } from 'mdast'

/**
 * Each node of `nodes` as `replace` has it, below it first (a node's children are replaced before it is); a node
 * `replace` gives back as it is, with none below it changed, stays the same object, so what is shared stays shared.
 * `replace` may give none or several nodes for one; `keep` says which nodes are left as they are, with all below them.
 */
export function mapContent<T extends Nodes>(nodes: T[], replace: (node: Nodes) => Nodes[], keep: (node: Nodes) => boolean = () => false): T[] {
  let changed = false
  const out = nodes.flatMap((node) => {
    if (keep(node)) return [node]
    let own: Nodes = node
    if ('children' in node) {
      const children = mapContent(node.children as Nodes[], replace, keep)
      if (children !== (node.children as Nodes[])) own = { ...node, children } as Nodes
    }
    const replaced = replace(own)
    if (replaced.length !== 1 || replaced[0] !== node) changed = true
    return replaced
  })
  return (changed ? out : nodes) as T[]
}
