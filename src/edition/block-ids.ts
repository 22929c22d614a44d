/** Give every block a stable id (from its content) and every paragraph a citable number (`2.14`). */
import { createHash } from 'node:crypto'
import type { Heading, Nodes, Paragraph, Root } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { textsIn } from './text-nodes.ts'

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
    let paragraph = 0
    // A plain walk (see textsIn), which stops at each block (blocks hold no blocks). A paragraph counts as a note's
    // when it sits in a footnote definition or in a block directly inside one (`inNotes`: the parent is either).
    const walk = (node: Nodes, inDefinition: boolean, inNotes: boolean) => {
      if (node.type === 'paragraph' || node.type === 'heading') return identify(node, inNotes)
      if (!('children' in node)) return
      const isDefinition = node.type === 'footnoteDefinition'
      for (const child of node.children) walk(child, isDefinition, isDefinition || inDefinition)
    }
    const identify = (node: Paragraph | Heading, inNote: boolean) => {
      const prefix = node.type === 'heading' ? 'h' : 'p'
      const base = `${prefix}${options.document}-${hash(options.slug + '\u0000' + toString(node))}`
      const n = (seen.get(base) ?? 0) + 1
      seen.set(base, n)
      const id = n > 1 ? `${base}-${n}` : base
      const data = (node.data ??= {})
      data.id = id
      data.hProperties = { ...data.hProperties, id }
      // A paragraph of supplied words only (‹This section is empty in the source.›) is not the source's: no number.
      if (node.type === 'paragraph' && !inNote && !suppliedOnly(node)) {
        paragraph++
        node.data!.number = `${options.document}.${paragraph}`
      }
    }
    walk(tree, false, false)
  }
}

function suppliedOnly(node: Paragraph): boolean {
  return textsIn(node).every((text) => text.data?.supplied)
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8)
}
