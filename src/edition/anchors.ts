/** Find stand-off anchors (an exact quote, with optional prefix/suffix) in the text of a document's blocks. */
import type { Heading, Paragraph, PhrasingContent, Root, Text } from 'mdast'
import { visit } from 'unist-util-visit'
import { fold, foldWithMap } from '../witness/fold.ts'

export type Block = Paragraph | Heading

export interface Anchor {
  quote: string
  prefix?: string
  suffix?: string
}

export interface AnchorHit {
  block: Block
  /** [start, end) of the quote in the block's text (concatenated text nodes). */
  start: number
  end: number
}

export function blocksOf(tree: Root): Block[] {
  const blocks: Block[] = []
  visit(tree, (node) => {
    if (node.type === 'paragraph' || node.type === 'heading') blocks.push(node)
  })
  return blocks
}

type Parent = { children: PhrasingContent[] }

/** A text node of a block, the node holding it and the [start, end) of its value in the block's text. */
export interface TextSpan {
  node: Text
  parent: Parent
  start: number
  end: number
}

/** The block's text and the text nodes it is made of, in order. */
export function blockText(block: Block): { text: string; spans: TextSpan[] } {
  const spans: TextSpan[] = []
  let length = 0
  const walk = (parent: Parent) => {
    for (const child of parent.children)
      if (child.type === 'text') {
        spans.push({ node: child, parent, start: length, end: (length += child.value.length) })
      } else if ('children' in child) walk(child as Parent)
  }
  walk(block)
  return { text: spans.map((s) => s.node.value).join(''), spans }
}

/** The block's text with the editors' supplied words blanked out (same length): what the index and its checks read. */
export function sourceText(block: Block): { text: string; spans: TextSpan[] } {
  const { spans } = blockText(block)
  return { text: spans.map((s) => (s.node.data?.supplied ? ' '.repeat(s.node.value.length) : s.node.value)).join(''), spans }
}

/** Blocks with their folded text, for matching many anchors against the same text. */
export type FoldedBlocks = Array<{ block: Block; folded: string; index: number[] }>

export function foldBlocks(blocks: Block[]): FoldedBlocks {
  return blocks.map((block) => ({ block, ...foldWithMap(blockText(block).text) }))
}

/** Every place where the anchor matches, over all blocks (inserting textless nodes keeps folded blocks valid). */
export function findAnchor(blocks: Block[] | FoldedBlocks, anchor: Anchor): AnchorHit[] {
  const prefix = fold(anchor.prefix ?? '')
  const quote = fold(anchor.quote)
  const needle = prefix + quote + fold(anchor.suffix ?? '')
  const hits: AnchorHit[] = []
  const folded = blocks.length > 0 && 'folded' in blocks[0]! ? (blocks as FoldedBlocks) : foldBlocks(blocks as Block[])
  for (const { block, folded: text, index } of folded) {
    for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
      const s = i + prefix.length
      hits.push({ block, start: index[s]!, end: index[s + quote.length - 1]! + 1 })
    }
  }
  return hits
}

/**
 * Insert inline nodes into a block at a text offset, splitting the text node there; split halves keep their
 * witness maps. `spans` (from blockText) may be passed when inserting several times right to left: the
 * characters left of an insertion keep their nodes and offsets.
 */
export function insertAt(block: Block, offset: number, nodes: PhrasingContent[], spans = blockText(block).spans): void {
  const span = spans.find((s) => offset < s.end)
  if (!span) {
    block.children.push(...nodes)
    return
  }
  const { node, parent } = span
  const index = offset - span.start
  const position = parent.children.indexOf(node)
  if (index === 0) {
    parent.children.splice(position, 0, ...nodes)
    return
  }
  const map = node.data?.map
  const tail: Text = { type: 'text', value: node.value.slice(index), data: { ...node.data, map: map?.slice(index) } }
  node.value = node.value.slice(0, index)
  if (map) node.data!.map = map.slice(0, index)
  parent.children.splice(position + 1, 0, ...nodes, tail)
}

/** The witness offset just after the character before `offset` in the block. */
export function witnessOffsetAt(block: Block, offset: number): number {
  const { spans } = blockText(block)
  for (let k = spans.length - 1; k >= 0; k--) {
    const { node, start, end } = spans[k]!
    for (let i = Math.min(offset, end) - 1; i >= start; i--) {
      const o = node.data?.map?.[i - start]
      if (o !== undefined && o >= 0) return o + 1
    }
  }
  return 0
}
