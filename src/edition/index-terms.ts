/** The index of names and subjects: headwords from index.yaml, each occurrence marked in the tree. */
import type { FootnoteDefinition } from 'mdast'
import { visit } from 'unist-util-visit'
import { z } from 'zod'
import { foldWithMap } from '../witness/fold.ts'
import { blocksOf, insertAt, sourceText, type Block } from './anchors.ts'
import { fail } from './diagnostics.ts'
import type { EditionDocument } from './document.ts'
import { positionOf, readYaml } from './sources.ts'
import { smarten } from './typography.ts'

const types = z.enum(['person', 'organisation', 'subject', 'work', 'place', 'event', 'publication', 'platform'])
/** Headwords, glosses and cross-references are editorial prose: the witnesses' typography (Haz’s, “MAGA”). */
const prose = z.string().min(1).transform((text) => smarten(text))
const sub = z.object({ headword: prose, terms: z.array(z.string().min(1)).min(1) }).strict()
export const indexSchema = z
  .object({
    entries: z.array(
      z
        .object({
          headword: prose,
          type: types.optional(),
          gloss: prose.optional(),
          terms: z.array(z.string().min(1)).default([]),
          sub: z.array(sub).default([]),
          see: prose.optional(),
          seeAlso: z.array(prose).default([]),
        })
        .strict()
    ),
    exclusions: z.array(z.object({ words: z.array(z.string()).min(1), reason: z.string().min(1) }).strict()).default([]),
  })
  .strict()

/** An inline, textless mark of one occurrence: writers link to it (HTML, EPUB) or page it (PDF). */
export interface IndexMark {
  type: 'indexMark'
  data: { hName: 'span'; hProperties: { id: string; className: string[] }; entry: string }
}

declare module 'mdast' {
  interface PhrasingContentMap {
    indexMark: IndexMark
  }
  interface RootContentMap {
    indexMark: IndexMark
  }
}

export interface Locator {
  /** The mark's id (the occurrence) and the block it stands in. */
  mark: string
  block: string
  /** Citable number of the block, e.g. 2.14 (or 2.n3 inside note 3). */
  number: string
  document: number
}

export interface IndexEntry {
  headword: string
  type?: string
  gloss?: string
  locators: Locator[]
  sub: Array<{ headword: string; locators: Locator[] }>
  see?: string
  seeAlso: string[]
}

export interface EditionIndex {
  /** A digest of everything the index was made from (index.yaml, every document): equal digests, equal indexes. */
  inputs: string
  entries: IndexEntry[]
  exclusions: Array<{ words: string[]; reason: string }>
  /** For the name-coverage check: per document slug, per block id, the matched [start, end) ranges. */
  covered: Map<string, Array<[number, number]>>
}

/** Lower case, no diacritics, folded typography: Lukács = Lukacs = LUKACS. Same length mapping as foldWithMap. */
export function foldTerm(text: string): { folded: string; index: number[] } {
  const { folded, index } = foldWithMap(text)
  return { folded: folded.replace(/[A-Z\u0080-\uffff]/g, plainLetter), index }
}

/** One character without its diacritics, in lower case, still one character. */
function plainLetter(ch: string): string {
  return ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()[0] ?? ch
}

interface TermTrie {
  /** The children, by UTF-16 code unit. */
  next: Map<number, TermTrie>
  /** The term that ends here. */
  term?: string
}

type TermMatcher = (folded: string) => Array<{ start: number; end: number; term: string }>

/**
 * Find the terms in a folded text in one pass: where a word may start, the longest term that ends where a word
 * ends, then on after it (what one alternation of all terms, longest first, between word boundaries would find).
 */
function termMatcher(terms: string[]): TermMatcher {
  const root: TermTrie = { next: new Map() }
  for (const term of terms) {
    let node = root
    for (let i = 0; i < term.length; i++) {
      const unit = term.charCodeAt(i)
      node = node.next.get(unit) ?? node.next.set(unit, { next: new Map() }).get(unit)!
    }
    node.term = term
  }
  return (text) => {
    const hits: Array<{ start: number; end: number; term: string }> = []
    for (let start = 0; start < text.length; start++) {
      if (letterOrDigitBefore(text, start)) continue
      let hit: { start: number; end: number; term: string } | undefined
      let end = start
      for (let node = root.next.get(text.charCodeAt(end++)); node; node = node.next.get(text.charCodeAt(end++)))
        if (node.term !== undefined && !letterOrDigitAt(text, end)) hit = { start, end, term: node.term }
      if (hit) {
        hits.push(hit)
        start = hit.end - 1
      }
    }
    return hits
  }
}

