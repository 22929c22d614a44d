/**
 * What an editor should still index: capitalised words in the texts that the index neither marks nor excludes, and
 * common nouns mentioned often that no headword covers (missing subjects).
 */
import nlp from 'compromise'
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

/** Source blocks with their text (supplied words blanked), citable place and index coverage. */
function sourceBlocks(documents: EditionDocument[], index: EditionIndex) {
  return documents.flatMap((doc) =>
    blocksOf(doc.tree)
      .filter((block) => block.data?.id && !block.data.id.startsWith('ed-'))
      .map((block) => ({ text: sourceText(block).text, ranges: index.covered.get(block.data!.id!) ?? [], first: block.data && 'number' in block.data ? String(block.data.number ?? block.data.id) : block.data!.id! }))
  )
}

/**
 * Lower-case common nouns (as compromise tags them; singular and plural together) mentioned at least `min` times
 * where no index term covers them: subjects the index may be missing.
 */
export function uncoveredNouns(documents: EditionDocument[], index: EditionIndex, min = 3): Candidate[] {
  const found = new Map<string, Candidate>()
  const singular = new Map<string, string>()
  for (const { text, ranges, first } of sourceBlocks(documents, index)) {
    const nouns = nlp(text).match('#Noun').not('(#ProperNoun|#Pronoun|#Value|#Acronym)').json({ offset: true, terms: { normal: true } }) as Array<{ terms: Array<{ normal: string; text: string; tags: string[]; offset: { start: number } }> }>
    for (const term of nouns.flatMap((n) => n.terms)) {
      const word = term.normal
      if (!/^\p{Ll}[\p{Ll}-]{3,}$/u.test(word) || !term.tags.includes('Noun') || !/^\p{Ll}/u.test(term.text)) continue
      const start = term.offset.start
      if (ranges.some(([s, e]) => s <= start && start < e)) continue
      const key = singular.get(word) ?? singular.set(word, nlp(word).nouns().toSingular().text() || word).get(word)!
      const c = found.get(key) ?? { name: key, count: 0, first }
      c.count++
      found.set(key, c)
    }
  }
  return [...found.values()].filter((c) => c.count >= min).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
}
