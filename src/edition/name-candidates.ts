/** Capitalised words in the texts that the index neither marks nor excludes: what an editor should still index. */
import { fold } from '../witness/fold.ts'
import { blocksOf, sourceText } from './anchors.ts'
import type { EditionDocument } from './document.ts'
import type { EditionIndex } from './index-terms.ts'

const token = /[\p{Lu}][\p{L}\p{M}'’.-]*/gu

export interface Candidate {
  name: string
  count: number
  /** Where it first occurs: citable number. */
  first: string
}

/** Runs of capitalised words that are not sentence-initial; a run is covered when each word is indexed or excluded. */
export function uncoveredNames(documents: EditionDocument[], index: EditionIndex): Candidate[] {
  const excluded = new Set(index.exclusions.flatMap((e) => e.words).map(fold))
  const found = new Map<string, Candidate>()
  for (const doc of documents)
    for (const block of blocksOf(doc.tree)) {
      const id = block.data?.id
      // The index covers the sources; editor's notes (ids ed-…) are not indexed.
      if (!id || id.startsWith('ed-')) continue
      const ranges = index.covered.get(id) ?? []
      const { text } = sourceText(block)
      let run: string[] = []
      const flush = () => {
        if (run.length > 0) {
          const name = run.join(' ')
          const c = found.get(name) ?? { name, count: 0, first: block.data && 'number' in block.data ? String(block.data.number ?? id) : id }
          c.count++
          found.set(name, c)
        }
        run = []
      }
      let last = -2
      for (const m of text.matchAll(token)) {
        const word = m[0].replace(/[.'’-]+$/, '')
        const start = m.index
        const between = text.slice(last, start)
        if (last >= 0 && !/^\s+$/.test(between)) flush()
        last = start + m[0].length
        if (sentenceInitial(text, start) || excluded.has(fold(word)) || excluded.has(fold(m[0])) || ranges.some(([s, e]) => s <= start && start < e)) {
          flush()
          continue
        }
        run.push(word)
      }
      flush()
    }
  return [...found.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
}

function sentenceInitial(text: string, at: number): boolean {
  const before = text.slice(0, at).replace(/[“"‘'(\[—–-]+$/, '').trimEnd()
  return before === '' || /[.?!:…]$/.test(before) || /^(Q|A)\.$/.test(before)
}