const letterOrDigit = /[\p{L}\p{N}]/u

/** Whether the character (code point) at `i` is a letter or digit; ASCII without a regular expression, as it is most of the text. */
function letterOrDigitAt(text: string, i: number): boolean {
  const unit = text.charCodeAt(i)
  if (unit < 128) return (unit >= 48 && unit <= 57) || ((unit | 32) >= 97 && (unit | 32) <= 122)
  return i < text.length && letterOrDigit.test(String.fromCodePoint(text.codePointAt(i)!))
}

/** Whether the character (code point) just before `i` is a letter or digit. */
function letterOrDigitBefore(text: string, i: number): boolean {
  if (i === 0) return false
  const lowSurrogate = (text.charCodeAt(i - 1) & 0xfc00) === 0xdc00 && i >= 2 && (text.charCodeAt(i - 2) & 0xfc00) === 0xd800
  return letterOrDigitAt(text, lowSurrogate ? i - 2 : i - 1)
}

type IndexFile = z.infer<typeof indexSchema>

/** index.yaml, checked, and its terms folded and ready to be found in the text. */
export interface IndexTerms {
  entries: IndexFile['entries']
  exclusions: IndexFile['exclusions']
  /** Per folded term, the entry (and sub-entry) it marks. */
  byTerm: Map<string, { entry: number; sub?: number }>
  match: TermMatcher
}

export function readIndex(path: string): IndexTerms {
  const data = readYaml(path, indexSchema)
  const headwords = new Map<string, number>()
  data.entries.forEach((e, i) => {
    if (headwords.has(e.headword)) fail(path, positionOf(path, ['entries', i, 'headword']), `headword “${e.headword}” appears twice`, 'F-INDEX-001', 'merge the two entries')
    headwords.set(e.headword, i)
  })
  const targets: Array<{ term: string; entry: number; sub?: number }> = []
  const owner = new Map<string, string>()
  data.entries.forEach((e, i) => {
    for (const target of [e.see, ...e.seeAlso].filter((t): t is string => t !== undefined))
      if (!headwords.has(target)) fail(path, positionOf(path, ['entries', i, e.see === target ? 'see' : 'seeAlso']), `“${e.headword}” refers to “${target}”, which is not a headword`, 'F-INDEX-002', 'use an existing headword exactly')
    const add = (term: string, keys: (string | number)[], s?: number) => {
      const key = foldTerm(term).folded
      const name = s === undefined ? e.headword : `${e.headword} — ${e.sub[s]!.headword}`
      if (owner.has(key) && owner.get(key) !== name) fail(path, positionOf(path, keys), `the term “${term}” belongs to both “${owner.get(key)}” and “${name}”`, 'F-INDEX-003', 'a term may mark one headword only')
      owner.set(key, name)
      targets.push({ term: key, entry: i, sub: s })
    }
    e.terms.forEach((t, k) => add(t, ['entries', i, 'terms', k]))
    e.sub.forEach((s, si) => s.terms.forEach((t, k) => add(t, ['entries', i, 'sub', si, 'terms', k], si)))
  })
  const byTerm = new Map(targets.map(({ term, ...target }) => [term, target]))
  return { entries: data.entries, exclusions: data.exclusions, byTerm, match: termMatcher([...byTerm.keys()]) }
}

/** One document's share of the index: its occurrences, marked in its tree. */
export interface DocumentIndex {
  /** The locators the document adds, in order, each with the entry (and sub-entry) whose list it joins. */
  locators: Array<{ entry: number; sub?: number; locator: Locator }>
  /** Per block id, the matched [start, end) ranges. */
  covered: Array<[string, Array<[number, number]>]>
  /** How many occurrences were marked: the next document's marks are numbered on from here. */
  marks: number
}

/**
 * Mark every occurrence of the terms in one document's source blocks, numbering the marks on from `marksBefore`
 * (ids are unique across the edition); `terms` is left as it is.
 */
