/**
 * The one unified processor from the edition's mdast to hast and from hast to HTML text: remark-rehype with Folio's
 * handlers (note references, paragraph numbers, ids kept on tight list items) and rehype-stringify. It is frozen
 * once; each conversion carries what it collects (the notes met) on its own vfile.
 */
import type { Element, ElementContent, ElementData, Root as HastRoot } from 'hast'
import { h } from 'hastscript'
import type { Root, Text } from 'mdast'
import type { ChangeKind } from '../witness/changes.ts'
import type { Handlers, State } from 'mdast-util-to-hast'
import { defaultHandlers } from 'mdast-util-to-hast'
import rehypeStringify from 'rehype-stringify'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { VFile } from 'vfile'
import type { NoteRef, Series } from './content.ts'

export type { Series }

export interface Note {
  series: Series
  /** What the reader sees: 1, 2, 3 (authors) or a, b, c (editor). */
  mark: string
  /** Element id of the note; the reference links here. */
  id: string
  /** Element id of the (first) reference to the note in the text; the note links back here. */
  refId: string
  content: ElementContent[]
}

/** What one conversion collects: the document's number (for note ids) and its notes, in the order they are met. */
interface NoteCollection {
  document: number
  notes: Note[]
  byIdentifier: Map<string, Note>
}

/**
 * Where changes are marked in a document's text, by text node: `[start, end)` of its value, the change's id
 * (`c<document>-<k>`; only on the first piece of a change split across nodes) and kind. Each piece becomes
 * `span.change change-<kind>` with `data-change` naming the change.
 */
export type ChangeMarks = Map<Text, Array<{ start: number; end: number; id?: string; kind: ChangeKind; change: { id: string } }>>

declare module 'vfile' {
  interface DataMap {
    noteCollection: NoteCollection
    changeMarks: ChangeMarks
  }
}

const collection = (state: State): NoteCollection => state.options.file!.data.noteCollection!

const handlers: Handlers = {
  // Definitions are not rendered in place: each becomes its note's content where the note is first referred to.
  footnoteDefinition: () => undefined,
  text(state, node) {
    const at = state.options.file?.data.changeMarks?.get(node)
    if (!at) return defaultHandlers.text(state, node)
    const out: ElementContent[] = []
    let from = 0
    for (const m of at) {
      if (m.start > from) out.push({ type: 'text', value: node.value.slice(from, m.start) })
      out.push(withData(h('span', { id: m.id, className: ['change', `change-${m.kind}`], dataChange: m.change.id }, node.value.slice(m.start, m.end)), { change: { change: m.change.id, kind: m.kind } }))
      from = m.end
    }
    if (from < node.value.length) out.push({ type: 'text', value: node.value.slice(from) })
    return out
  },
  footnoteReference(state, node) {
    const notes = collection(state)
    const series: Series = node.data?.series === 'editor' ? 'editor' : 'author'
    const mark = node.data?.mark ?? node.identifier
    const prefix = series === 'editor' ? 'e' : 'n'
    let note = notes.byIdentifier.get(node.identifier)
    if (!note) {
      const definition = state.footnoteById.get(node.identifier.toUpperCase())
      const id = `${prefix}${notes.document}-${mark}`
      note = { series, mark, id, refId: `r${id}`, content: definition ? (state.all(definition) as ElementContent[]) : [] }
      notes.byIdentifier.set(node.identifier, note)
      notes.notes.push(note)
      const ref: NoteRef = { series, note: note.id, ref: note.refId, mark }
      return withData(h('a', { href: `#${note.id}`, id: note.refId, className: ['noteref', `noteref-${series}`], role: 'doc-noteref' }, mark), { noteRef: ref })
    }
    return withData(h('a', { href: `#${note.id}`, className: ['noteref', `noteref-${series}`], role: 'doc-noteref' }, mark), { noteRef: { series, note: note.id, mark } })
  },
  // An index occurrence: an empty span with the id the index's locators link to (its properties from the mdast's hProperties).
  indexMark(state, node) {
    const span: Element = { type: 'element', tagName: 'span', properties: {}, children: [] }
    state.patch(node, span)
    return withData(state.applyData(node, span) as Element, { indexMark: { entry: (node.data as { entry: string }).entry } })
  },
  listItem(state, node, parent) {
    const li = defaultHandlers.listItem(state, node, parent)
    // A tight list item unwraps its paragraph, and the paragraph's id (a link target) would go with it.
    const first = node.children[0]
    if (first?.type === 'paragraph' && first.data?.id && !li.children.some((c) => c.type === 'element' && c.tagName === 'p')) {
      li.properties.id = first.data.id
      if (first.data.number) {
        li.properties.dataNumber = first.data.number
        withData(li, { number: first.data.number })
      }
    }
    return li
  },
  heading(state, node) {
    const el = defaultHandlers.heading(state, node)
    return node.data?.notesHeading ? withData(el, { notesHeading: true }) : el
  },
  paragraph(state, node) {
    const el = h('p', state.all(node) as ElementContent[])
    state.patch(node, el)
    const result = state.applyData(node, el) as Element
    if (node.data?.number) {
      result.properties = { ...result.properties, dataNumber: node.data.number }
      withData(result, { number: node.data.number })
    }
    return result
  },
}

/** The element with Folio's decisions about it as typed data (content.ts), which writers read instead of its classes. */
function withData(element: Element, data: Partial<ElementData>): Element {
  element.data = { ...element.data, ...data } as ElementData
  return element
}

const processor = unified().use(remarkRehype, { handlers }).use(rehypeStringify).freeze()
/** The same, writing `raw` nodes as they are: for markup Folio has already serialised (the contents' entries). */
const keepingRaw = processor().use(rehypeStringify, { allowDangerousHtml: true }).freeze()

/** The packages the processor is made of, for the colophon. */
export const markupTools = ['unified', 'remark-rehype', 'rehype-stringify']

/** mdast → hast; the notes referred to, each with its converted definition, in the order they are first met; `marks`: changes marked in the text. */
export function toHast(tree: Root, document: number, marks?: ChangeMarks): { children: HastRoot['children']; notes: Note[] } {
  const file = new VFile()
  file.data.noteCollection = { document, notes: [], byIdentifier: new Map() }
  if (marks) file.data.changeMarks = marks
  const hast = processor.runSync(tree, file) as HastRoot
  return { children: hast.children, notes: file.data.noteCollection.notes }
}

type Nodes = ElementContent | ElementContent[] | HastRoot
const rootOf = (nodes: Nodes): HastRoot => (Array.isArray(nodes) ? { type: 'root', children: nodes } : nodes.type === 'root' ? nodes : { type: 'root', children: [nodes] })

/** hast → HTML text. */
export const toHtml = (nodes: Nodes): string => processor.stringify(rootOf(nodes))

/** hast → HTML text, with `raw` nodes (markup serialised before by Folio itself, never source text) written as they are. */
export const toHtmlKeepingRaw = (nodes: Nodes): string => keepingRaw.stringify(rootOf(nodes))
