/** The index of names and subjects: headwords from index.yaml, each occurrence marked in the tree. */
import type { FootnoteDefinition } from 'mdast'
import { visit } from 'unist-util-visit'
import { z } from 'zod'
import { blocksOf, blockText, foldWithMap, insertAt, type Block } from './anchors.ts'
import { fail } from './diagnostics.ts'
import type { EditionDocument } from './document.ts'
import { positionOf, readYaml } from './sources.ts'

const types = z.enum(['person', 'organisation', 'subject', 'work', 'place', 'event', 'publication', 'platform'])
const sub = z.object({ headword: z.string().min(1), terms: z.array(z.string().min(1)).min(1) }).strict()
export const indexSchema = z
  .object({
    entries: z.array(
      z
        .object({
          headword: z.string().min(1),
          type: types.optional(),
          gloss: z.string().optional(),
          terms: z.array(z.string().min(1)).default([]),
          sub: z.array(sub).default([]),
          see: z.string().optional(),
          seeAlso: z.array(z.string()).default([]),
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
  entries: IndexEntry[]
  exclusions: Array<{ words: string[]; reason: string }>
  /** For the name-coverage check: per document slug, per block id, the matched [start, end) ranges. */
  covered: Map<string, Array<[number, number]>>
}

/** Lower case, no diacritics, folded typography: Lukács = Lukacs = LUKACS. Same length mapping as foldWithMap. */
export function foldTerm(text: string): { folded: string; index: number[] } {
  const { folded, index } = foldWithMap(text)
  const plain = Array.from(folded, (ch) => ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()[0] ?? ch).join('')
  return { folded: plain, index }
}

export function buildIndex(path: string, documents: EditionDocument[]): EditionIndex {
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
  const entries: IndexEntry[] = data.entries.map((e) => ({ headword: e.headword, type: e.type, gloss: e.gloss, locators: [], sub: e.sub.map((s) => ({ headword: s.headword, locators: [] })), see: e.see, seeAlso: e.seeAlso }))
  const byTerm = new Map(targets.map((t) => [t.term, t]))
  const alternatives = [...byTerm.keys()].sort((a, b) => b.length - a.length).map(escape)
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu')
  const covered = new Map<string, Array<[number, number]>>()
  let counter = 0
  for (const doc of documents) {
    const notes = noteOf(doc)
    for (const block of blocksOf(doc.tree)) {
      // Editor's notes are not indexed: the index covers the sources.
      if (notes.get(block)?.data?.series === 'editor') continue
      const { text, at } = blockText(block)
      const { folded, index } = foldTerm(text)
      const hits = [...folded.matchAll(pattern)]
      const ranges: Array<[number, number]> = []
      // Right to left, so that inserting a mark does not move the offsets still to come.
      for (const m of hits.reverse()) {
        const start = index[m.index]!
        const end = index[m.index + m[0].length - 1]! + 1
        ranges.push([start, end])
        const t = byTerm.get(m[0])!
        const entry = entries[t.entry]!
        const id = `ix${++counter}`
        const list = t.sub === undefined ? entry.locators : entry.sub[t.sub]!.locators
        const number = numberOf(doc, block, notes)
        if (!list.some((l) => l.block === block.data!.id)) list.push({ mark: id, block: block.data!.id!, number, document: doc.source.number })
        else list.find((l) => l.block === block.data!.id)!.mark = id // keep the first occurrence in the block
        insertAt(block, start, [{ type: 'indexMark', data: { hName: 'span', hProperties: { id, className: ['ix'] }, entry: entry.headword } }], at)
      }
      covered.set(block.data!.id!, ranges)
    }
  }
  for (const e of entries) {
    e.locators.sort(byPlace)
    for (const s of e.sub) s.locators.sort(byPlace)
  }
  return { entries, exclusions: data.exclusions, covered }
}

function byPlace(a: Locator, b: Locator): number {
  const [ad, ap] = a.number.split('.')
  const [bd, bp] = b.number.split('.')
  return Number(ad) - Number(bd) || Number(ap?.replace(/\D/g, '') ?? 0) - Number(bp?.replace(/\D/g, '') ?? 0)
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

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
