/**
 * Keep ids and citable numbers across released versions: a block whose text matches (exactly, or closely) a
 * block of the previous release takes over its id and number; a new paragraph gets the number of the one
 * before it plus a letter (2.14a); ids of removed blocks are never given out again.
 */
import type { Heading, Paragraph, ParagraphData, Root } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { visit } from 'unist-util-visit'
import type { BlockRecord } from './releases.ts'
import { letter } from '../witness/letters.ts'

export interface LineageOptions {
  previous: BlockRecord[]
  retired: Set<string>
}

/** Share of words two texts have in common, in order (0–1). */
export function similarity(a: string, b: string): number {
  const wa = a.toLowerCase().split(/\s+/).filter(Boolean)
  const wb = b.toLowerCase().split(/\s+/).filter(Boolean)
  if (wa.length === 0 || wb.length === 0) return 0
  const counts = new Map<string, number>()
  for (const w of wa) counts.set(w, (counts.get(w) ?? 0) + 1)
  let common = 0
  for (const w of wb) {
    const n = counts.get(w) ?? 0
    if (n > 0) {
      common++
      counts.set(w, n - 1)
    }
  }
  return (2 * common) / (wa.length + wb.length)
}

const threshold = 0.75

export default function lineage(options: LineageOptions) {
  return (tree: Root) => {
    if (options.previous.length === 0) return
    const blocks: Array<Paragraph | Heading> = []
    visit(tree, (node) => {
      if ((node.type === 'paragraph' || node.type === 'heading') && node.data?.id) blocks.push(node)
    })
    const old = new Map(options.previous.map((b) => [b.id, b]))
    const unmatched = new Set(options.previous.map((b) => b.id))
    const match = new Map<Paragraph | Heading, BlockRecord>()
    // Exact text first, then the closest remaining block of the same kind.
    const byText = new Map<string, BlockRecord[]>()
    for (const b of options.previous) byText.set(b.text, [...(byText.get(b.text) ?? []), b])
    for (const block of blocks) {
      const found = (byText.get(toString(block)) ?? []).find((b) => unmatched.has(b.id) && kindOf(b.id) === kindOf(block.data!.id!))
      if (found) {
        match.set(block, found)
        unmatched.delete(found.id)
      }
    }
    for (const block of blocks) {
      if (match.has(block)) continue
      let best: BlockRecord | undefined
      let score = threshold
      for (const id of unmatched) {
        const b = old.get(id)!
        if (kindOf(id) !== kindOf(block.data!.id!)) continue
        const s = similarity(b.text, toString(block))
        if (s >= score) {
          best = b
          score = s
        }
      }
      if (best) {
        match.set(block, best)
        unmatched.delete(best.id)
      }
    }
    const taken = new Set([...options.retired, ...options.previous.map((b) => b.id)])
    const numbers = new Set(options.previous.map((b) => b.number).filter(Boolean))
    let lastNumber: string | undefined
    for (const block of blocks) {
      const data = block.data as ParagraphData
      const previous = match.get(block)
      if (previous) {
        data.id = previous.id
        if (block.type === 'paragraph' && data.number && previous.number) data.number = previous.number
      } else {
        let id = data.id!
        for (let n = 2; taken.has(id); n++) id = `${data.id}-${n}`
        data.id = id
        if (block.type === 'paragraph' && data.number && lastNumber) {
          let suffix = 0
          let candidate: string
          do candidate = `${lastNumber}${letter(suffix++)}`
          while (numbers.has(candidate))
          data.number = candidate
        }
      }
      taken.add(data.id!)
      data.hProperties = { ...data.hProperties, id: data.id! }
      if (block.type === 'paragraph' && data.number) {
        numbers.add(data.number)
        lastNumber = data.number
      }
    }
  }
}

function kindOf(id: string): string {
  return id[0]!
}
