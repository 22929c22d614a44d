/**
 * How writers turn the model's content (content-model.ts) into their markup, as Pandoc's Writers/Shared: blocks and
 * inline content as hast, through one remark-rehype processor whose handlers set Folio's kinds and the options where
 * writers legitimately differ (`WriterOptions`); a part's content with what the model holds as data set by its
 * shared renderers (the apparatus, the index); and what writers read of content without setting it
 * (`numberedBlocks`, `noteRefsIn`, `plainText`).
 */
import type { Element, ElementContent, Properties } from 'hast'
import { h } from 'hastscript'
import type { Nodes, Parents, Root } from 'mdast'
import type { Handler, Handlers, State } from 'mdast-util-to-hast'
import remarkRehype, { defaultHandlers } from 'remark-rehype'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { apparatusContent, type Apparatus } from './apparatus.ts'
import type { Attributes, Block, Headnote, Inline, NoteRef } from './content-model.ts'
import { indexMarkup, type IndexForm } from './index-markup.ts'
import type { IndexEntryView } from './index-view.ts'
import { markScriptLanguages } from './languages.ts'

export type { Block, Headnote, Inline, Note, NoteRef, Series } from './content-model.ts'

declare module 'vfile' {
  interface DataMap {
    /** What the writer asks of the markup made from this content. */
    writer: WriterOptions
  }
}

