/** Work that grows with the size of a hostile source stays linear: many equal paragraphs get their ids at once. */
import type { Root } from 'mdast'
import { unified } from 'unified'
import { describe, expect, it } from 'vitest'
import blockIds from '../src/edition/block-ids.ts'

function equalParagraphs(n: number): { ids: Array<string | undefined>; ms: number } {
  const tree: Root = { type: 'root', children: Array.from({ length: n }, () => ({ type: 'paragraph' as const, children: [{ type: 'text' as const, value: 'Word[1] more[1].' }] })) }
  const started = performance.now()
  unified().use(blockIds, { document: 1, slug: 'x' }).runSync(tree)
  return { ids: tree.children.map((p) => (p.type === 'paragraph' ? p.data?.id : undefined)), ms: performance.now() - started }
}

describe('bounded work', () => {
  it('equal paragraphs get base, base-2 … base-n, in time linear in n', () => {
    const small = equalParagraphs(4_000)
    const { ids, ms } = equalParagraphs(16_000)
    expect(new Set(ids).size).toBe(16_000)
    expect(ids[1]).toBe(`${ids[0]}-2`)
    expect(ids.at(-1)).toBe(`${ids[0]}-16000`)
    // Four times the paragraphs: about four times the time (a search from -2 for each one made it sixteen).
    expect(ms / small.ms).toBeLessThan(9)
  })
})