export function indexDocument({ entries, byTerm, match }: IndexTerms, doc: EditionDocument, marksBefore: number): DocumentIndex {
  const found: DocumentIndex = { locators: [], covered: [], marks: 0 }
  const notes = noteOf(doc)
  for (const block of blocksOf(doc.tree)) {
    // Editor's notes are not indexed: the index covers the sources.
    if (notes.get(block)?.data?.series === 'editor') continue
    const { text, spans } = sourceText(block)
    const { folded, index } = foldTerm(text)
    const blockId = block.data!.id!
    let number: string | undefined
    // One locator per list (entry or sub-entry) and block, pointing at the block's first occurrence.
    const located = new Map<string, Locator>()
    const ranges: Array<[number, number]> = []
    // Right to left, so that inserting a mark does not move the offsets still to come.
    for (const hit of match(folded).reverse()) {
      const start = index[hit.start]!
      const end = index[hit.end - 1]! + 1
      ranges.push([start, end])
      const t = byTerm.get(hit.term)!
      const mark = `ix${marksBefore + ++found.marks}`
      const list = `${t.entry} ${t.sub}`
      const locator = located.get(list)
      if (locator) locator.mark = mark
      else {
        const created = { mark, block: blockId, number: (number ??= numberOf(doc, block, notes)), document: doc.source.number }
        located.set(list, created)
        found.locators.push({ entry: t.entry, sub: t.sub, locator: created })
      }
      insertAt(block, start, [{ type: 'indexMark', data: { hName: 'span', hProperties: { id: mark, className: ['ix'] }, entry: entries[t.entry]!.headword } }], spans)
    }
    found.covered.push([blockId, ranges])
  }
  return found
}

/** The index: the entries of index.yaml with the locators of every document, in document order. */
export function collectIndex({ entries: headwords, exclusions }: IndexTerms, documents: DocumentIndex[], inputs: string): EditionIndex {
  const entries: IndexEntry[] = headwords.map((e) => ({ headword: e.headword, type: e.type, gloss: e.gloss, locators: [], sub: e.sub.map((s) => ({ headword: s.headword, locators: [] })), see: e.see, seeAlso: e.seeAlso }))
  const covered = new Map<string, Array<[number, number]>>()
  for (const doc of documents) {
    for (const { entry, sub, locator } of doc.locators) (sub === undefined ? entries[entry]!.locators : entries[entry]!.sub[sub]!.locators).push(locator)
    for (const [block, ranges] of doc.covered) covered.set(block, ranges)
  }
  for (const e of entries) {
    e.locators = inPlaceOrder(e.locators)
    for (const s of e.sub) s.locators = inPlaceOrder(s.locators)
  }
  return { inputs, entries, exclusions, covered }
}

/** Locators by document, then paragraph (2.14 and 2.14a, 2.n3 and 2.3 sort together); a stable sort. */
function inPlaceOrder(locators: Locator[]): Locator[] {
  const place = (l: Locator) => {
    const [document, paragraph] = l.number.split('.')
    return { locator: l, document: Number(document), paragraph: Number(paragraph?.replace(/\D/g, '') ?? 0) }
  }
  return locators
    .map(place)
    .sort((a, b) => a.document - b.document || a.paragraph - b.paragraph)
    .map((p) => p.locator)
}

/** The note (footnote definition) each block of a document stands in, if any. */
function noteOf(doc: EditionDocument): Map<Block, FootnoteDefinition> {
  const map = new Map<Block, FootnoteDefinition>()
  visit(doc.tree, 'footnoteDefinition', (def) => {
    for (const child of def.children) if (child.type === 'paragraph' || child.type === 'heading') map.set(child, def)
  })
  return map
}

/** The citable number of a block: its own, that of the note it sits in (2.n3), or for a heading the next paragraph's. */
function numberOf(doc: EditionDocument, block: Block, notes: Map<Block, FootnoteDefinition>): string {
  if (block.type === 'paragraph' && block.data?.number) return block.data.number
  const note = notes.get(block)
  if (note) return `${doc.source.number}.n${note.data?.mark ?? note.identifier}`
  const i = doc.tree.children.indexOf(block as never)
  const next = doc.tree.children.slice(i + 1).find((n) => n.type === 'paragraph' && n.data?.number)
  return next?.type === 'paragraph' ? next.data!.number! : `${doc.source.number}`
}
