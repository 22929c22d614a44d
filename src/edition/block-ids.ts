/** Give every block a stable id (from its content) and every paragraph a citable number (`2.14`). */
import { createHash } from 'node:crypto'
import type { Paragraph, Root } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { visit } from 'unist-util-visit'

declare module 'mdast' {
  interface ParagraphData {
    id?: string
    /** Citable number, document.paragraph; notes are cited as document.nN. */
    number?: string
  }
  interface HeadingData {
    id?: string
  }
}

export interface BlockIdOptions {
  /** The document's position in the edition, from 1. */
  document: number
  slug: string
}

/**
 * Ids hash the block's text with its document slug, so editing one paragraph changes only that
 * paragraph's id; a repeated text gets -2, -3 … in document order.
 */
export default function blockIds(options: BlockIdOptions) {
  return (tree: Root) => {
    // How many blocks have each base id: the k-th block with the same text gets `<base>-k`, found in one step
    // (a search from 2 each time was quadratic in the number of equal blocks).
    const seen = new Map<string, number>()
    // A paragraph counts as a note's when it sits in a footnote definition or in a block directly inside one.
    const inNotes = new Set<unknown>()
    visit(tree, 'footnoteDefinition', (def) => {
      inNotes.add(def)
      for (const child of def.children) inNotes.add(child)
    })
    let paragraph = 0
    visit(tree, (node, _index, parent) => {
      if (node.type !== 'paragraph' && node.type !== 'heading') return
      const prefix = node.type === 'heading' ? 'h' : 'p'
      const base = `${prefix}${options.document}-${hash(options.slug + '\u0000' + toString(node))}`
      const n = (seen.get(base) ?? 0) + 1
      seen.set(base, n)
      const id = n > 1 ? `${base}-${n}` : base
      const data = (node.data ??= {})
      data.id = id
      data.hProperties = { ...data.hProperties, id }
      // A paragraph of supplied words only (‹This section is empty in the source.›) is not the source's: no number.
      if (node.type === 'paragraph' && !inNotes.has(parent) && !suppliedOnly(node)) {
        paragraph++
        node.data!.number = `${options.document}.${paragraph}`
      }
    })
  }
}

function suppliedOnly(node: Paragraph): boolean {
  let supplied = true
  visit(node, 'text', (text) => {
    if (!text.data?.supplied) supplied = false
  })
  return supplied
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8)
}