declare module 'hast' {
  interface ElementData {
    /** A place in the apparatus (`a`): the id of the block (or change mark) in the text it links to. */
    place?: { target: string }
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
  /** Without note references: content's text as read (`plainText`). */
  withoutNoteRefs?: boolean
  /** How the index part sets the index (`indexMarkup`): grouped by letter unless asked otherwise. */
  index?: IndexForm
}

/** What Folio decided about an element, which the options set. */
interface Decisions {
  number?: string
  noteRef?: NoteRef
  change?: string
  place?: string
}

/** A handler of remark-rehype's for each kind, typed by its kind. */
type KindHandlers = { [Kind in Nodes['type']]?: (state: State, node: Extract<Nodes, { type: Kind }>, parent: Parents | undefined) => ReturnType<Handler> }

/** mdast's kinds as remark-rehype sets them, with the id, number and attributes the model gives a node; Folio's own kinds. */
const handlers: KindHandlers = {
  paragraph: (state, node) => decided(state, node, defaultHandlers.paragraph(state, node)),
  heading: (state, node) => decided(state, node, defaultHandlers.heading(state, node)),
  list: (state, node) => decided(state, node, defaultHandlers.list(state, node)),
  blockquote: (state, node) => decided(state, node, defaultHandlers.blockquote(state, node)),
  emphasis: (state, node) => decided(state, node, defaultHandlers.emphasis(state, node)),
  // In a tight list the item's paragraphs run into it, and it takes the first one's id and number (a link target, a citable block).
  listItem(state, node, parent) {
    const li = defaultHandlers.listItem(state, node, parent)
    const first = node.children[0]
    if (!node.spread && first?.type === 'paragraph' && first.data?.id !== undefined && !optionsOf(state).withoutIds)
      li.properties = { ...li.properties, id: first.data.id, ...(first.data.number !== undefined && { dataNumber: first.data.number }) }
    return li
  },
  link(state, node) {
    const a = defaultHandlers.link(state, node)
    if (node.data?.part) a.properties.className = ['xref']
    return a
  },
  noteRef(state, { ref }) {
    const options = optionsOf(state)
    if (options.withoutNoteRefs) return undefined
    const a = element('a', { href: `#${ref.note}`, ...(ref.ref !== undefined && { id: ref.ref }), className: ['noteref', `noteref-${ref.series}`], role: 'doc-noteref' }, [{ type: 'text', value: ref.mark }], options, { noteRef: ref })
    return options.beforeNoteRef ? [...options.beforeNoteRef(ref), a] : a
  },
  indexMark: (state, node) => element('span', { id: node.id, className: ['ix'] }, [], optionsOf(state)),
  change(state, node) {
    const { mark } = node
    return element('span', { ...(mark.first && { id: mark.change }), className: ['change', `change-${mark.kind}`], dataChange: mark.change }, state.all(node), optionsOf(state), { change: mark.change })
  },
  language: (state, node) => element('span', { lang: node.lang }, state.all(node), optionsOf(state)),
  isolate: (state, node) => element('bdi', {}, state.all(node), optionsOf(state)),
  title: (state, node) => element('i', {}, state.all(node), optionsOf(state)),
  notInPacket: (_, node) => h('span', { className: ['absent-document'] }, ` (not in this packet; see document ${node.document} of the full edition)`),
  notesPlaced: (state, node) => element('p', { id: node.id, className: ['notes-placed'] }, [h('span', { className: ['notes-placed-heading'] }, state.all(node)), { type: 'text', value: ' ' }, h('span', { className: ['supplied'] }, node.where)], optionsOf(state)),
}

/** What the model's content never has (content-model.ts), which remark-rehype would set as it sets Markdown: refused. */
const refuse: Handler = (_, node) => {
  throw new Error(`the model's content has no “${node.type}” (content-model.ts)`)
}
const refused = Object.fromEntries((['html', 'image', 'imageReference', 'linkReference', 'footnoteReference', 'definition', 'footnoteDefinition', 'yaml'] satisfies Array<Nodes['type']>).map((kind) => [kind, refuse]))

/** The one processor: the model's mdast → hast, frozen once; each run carries its writer's options on its file. */
const processor = unified()
  .use(remarkRehype, { handlers: { ...refused, ...handlers } as Handlers, unknownHandler: refuse })
  .freeze()

/** The packages the processor is made of, for the colophon. */
export const contentTools = ['unified', 'remark-rehype']

const optionsOf = (state: State): WriterOptions => state.options.file?.data.writer ?? {}

/** Some of the model's content as a writer's hast. */
function run(children: Root['children'], options: WriterOptions): ElementContent[] {
  return processor.runSync({ type: 'root', children }, new VFile({ data: { writer: options } })).children as ElementContent[]
}

/** An element remark-rehype made of a node, with what its options make of the node's id, number and attributes. */
function decided(state: State, node: Nodes, made: Element): Element {
  const data = node.data as { id?: string; number?: string; attributes?: Attributes } | undefined
  if (!data) return made
  const properties: Properties = { ...made.properties, ...attributes(data.attributes), ...(data.id !== undefined && { id: data.id }), ...(data.number !== undefined && { dataNumber: data.number }) }
  return element(made.tagName, properties, made.children, optionsOf(state), data.number === undefined ? undefined : { number: data.number })
}

/** Blocks as hast, one a line as Markdown's HTML has them. */
export function writerContent(blocks: Block[], options: WriterOptions = {}): ElementContent[] {
  return run(blocks, options)
}

/** Inline content as hast. */
function inlines(content: Inline[], options: WriterOptions): ElementContent[] {
  const [p] = run([{ type: 'paragraph', children: content }], options)
  return (p as Element).children
}

/**
 * A part's content as every writer sets it: its blocks, then the apparatus or the index it holds as data, each in
 * its words' languages (`Part.languages`).
 */
export function partContent(part: { body: Block[]; apparatus?: Apparatus; index?: IndexEntryView[]; languages?: Record<string, string> }, options: WriterOptions = {}): ElementContent[] {
  const data = part.apparatus ?? part.index
  const form = part.apparatus ? 'apparatus' : (options.index ?? 'grouped')
  let made = data && setFromData.get(data)?.get(form)
  if (data && !made) {
    made = markScriptLanguages(part.apparatus ? apparatusContent(part.apparatus) : indexMarkup(part.index!, form as IndexForm), part.languages ?? {})
    setFromData.set(data, (setFromData.get(data) ?? new Map()).set(form, made))
  }
  return [...writerContent(part.body, options), ...(made ? copied(made, options) : [])]
}

/**
 * What the shared renderers made of a part's data, by the data and the form: the model's data never changes, so
 * each writer (and the site, twice) copies what was made once instead of making it again. Never handed out itself.
 */
const setFromData = new WeakMap<object, Map<string, ElementContent[]>>()

/** A writer's copy of markup the shared renderers made (the apparatus, the index), with what the options ask for. */
function copied(nodes: ElementContent[], options: WriterOptions): ElementContent[] {
  return nodes.map((node) => (node.type === 'element' ? element(node.tagName, { ...node.properties }, copied(node.children, options), options, node.data?.place ? { place: node.data.place.target } : undefined) : node))
}

/** The headnote as every writer sets it: the provenance as a description list, the editor's words, the changes summed up. */
export function headnoteContent(headnote: Headnote, options: WriterOptions = {}): ElementContent[] {
  const { kinds, apparatus } = headnote.changes
  return [
    h('dl', { className: ['provenance'] }, headnote.provenance.flatMap(({ label, value }) => [h('dt', label), h('dd', inlines(value, options))])),
    ...writerContent(headnote.text, options),
    h('p', { className: ['changes-summary'] }, [`Changes from the witness (listed in the `, h('a', { href: `#${apparatus}` }, 'apparatus'), `): ${kinds.map((k) => `${k.label}: ${k.count}`).join('; ')}.`]),
  ]
}

function attributes(given: Attributes | undefined): Properties {
  if (!given) return {}
  const properties: Properties = {}
  for (const [name, value] of Object.entries(given)) properties[name === 'class' ? 'className' : name] = value as string | string[]
  return properties
}

/** An element of a writer's markup, with what its options make of Folio's decisions about it. */
function element(tagName: string, properties: Properties, children: ElementContent[], options: WriterOptions, decided?: Decisions): Element {
  if (options.withoutIds) delete properties.id
  const id = properties.id
  const number = decided?.number
  if (number !== undefined && options.numbers === 'text') children.unshift(h('span', { className: ['pnum'] }, number), { type: 'text', value: ' ' })
  else if (number !== undefined && id !== undefined && options.numbers === 'anchor')
    children.unshift(h('a', { className: ['pnum'], id: number, href: `#${number}`, tabIndex: -1, title: `Paragraph ${number}: link and citation` }, number))
  else if (options.numbers === 'anchor' && id !== undefined && /^h[2-4]$/.test(tagName)) children.push(h('a', { className: ['hanchor'], href: `#${id}`, tabIndex: -1, ariaHidden: 'true' }, '#'))
  if (decided?.noteRef && options.epubNoteRefs) properties['epub:type'] = 'noteref'
  const link = decided?.change !== undefined ? options.changeLinks?.(decided.change) : undefined
  if (link) {
    const { dataChange: _, ...rest } = properties
    return { type: 'element', tagName: 'a', properties: { ...rest, ...link }, children }
  }
  if (decided?.place !== undefined && options.afterPlace) children.push(...options.afterPlace(decided.place))
  return { type: 'element', tagName, properties, children }
}

/** The citable blocks of some content, in order: each block's id, number and content. */
export function numberedBlocks(blocks: Block[], found: Array<{ id: string; number: string; content: Inline[] }> = []) {
  const take = (p: Block) => {
    if (p.type === 'paragraph' && p.data?.number !== undefined && p.data.id !== undefined) found.push({ id: p.data.id, number: p.data.number, content: p.children })
  }
  for (const b of blocks) {
    if (b.type === 'paragraph') take(b)
    else if (b.type === 'blockquote') numberedBlocks(b.children as Block[], found)
    else if (b.type === 'list')
      for (const item of b.children) {
        // A tight list's paragraphs run into their item, which is cited by the first one's number.
        const [first, ...rest] = item.children as Block[]
        if (!b.spread && first?.type === 'paragraph') {
          take(first)
          numberedBlocks(rest.filter((r) => r.type !== 'paragraph'), found)
        } else numberedBlocks(item.children as Block[], found)
      }
  }
  return found
}

/** The note references in some content, in order. */
export function noteRefsIn(content: Nodes[], found: NoteRef[] = []): NoteRef[] {
  for (const node of content) {
    if (node.type === 'noteRef') found.push(node.ref)
    else if ('children' in node) noteRefsIn(node.children, found)
  }
  return found
}

/** Content's text as read, without note references. */
export function plainText(content: Block[] | Inline[]): string {
  const options = { withoutNoteRefs: true }
  const first = content[0]
  return textOf(first !== undefined && blockKinds.has(first.type) ? writerContent(content as Block[], options) : inlines(content as Inline[], options))
}

const blockKinds = new Set<string>(['heading', 'paragraph', 'list', 'blockquote', 'code', 'thematicBreak', 'table', 'notesPlaced'] satisfies Array<Block['type']>)

/** The text of a writer's markup. */
export function textOf(node: ElementContent | ElementContent[]): string {
  if (Array.isArray(node)) return node.map(textOf).join('')
  if (node.type === 'text') return node.value
  return node.type === 'element' ? textOf(node.children) : ''
}
