/**
 * The offline search of the site: every numbered paragraph and every note of the documents, as a compact MiniSearch
 * index (terms and where they occur, no text) and, apart, a short snippet of each, loaded only when a reader searches.
 */
import { runInNewContext } from 'node:vm'
import MiniSearch from 'minisearch'
import { numberedBlocks, plainText } from '../content.ts'
import { seriesNames, type IndexEntryView, type Part } from '../model.ts'
import { clientScript } from './assets.ts'

export interface SearchEntry {
  /** The id the result links to: the citable number of a paragraph (`2.14`), the id of a note. */
  anchor: string
  /** What the result shows: `2.14`, `Note 1`, `Editor’s note a`. */
  label: string
  text: string
}

/** A document's page and what of it is searched. */
export interface SearchDocument {
  file: string
  title: string
  entries: SearchEntry[]
}

/** Read from the script the pages load, so that the index and the query fold text the same way. */
const shared = runInNewContext(`${clientScript('search-data.js')}; ({ folioProcessTerm, folioIndexJson })`) as {
  folioProcessTerm: (term: string) => string
  folioIndexJson: (data: CompactIndex) => ReturnType<MiniSearch['toJSON']>
}
export const { folioProcessTerm: processTerm, folioIndexJson: indexJson } = shared

/** The options the index is made with; the pages load it with the same ones. */
export const searchOptions = { fields: ['text'] }

/** How long a snippet may be, in characters: enough to recognise the place, far from the whole text. */
const snippetLength = 100

/** What search finds of a document (on its page `file`): its numbered paragraphs, then its notes. */
export function searchDocument(part: Part, file: string): SearchDocument {
  return {
    file,
    title: part.title,
    entries: [...numberedBlocks(part.body).map((b) => ({ anchor: b.number, label: b.number, text: plainText(b.content) })), ...part.notes.map((n) => ({ anchor: n.id, label: `${seriesNames[n.series].note} ${n.mark}`, text: plainText(n.content) }))],
  }
}

/**
 * The one-word spellings of each index entry that has one in another script (one of those edition.yaml's
 * scriptLanguages names), folded: search takes them for one another, so that a name written in Cyrillic finds its Latin spelling.
 */
export function spellingGroups(index: IndexEntryView[], scripts: string[]): string[][] {
  const other = scripts.map((script) => new RegExp(`\\p{Script=${script}}`, 'u'))
  const groups = index.flatMap((e) => {
    const words = [...new Set(e.spellings.filter((t) => !/[\s\p{P}]/u.test(t)).map(processTerm))].sort()
    const inOther = words.filter((w) => other.some((r) => r.test(w))).length
    return inOther > 0 && inOther < words.length ? [words] : []
  })
  return [...new Map(groups.map((g) => [g.join(' '), g])).values()].sort()
}

export interface CompactIndex {
  /** Each document with its entries, numbered on from the previous document's: a paragraph's entry is its number. */
  documents: Array<{ file: string; title: string; entries: Array<string | [anchor: string, label: string]> }>
  /** Each entry's number of terms, and their average (MiniSearch's own, kept as it computed it). */
  lengths: number[]
  average: number
  /** A line per term, as `folioIndexJson` in client/search-data.js reads it. */
  terms: string
  /** Words search takes for one another (`spellingGroups`). */
  spellings: string[][]
}

/** The index of `documents`, in the compact form the pages read back with `folioIndexJson`. */
export function compactIndex(documents: SearchDocument[], spellings: string[][] = []): CompactIndex {
  // Words recur: each distinct one is folded once.
  const folded = new Map<string, string>()
  const fold = (term: string) => folded.get(term) ?? folded.set(term, processTerm(term)).get(term)!
  const index = new MiniSearch<SearchEntry & { id: number }>({ ...searchOptions, processTerm: fold })
  index.addAll(documents.flatMap((d) => d.entries).map((e, id) => ({ ...e, id })))
  const json = index.toJSON()
  const terms = json.index
    .map(([term, fields]) => {
      let previous = 0
      const postings = Object.entries(fields[0]!)
        .map(([id, count]) => [Number(id), count] as const)
        .sort((a, b) => a[0] - b[0])
        .map(([id, count]) => {
          const step = (id - previous).toString(36)
          previous = id
          return count > 1 ? `${step}:${count.toString(36)}` : step
        })
      return `${term} ${postings.join(',')}`
    })
    .sort()
  return {
    documents: documents.map((d) => ({ file: d.file, title: d.title, entries: d.entries.map((e) => (e.anchor === e.label ? e.anchor : [e.anchor, e.label])) })),
    lengths: Object.values(json.fieldLength).map((l) => l[0]!),
    average: json.averageFieldLength[0]!,
    terms: terms.join('\n'),
    spellings,
  }
}

/** `search-index.js`: a classic script (fetch() fails from file://) defining `folioSearchIndex`, loaded when search opens. */
export function searchIndexScript(documents: SearchDocument[], spellings: string[][]): string {
  return `var folioSearchIndex=${JSON.stringify(compactIndex(documents, spellings))};\n`
}

/** The beginning of `text`, cut at a space. */
export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= snippetLength) return flat
  const space = flat.lastIndexOf(' ', snippetLength)
  return `${flat.slice(0, space > snippetLength / 2 ? space : snippetLength)}…`
}

/** `search-snippets.js`: the snippet of each entry, in the index's order, loaded at a reader's first query. */
export function searchSnippetsScript(documents: SearchDocument[]): string {
  return `var folioSearchSnippets=${JSON.stringify(documents.flatMap((d) => d.entries.map((e) => snippet(e.text))))};\n`
}
