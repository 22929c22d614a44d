/** Find stand-off anchors (an exact quote, with optional prefix/suffix) in the text of a document's blocks. */
import type { Heading, Paragraph, PhrasingContent, Root, Text } from 'mdast'
import { visit } from 'unist-util-visit'

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

/** The block's text and, for each character, the text node and index it comes from. */
export function blockText(block: Block): { text: string; at: Array<{ node: Text; index: number }> } {
  let text = ''
  const at: Array<{ node: Text; index: number }> = []
  visit(block, 'text', (node) => {
    for (let i = 0; i < node.value.length; i++) at.push({ node, index: i })
    text += node.value
  })
  return { text, at }
}

/**
 * Fold typography (quotes, dashes, ellipsis, whitespace runs) so that an anchor typed with straight quotes
 * matches typographic text. Returns the folded string and, per folded character, its index in `text`.
 */
export function foldWithMap(text: string): { folded: string; index: number[] } {
  let folded = ''
  const index: number[] = []
  for (let i = 0; i < text.length; i++) {
    let ch = text[i]!
    if (/[\s\u00a0]/.test(ch)) {
      if (folded.endsWith(' ')) continue
      ch = ' '
    } else if (/[‘’ʼ′]/.test(ch)) ch = "'"
    else if (/[“”″]/.test(ch)) ch = '"'
    else if (/[—–‐‑]/.test(ch)) ch = '-'
    else if (ch === '…') ch = '...'
    for (const c of ch) {
      folded += c
      index.push(i)
    }
  }
  index.push(text.length)
  return { folded, index }
}

export function fold(text: string): string {
  return foldWithMap(text).folded
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
 * witness maps. `at` (from blockText) may be passed when inserting several times right to left: the characters
 * left of an insertion keep their nodes and indices.
 */
export function insertAt(block: Block, offset: number, nodes: PhrasingContent[], at = blockText(block).at): void {
  const target = offset < at.length ? at[offset] : undefined
  if (!target) {
    appendInside(block, nodes)
    return
  }
  const { node, index } = target
  const parent = findParent(block, node)!
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

function appendInside(block: Block, nodes: PhrasingContent[]) {
  block.children.push(...nodes)
}

type Parent = { children: PhrasingContent[] }

function findParent(root: Block, child: Text): Parent | undefined {
  let found: Parent | undefined
  visit(root, (node) => {
    if (!found && 'children' in node && (node.children as unknown[]).includes(child)) found = node as Parent
  })
  return found
}
