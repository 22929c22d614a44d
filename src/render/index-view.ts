/**
 * The index as data for the writers (`Model.index`): the edition's entries with the locators of the documents a
 * model holds, sorted, lettered and given their element ids.
 */
import type { EditionIndex, IndexEntry, Locator } from '../edition/index-terms.ts'

export interface IndexLocatorView {
  /** Id of the occurrence mark (`ix123`) and of the paragraph that holds it. */
  mark: string
  block: string
  /** The part (file) the occurrence is in, e.g. `doc-2`. */
  part: string
  /** Citable number shown as the locator in HTML/EPUB, e.g. "2.14" (or "2.n3" in note 3). */
  number: string
  /** Whether the occurrence is in a note: a paged index marks a page on which an entry occurs only in notes. */
  inNote: boolean
}

export interface IndexEntryView {
  headword: string
  /** The entry's element id, which cross-references (`see`, `seeAlso`) link to: `ix-<headword folded>`. */
  id: string
  type?: string
  gloss?: string
  /** The headword is the title of a work: set in italics. */
  title: boolean
  /** First letter for letter navigation (A–Z, or # for others). */
  letter: string
  locators: IndexLocatorView[]
  sub: Array<{ headword: string; title: boolean; locators: IndexLocatorView[] }>
  see?: string
  seeAlso: string[]
  /** The entry's spellings as index.yaml gives them (its terms and caseTerms). */
  spellings: string[]
}

export function indexView(index: EditionIndex, partOf: Map<number, string>): IndexEntryView[] {
  const view = (ls: Locator[]) => ls.filter((l) => partOf.has(l.document)).map((l) => ({ mark: l.mark, block: l.block, part: partOf.get(l.document)!, number: l.number, inNote: l.inNote }))
  const included = new Set<string>()
  const entries = index.entries.map((e: IndexEntry): IndexEntryView => ({
    headword: e.headword,
    id: '',
    type: e.type,
    gloss: e.gloss,
    title: e.title,
    letter: letterOf(e.headword),
    locators: view(e.locators),
    sub: e.sub.map((s) => ({ headword: s.headword, title: s.title, locators: view(s.locators) })).filter((s) => s.locators.length > 0),
    see: e.see,
    seeAlso: e.seeAlso,
    spellings: e.spellings,
  }))
  // A packet's index keeps only entries with occurrences in it, and cross-references that still lead somewhere.
  for (const e of entries) if (e.locators.length > 0 || e.sub.length > 0) included.add(e.headword)
  const shown = entries
    .filter((e) => included.has(e.headword) || (e.see !== undefined && included.has(e.see)))
    .map((e) => ({ ...e, seeAlso: e.seeAlso.filter((s) => included.has(s)) }))
    .sort((a, b) => sortKey(a.headword).localeCompare(sortKey(b.headword), 'en'))
  // Headwords that differ only by accents (a variant spelling and its see-reference) would share an id: the later gets a suffix.
  const taken = new Set<string>()
  for (const e of shown) {
    const base = `ix-${sortKey(e.headword).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`
    let id = base
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
    e.id = id
    taken.add(id)
  }
  return shown
}

function sortKey(headword: string): string {
  return headword.normalize('NFD').replace(/\p{M}/gu, '').replace(/^[^\p{L}\p{N}]+/u, '').toLowerCase()
}

function letterOf(headword: string): string {
  const first = sortKey(headword)[0]?.toUpperCase() ?? '#'
  return /[A-Z]/.test(first) ? first : '#'
}
