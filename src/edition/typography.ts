/** Typographic quotes and apostrophes where unambiguous, spaced hyphens as dashes, “...” as an ellipsis. */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { replaceAll, witnessTexts } from './text-nodes.ts'

const opening = /[\s([{\u2014\u2013/-]/

export default function typography() {
  return (tree: Root, file: VFile) => {
    replaceAll(
      witnessTexts(tree),
      file,
      /(?<=^|\s)-(?=\s|$)|\.\.\.|["']/g,
      (m, node) => {
        const i = m.index!
        const before = i === 0 ? ' ' : node.value[i - 1]!
        const after = node.value[i + m[0].length] ?? ' '
        if (m[0] === '...') return '…'
        if (m[0] === '-') return '—'
        if (m[0] === '"') return opening.test(before) ? '“' : '”'
        if (/\p{L}/u.test(before) && /\p{L}/u.test(after)) return '’' // don't, Haz's
        if (opening.test(before)) return /[\p{L}\d]/u.test(after) ? '‘' : undefined
        return '’'
      },
      (m) => ({
        kind: 'typography',
        reason: m[0] === '...' ? 'three full stops as an ellipsis' : m[0] === '-' ? 'spaced hyphen used as a dash, set as an em dash' : m[0] === '"' ? 'straight double quote made typographic' : 'straight single quote made a typographic quote or apostrophe',
      })
    )
  }
}
