/**
 * Typographic quotes and apostrophes where unambiguous, spaced hyphens as dashes, “...” as an ellipsis: one set of
 * rules for the witnesses (each change recorded) and for all editorial matter (Markdown and plain strings alike).
 */
import type { Root, RootContent, Text } from 'mdast'
import type { VFile } from 'vfile'
import { visit } from 'unist-util-visit'
import { replaceAll, textsIn, witnessTexts } from './text-nodes.ts'

const opening = /[\s([{\u2014\u2013/-]/
const pattern = /(?<=^|\s)-(?=\s|$)|\.\.\.|["']/g

/** The typographic form of a match, given the characters around it; undefined where the direction is not clear. */
function typographic(match: string, before: string, after: string): string | undefined {
  if (match === '...') return '…'
  if (match === '-') return '—'
  if (match === '"') return opening.test(before) ? '“' : '”'
  if (/\p{L}/u.test(before) && /\p{L}/u.test(after)) return '’' // don't, Haz's
  if (opening.test(before)) return /[\p{L}\d]/u.test(after) ? '‘' : undefined
  return '’'
}

export default function typography() {
  return (tree: Root, file: VFile) => {
    replaceAll(
      witnessTexts(tree),
      file,
      pattern,
      (m, node) => {
        const i = m.index!
        return typographic(m[0], i === 0 ? ' ' : node.value[i - 1]!, node.value[i + m[0].length] ?? ' ')
      },
      (m) => ({
        kind: 'typography',
        reason: m[0] === '...' ? 'three full stops as an ellipsis' : m[0] === '-' ? 'spaced hyphen used as a dash, set as an em dash' : m[0] === '"' ? 'straight double quote made typographic' : 'straight single quote made a typographic quote or apostrophe',
      })
    )
  }
}

/**
 * Editorial text with the witnesses' typography. `context` is the text just before (a split text node's
 * neighbour). Editorial text keeps no straight quote: where the rules leave its direction open, it is an apostrophe.
 */
export function smarten(text: string, context = ''): string {
  const whole = context + text
  return text.replace(pattern, (m, i: number) => {
    const at = context.length + i
    return typographic(m, at === 0 ? ' ' : whole[at - 1]!, whole[at + m.length] ?? ' ') ?? (m === "'" ? '’' : m)
  })
}

/**
 * The same step on an editorial Markdown tree (front matter, headnotes, editor's notes), in place: the text of each
 * block is read as one, so a quote next to emphasis or a link takes its direction from the words around it. Code
 * is left alone.
 */
export function smartenTree(tree: Root): Root {
  const blocks = new Set(['paragraph', 'heading', 'tableCell'])
  visit(tree, (node: Root | RootContent) => {
    if (!blocks.has(node.type)) return
    const texts = textsIn(node)
    let before = ''
    for (const t of texts) {
      const value = smarten(t.value, before)
      before = (before + t.value).slice(-2)
      t.value = value
    }
    return 'skip'
  })
  return tree
}
