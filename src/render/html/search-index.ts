/** The offline search index: every numbered paragraph and every note of the documents, as a MiniSearch index in a JS file. */
import { runInNewContext } from 'node:vm'
import type { ElementContent } from 'hast'
import MiniSearch from 'minisearch'
import { seriesNames, type Model } from '../model.ts'
import { clientScript } from './assets.ts'
import type { Href } from './navigation.ts'

export interface SearchEntry {
  id: string
  href: string
  /** The citable number (`2.14`) or the note (`2, Note 1`). */
  label: string
  title: string
  text: string
}

/** Read from the script the search page loads, so the index and the query fold text the same way. */
const termsScript = clientScript('search-terms.js')
const processTerm = runInNewContext(`${termsScript}; folioProcessTerm`) as (term: string) => string

export const searchOptions = { fields: ['text'], storeFields: ['href', 'label', 'title', 'text'] }

/** Text as read, without note marks and paragraph numbers. */
function plainText(nodes: ElementContent[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'text') return node.value
      if (node.type !== 'element') return ''
      const className = (node.properties.className as string[] | undefined) ?? []
      return className.includes('noteref') ? '' : plainText(node.children)
    })
    .join('')
}

function numbered(nodes: ElementContent[], found: Array<{ id: string; number: string; text: string }> = []) {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    const { id, dataNumber } = node.properties
    if (id !== undefined && dataNumber !== undefined) found.push({ id: String(id), number: String(dataNumber), text: plainText(node.children) })
    else numbered(node.children, found)
  }
  return found
}

export function searchEntries(model: Model, href: Href): SearchEntry[] {
  return model.parts
    .filter((part) => part.role === 'document')
    .flatMap((part) => [
      ...numbered(part.body).map((p) => ({ id: p.id, href: href(part, p.id), label: p.number, title: part.title, text: p.text })),
      ...part.notes.map((n) => ({ id: n.id, href: href(part, n.id), label: `${part.number}, ${seriesNames[n.series].note} ${n.mark}`, title: part.title, text: plainText(n.content) })),
    ])
}

/** `search-index.js`: a classic script (fetch() of JSON fails from file://) defining `folioSearchIndex`. */
export function searchIndexScript(entries: SearchEntry[]): string {
  // Words recur: each distinct one is folded once.
  const folded = new Map<string, string>()
  const fold = (term: string) => folded.get(term) ?? folded.set(term, processTerm(term)).get(term)!
  const index = new MiniSearch<SearchEntry>({ ...searchOptions, processTerm: fold })
  index.addAll(entries)
  return `// The search index of the edition, built by Folio; loaded by search.html.\nvar folioSearchIndex = ${JSON.stringify({ options: searchOptions, index: index.toJSON() })};\n`
}
