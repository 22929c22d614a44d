/**
 * The model's content and how writers turn it into their markup (as Pandoc's Writers/Shared).
 *
 * Parts, headnotes and notes are hast, but what Folio decided about a node is typed data on it (`ElementData`
 * below), set once where the model is made (markup.ts, apparatus.ts): a note reference and its note, a citable
 * block and its number, an index occurrence, a change marked in the text, an apparatus place. Writers never find
 * these by CSS class or attribute: they ask `writerContent` for their form of the content, with the options where
 * they legitimately differ, and read the rest through `numberedBlocks`, `noteRefsIn` and `plainText`.
 */
import type { Element, ElementContent, ElementData } from 'hast'
import { h } from 'hastscript'
import type { ChangeKind } from '../witness/changes.ts'

export type Series = 'author' | 'editor'

/** A reference to a note: `a.noteref` in the model's markup. */
export interface NoteRef {
  series: Series
  /** The note's element id (`n2-3`, `e2-b`). */
  note: string
  /** The reference's own id, on the first reference to the note only (the note links back to it). */
  ref?: string
  /** What the reader sees: 3, b. */
  mark: string
}

/** A change marked in the text (a piece of one, when index marks split it): `span.change` in the model's markup. */
export interface ChangeMark {
  /** The change's id (`ChangeView.id`); the first piece of a change also has it as its element id. */
  change: string
  kind: ChangeKind
}

declare module 'hast' {
  interface ElementData {
    /** A note reference (`a`). */
    noteRef?: NoteRef
    /** A citable block (`p`, `li`) and the number a reader cites it by: 2.14. Its element id is its link target. */
    number?: string
    /** An occurrence of an index entry (an empty `span` whose id the index's locators link to). */
    indexMark?: { entry: string }
    /** A change marked in the text (`span`). */
    change?: ChangeMark
    /** A place in the apparatus (`a`): the id of the block (or change mark) in the text it links to. */
    place?: { target: string }
    /** The source's own heading over its notes (`h2`–`h4`), which the model lists them under (`NoteSeries.under`). */
    notesHeading?: true
  }
}

export interface WriterOptions {
  /**
   * Each citable block's number at its start: `anchor`, a link by the number (`a.pnum`, the site's margin numbers,
   * with a link on each heading to itself); `text`, plain text and a space (`span.pnum`, which survives every
   * reading system and conversion).
   */
  numbers?: 'anchor' | 'text'
  /** Note references typed for EPUB reading systems (`epub:type="noteref"`). */
  epubNoteRefs?: boolean
  /** Marked changes as links to their apparatus rows, with the description this gives (the site). */
  changeLinks?: (change: string) => { href: string; title: string } | undefined
  /** Without element ids: for a second copy of content (the site's note popovers). */
  withoutIds?: boolean
  /** What goes just before a note reference (the PDF's footnotes, floated from there to the foot of the page). */
  beforeNoteRef?: (ref: NoteRef) => ElementContent[]
  /** What goes at the end of an apparatus place (the PDF's page: `2.14, p. 37`). */
  afterPlace?: (target: string) => ElementContent[]
}

/**
 * A writer's copy of model content (the model is never changed): every element, its properties and its
 * children new, text shared; what the options ask for added.
 */
export function writerContent(nodes: ElementContent[], options: WriterOptions = {}): ElementContent[] {
  const copy = nodes.map((node) => (node.type === 'element' ? element(node, options) : node))
  return options.beforeNoteRef ? copy.flatMap((node) => (node.type === 'element' && node.data?.noteRef ? [...options.beforeNoteRef!(node.data.noteRef), node] : [node])) : copy
}

const none: Partial<ElementData> = {}

function element(node: Element, options: WriterOptions): Element {
  const data: Partial<ElementData> = node.data ?? none
  let properties = { ...node.properties }
  if (options.withoutIds) delete properties.id
  let tagName = node.tagName
  const children = writerContent(node.children, options)
  const id = properties.id
  if (data.number !== undefined && options.numbers === 'text') children.unshift(h('span', { className: ['pnum'] }, data.number), { type: 'text', value: ' ' })
  else if (data.number !== undefined && id !== undefined && options.numbers === 'anchor')
    children.unshift(h('a', { className: ['pnum'], id: data.number, href: `#${data.number}`, tabIndex: -1, title: `Paragraph ${data.number}: link and citation` }, data.number))
  else if (options.numbers === 'anchor' && id !== undefined && /^h[2-4]$/.test(tagName)) children.push(h('a', { className: ['hanchor'], href: `#${id}`, tabIndex: -1, ariaHidden: 'true' }, '#'))
  if (data.noteRef && options.epubNoteRefs) properties['epub:type'] = 'noteref'
  const link = data.change && options.changeLinks?.(data.change.change)
  if (link) {
    tagName = 'a'
    const { dataChange: _, ...rest } = properties
    properties = { ...rest, ...link }
  }
  if (data.place && options.afterPlace) children.push(...options.afterPlace(data.place.target))
  return { ...node, tagName, properties, children }
}

/** A document's headnote as data: what is known of the source, the editor's words, what the witness was changed by. */
export interface Headnote {
  /** Author, Site, Kind of text, Date, Witness: as document.yaml and the witness give them. */
  provenance: Array<{ label: string; value: ElementContent[] }>
  /** The editor's own words (document.yaml's `headnote`), converted; none when there are none. */
  text: ElementContent[]
  /** Each kind of change the document's record has (its label and count), and the id of its apparatus section. */
  changes: { kinds: Array<{ label: string; count: number }>; apparatus: string }
  /** The editor's summary of the document, where documents are listed (the landing page): the first paragraph of `text`; none when it has none. */
  summary?: Element
}

/** The headnote as every writer sets it: the provenance as a description list, the editor's words, the changes summed up. */
export function headnoteContent(headnote: Headnote, options: WriterOptions = {}): ElementContent[] {
  const { kinds, apparatus } = headnote.changes
  return [
    h('dl', { className: ['provenance'] }, headnote.provenance.flatMap(({ label, value }) => [h('dt', label), h('dd', writerContent(value, options))])),
    ...writerContent(headnote.text, options),
    h('p', { className: ['changes-summary'] }, [`Changes from the witness (listed in the `, h('a', { href: `#${apparatus}` }, 'apparatus'), `): ${kinds.map((k) => `${k.label}: ${k.count}`).join('; ')}.`]),
  ]
}

/** The citable blocks of some content, in order: each block's id, number and content. */
export function numberedBlocks(nodes: ElementContent[], found: Array<{ id: string; number: string; children: ElementContent[] }> = []) {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    const id = node.properties.id
    if (node.data?.number !== undefined && id !== undefined) found.push({ id: String(id), number: node.data.number, children: node.children })
    else numberedBlocks(node.children, found)
  }
  return found
}

/** The note references in some content, in order. */
export function noteRefsIn(nodes: ElementContent[], found: NoteRef[] = []): NoteRef[] {
  for (const node of nodes)
    if (node.type === 'element') {
      if (node.data?.noteRef) found.push(node.data.noteRef)
      noteRefsIn(node.children, found)
    }
  return found
}

/** Content's text as read, without note references. */
export function plainText(nodes: ElementContent[]): string {
  return nodes.map((node) => (node.type === 'text' ? node.value : node.type === 'element' && !node.data?.noteRef ? plainText(node.children) : '')).join('')
}
