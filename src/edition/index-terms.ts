/** The index of names and subjects: headwords from index.yaml, each occurrence marked in the tree. */
import type { FootnoteDefinition, Node } from 'mdast'
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
/** Places given by citable number (2.14, 3.n6), with the editor's reason: where matching is wrong, or misses. */
const places = z.array(z.object({ at: z.array(z.string().regex(/^\d+\.(n?\d+[a-z]?)$/)).min(1), reason: z.string().min(1) }).strict()).default([])
/** What an entry and a sub-entry share: how their mentions are found, and corrected by hand. */
const marking = {
  /** Matched case- and diacritic-insensitively on whole words; the longest match wins. */
  terms: z.array(z.string().min(1)).default([]),
  /** Matched with their capitals as written (“US”, not “us”). */
  caseTerms: z.array(z.string().min(1)).default([]),
  /** Paragraphs where a term is not meant in this sense: no locator there. */
  exclude: places,
  /** Paragraphs that mention the subject in words no term catches: a locator there. */
  add: places,
  /** Headwords that a mention of this entry's terms also counts for, when both are meant (the overlap rule). */
  alsoFor: z.array(z.string().min(1)).default([]),
  /** The headword is the title of a work (set in italics). */
  title: z.boolean().optional(),
}
const sub = z.object({ headword: prose, ...marking }).strict().refine((s) => s.terms.length + s.caseTerms.length + s.add.length > 0, 'a sub-entry needs terms, caseTerms or add')
export const indexSchema = z
  .object({
    entries: z.array(
      z
        .object({
          headword: prose,
          type: types.optional(),
          gloss: prose.optional(),
          ...marking,
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
export interface IndexMark extends Node {
  type: 'indexMark'
  /** The mark's element id (`ix…`), which the index's locators link to. */
  id: string
  /** The entry's headword. */
  entry: string
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
  /** Whether the block is in a note (an author's note: editor's notes are not indexed). */
  inNote: boolean
}

export interface IndexEntry {
  headword: string
  type?: string
  gloss?: string
  /** The headword is the title of a work: writers set it in italics. */
  title: boolean
  locators: Locator[]
  sub: Array<{ headword: string; title: boolean; locators: Locator[] }>
  see?: string
  seeAlso: string[]
  /** The spellings index.yaml gives the entry (terms and caseTerms): search takes them for one another. */
  spellings: string[]
}

export interface EditionIndex {
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

/** An entry's own list of locators, or one of its sub-entries'. */
interface List {
  entry: number
  sub?: number
}

const listKey = (l: List) => `${l.entry} ${l.sub}`

/** index.yaml, checked, and its terms folded and ready to be found in the text. */
export interface IndexTerms {
  path: string
  entries: IndexFile['entries']
  exclusions: IndexFile['exclusions']
  /** Per folded term, the list it marks and the lists it also counts for (alsoFor). */
  byTerm: Map<string, { list: List; also: List[] }>
  match: TermMatcher
  /** The same for the case-sensitive terms (folded for typography only). */
  byCaseTerm: Map<string, { list: List; also: List[] }>
  matchCase: TermMatcher
  /** Per list, the places excluded; per place, the lists added there by hand. */
  excluded: Map<string, Set<string>>
  added: Map<string, List[]>
}

export function readIndex(path: string): IndexTerms {
  // Optional: an edition without an index leaves the file out.
  const data = readYaml(path, indexSchema, undefined, { entries: [] })
  const headwords = new Map<string, number>()
  data.entries.forEach((e, i) => {
    if (headwords.has(e.headword)) fail(path, positionOf(path, ['entries', i, 'headword']), `headword “${e.headword}” appears twice`, 'F-INDEX-001', 'merge the two entries')
    headwords.set(e.headword, i)
  })
  const byTerm = new Map<string, { list: List; also: List[] }>()
  const byCaseTerm = new Map<string, { list: List; also: List[] }>()
  const owner = new Map<string, string>()
  const excluded = new Map<string, Set<string>>()
  const added = new Map<string, List[]>()
  data.entries.forEach((e, i) => {
    for (const target of [e.see, ...e.seeAlso].filter((t): t is string => t !== undefined))
      if (!headwords.has(target)) fail(path, positionOf(path, ['entries', i, e.see === target ? 'see' : 'seeAlso']), `“${e.headword}” refers to “${target}”, which is not a headword`, 'F-INDEX-002', 'use an existing headword exactly')
    const mark = (m: Pick<IndexFile['entries'][number], 'terms' | 'caseTerms' | 'exclude' | 'add' | 'alsoFor'>, keys: (string | number)[], list: List, name: string) => {
      const also = m.alsoFor.map((h, k): List => {
        if (!headwords.has(h)) fail(path, positionOf(path, [...keys, 'alsoFor', k]), `“${name}” counts also for “${h}”, which is not a headword`, 'F-INDEX-002', 'use an existing headword exactly')
        return { entry: headwords.get(h)! }
      })
      const add = (term: string, at: (string | number)[], caseSensitive: boolean) => {
        const key = caseSensitive ? `case\0${foldWithMap(term).folded}` : foldTerm(term).folded
        if (owner.has(key) && owner.get(key) !== name) fail(path, positionOf(path, at), `the term “${term}” belongs to both “${owner.get(key)}” and “${name}”`, 'F-INDEX-003', 'a term may mark one headword only')
        owner.set(key, name)
        ;(caseSensitive ? byCaseTerm : byTerm).set(caseSensitive ? key.slice(5) : key, { list, also })
      }
      m.terms.forEach((t, k) => add(t, [...keys, 'terms', k], false))
      m.caseTerms.forEach((t, k) => add(t, [...keys, 'caseTerms', k], true))
      for (const x of m.exclude) for (const at of x.at) excluded.set(listKey(list), (excluded.get(listKey(list)) ?? new Set()).add(at))
      for (const x of m.add) for (const at of x.at) added.set(at, [...(added.get(at) ?? []), list])
    }
    mark(e, ['entries', i], { entry: i }, e.headword)
    e.sub.forEach((s, si) => mark(s, ['entries', i, 'sub', si], { entry: i, sub: si }, `${e.headword} — ${s.headword}`))
  })
  return { path, entries: data.entries, exclusions: data.exclusions, byTerm, match: termMatcher([...byTerm.keys()]), byCaseTerm, matchCase: termMatcher([...byCaseTerm.keys()]), excluded, added }
}

/** One document's share of the index: its occurrences, marked in its tree. */
export interface DocumentIndex {
  /** The locators the document adds, in order, each with the entry (and sub-entry) whose list it joins. */
  locators: Array<{ entry: number; sub?: number; locator: Locator }>
  /** Per block id, the matched [start, end) ranges. */
  covered: Array<[string, Array<[number, number]>]>
  /** How many occurrences were marked: the next document's marks are numbered on from here. */
  marks: number
  /** The citable numbers of the blocks indexed, for checking the places index.yaml names. */
  numbers: string[]
}

/** Hits of both matchers, left to right; where they overlap, the longer (then the earlier) wins. */
function mergeHits<T extends { start: number; end: number }>(a: T[], b: T[]): T[] {
  if (b.length === 0) return a
  const all = [...a, ...b].sort((x, y) => x.start - y.start || y.end - x.end)
  const out: T[] = []
  for (const hit of all) {
    const last = out.at(-1)
    if (last && hit.start < last.end) {
      if (hit.end - hit.start > last.end - last.start) out[out.length - 1] = hit
      continue
    }
    out.push(hit)
  }
  return out
}

/**
 * Mark every occurrence of the terms in one document's source blocks, numbering the marks on from `marksBefore`
 * (ids are unique across the edition); `terms` is left as it is. A mention counts for its term's list and for the
 * lists its entry names in `alsoFor`; a list's excluded places get no locator; places added by hand get one.
 */
export function indexDocument({ entries, byTerm, match, byCaseTerm, matchCase, excluded, added }: IndexTerms, doc: EditionDocument, marksBefore: number): DocumentIndex {
  const found: DocumentIndex = { locators: [], covered: [], marks: 0, numbers: [] }
  const notes = noteOf(doc)
  for (const block of blocksOf(doc.tree)) {
    // Editor's notes are not indexed: the index covers the sources.
    if (notes.get(block)?.data?.series === 'editor') continue
    const { text, spans } = sourceText(block)
    const { folded, index } = foldTerm(text)
    const blockId = block.data!.id!
    const number = numberOf(doc, block, notes)
    found.numbers.push(number)
    // One locator per list (entry or sub-entry) and block, pointing at the block's first occurrence.
    const located = new Map<string, Locator>()
    const locate = (list: List, mark: string) => {
      if (excluded.get(listKey(list))?.has(number)) return
      const locator = located.get(listKey(list))
      if (locator) locator.mark = mark
      else {
        const created = { mark, block: blockId, number, document: doc.source.number, inNote: notes.has(block) }
        located.set(listKey(list), created)
        found.locators.push({ ...list, locator: created })
      }
    }
    const ranges: Array<[number, number]> = []
    const caseHits = byCaseTerm.size > 0 ? matchCase(foldWithMap(text).folded).map((h) => ({ ...h, target: byCaseTerm.get(h.term)! })) : []
    const hits = mergeHits(match(folded).map((h) => ({ ...h, target: byTerm.get(h.term)! })), caseHits)
    // Right to left, so that inserting a mark does not move the offsets still to come.
    for (const hit of hits.reverse()) {
      const start = index[hit.start]!
      const end = index[hit.end - 1]! + 1
      ranges.push([start, end])
      const mark = `ix${marksBefore + ++found.marks}`
      for (const list of [hit.target.list, ...hit.target.also]) locate(list, mark)
      insertAt(block, start, [{ type: 'indexMark', id: mark, entry: entries[hit.target.list.entry]!.headword }], spans)
    }
    // Mentions no term catches, added by hand: the locator points at the paragraph.
    for (const list of added.get(number) ?? []) if (!located.has(listKey(list))) locate(list, blockId)
    found.covered.push([blockId, ranges])
  }
  return found
}

/** The index: the entries of index.yaml with the locators of every document, in document order. */
export function collectIndex({ path, entries: headwords, exclusions, excluded, added }: IndexTerms, documents: DocumentIndex[]): EditionIndex {
  // The places index.yaml names by number must be paragraphs or notes of the edition.
  const numbers = new Set(documents.flatMap((d) => d.numbers))
  const named = [...added.keys(), ...[...excluded.values()].flatMap((places) => [...places])]
  for (const at of named) if (!numbers.has(at)) fail(path, undefined, `index.yaml names the place ${at}, which is no paragraph or note of the edition`, 'F-INDEX-004', 'give a citable number as printed (2.14, 3.n6)')
  const isTitle = (e: IndexFile['entries'][number]) => e.title ?? (e.type === 'work' || e.type === 'publication')
  const entries: IndexEntry[] = headwords.map((e) => ({
    headword: e.headword,
    type: e.type,
    gloss: e.gloss,
    title: isTitle(e),
    locators: [],
    sub: e.sub.map((s) => ({ headword: s.headword, title: s.title ?? false, locators: [] })),
    see: e.see,
    seeAlso: e.seeAlso,
    spellings: [...e.terms, ...e.caseTerms],
  }))
  const covered = new Map<string, Array<[number, number]>>()
  for (const doc of documents) {
    for (const { entry, sub, locator } of doc.locators) (sub === undefined ? entries[entry]!.locators : entries[entry]!.sub[sub]!.locators).push(locator)
    for (const [block, ranges] of doc.covered) covered.set(block, ranges)
  }
  for (const e of entries) {
    e.locators = inPlaceOrder(e.locators)
    for (const s of e.sub) s.locators = inPlaceOrder(s.locators)
  }
  return { entries, exclusions, covered }
}

/**
 * Locators by document, then paragraph (2.14 and 2.14a, 2.n3 and 2.3 sort together); a stable sort. A number is
 * given once: a heading and the paragraph after it, or two paragraphs of one note, are one place to the reader.
 */
function inPlaceOrder(locators: Locator[]): Locator[] {
  const seen = new Set<string>()
  return sortByPlace(locators).filter((l) => !seen.has(l.number) && Boolean(seen.add(l.number)))
}

function sortByPlace(locators: Locator[]): Locator[] {
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
    // Every block in the note, also those in its quotations and lists (an editor's note may hold them).
    visit(def, (child) => {
      if (child.type === 'paragraph' || child.type === 'heading') map.set(child, def)
    })
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
