/**
 * How writers turn the model's content (content-model.ts) into their markup, as Pandoc's Writers/Shared: blocks and
 * inline content as hast, with the options where writers legitimately differ (`WriterOptions`); a part's content
 * with what the model holds as data set by its shared renderers (the apparatus, the index); and what writers read
 * of content without setting it (`numberedBlocks`, `noteRefsIn`, `plainText`).
 */
import type { Element, ElementContent, Properties } from 'hast'
import { h } from 'hastscript'
import { apparatusContent, type Apparatus } from './apparatus.ts'
import type { Attributes, Block, Headnote, Inline, NoteRef } from './content-model.ts'
import { indexMarkup, type IndexForm } from './index-markup.ts'
import type { IndexEntryView } from './index-view.ts'
import { markScriptLanguages } from './languages.ts'

export type { Block, Headnote, Inline, Note, NoteRef, Series } from './content-model.ts'

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

/** Blocks as hast, one a line as Markdown's HTML has them. */
export function writerContent(blocks: Block[], options: WriterOptions = {}): ElementContent[] {
  return lines(blocks.map((b) => block(b, options)))
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

const newline = (): ElementContent => ({ type: 'text', value: '\n' })

/** Nodes one a line; `around`: with a line break before the first and after the last too (a list's or quotation's). */
function lines(nodes: ElementContent[], around = false): ElementContent[] {
  const out: ElementContent[] = around ? [newline()] : []
  nodes.forEach((node, i) => {
    if (i > 0) out.push(newline())
    out.push(node)
  })
  if (around && nodes.length > 0) out.push(newline())
  return out
}

function block(b: Block, options: WriterOptions): Element {
  switch (b.type) {
    case 'paragraph':
      return element('p', { ...attributes(b.attributes), ...(b.id !== undefined && { id: b.id }), ...(b.number !== undefined && { dataNumber: b.number }) }, inlines(b.content, options), options, b.number === undefined ? undefined : { number: b.number })
    case 'heading':
      return element(`h${b.depth}`, { ...attributes(b.attributes), ...(b.id !== undefined && { id: b.id }) }, inlines(b.content, options), options)
    case 'list': {
      const tasks = b.items.some(isTask)
      return element(b.ordered ? 'ol' : 'ul', { ...(b.start !== undefined && { start: b.start }), ...(tasks && { className: ['contains-task-list'] }), ...attributes(b.attributes) }, lines(b.items.map((item) => listItem(item, b.tight, options)), true), options)
    }
    case 'quote':
      return element('blockquote', attributes(b.attributes), lines(b.content.map((c) => block(c, options)), true), options)
    case 'codeBlock':
      return h('pre', [h('code', b.lang ? { className: [`language-${b.lang}`] } : {}, b.value ? `${b.value}\n` : '')])
    case 'rule':
      return h('hr')
    case 'table': {
      const row = (cells: Inline[][], tagName: 'th' | 'td') => h('tr', lines(b.align.map((align, i) => element(tagName, align ? { align } : {}, inlines(cells[i] ?? [], options), options)), true))
      const [head, ...body] = b.rows
      return h('table', lines([...(head ? [h('thead', lines([row(head, 'th')], true))] : []), ...(body.length > 0 ? [h('tbody', lines(body.map((r) => row(r, 'td')), true))] : [])], true))
    }
    case 'notesPlaced':
      return element('p', { id: b.id, className: ['notes-placed'] }, [h('span', { className: ['notes-placed-heading'] }, inlines(b.heading, options)), { type: 'text', value: ' ' }, h('span', { className: ['supplied'] }, b.where)], options)
  }
}

/**
 * A list item as Markdown's HTML has it: in a tight list its paragraphs run into the item, which takes the first
 * one's id and number (a link target, a citable block).
 */
function listItem(item: Block[], tight: boolean, options: WriterOptions): Element {
  const children: ElementContent[] = []
  item.forEach((b, i) => {
    const paragraph = b.type === 'paragraph'
    if (!tight || i !== 0 || !paragraph) children.push(newline())
    if (paragraph && tight) children.push(...inlines(b.content, options))
    else children.push(block(b, options))
  })
  const tail = item.at(-1)
  if (tail && (!tight || tail.type !== 'paragraph')) children.push(newline())
  const first = item[0]
  const numbered = tight && first?.type === 'paragraph' && first.id !== undefined ? first : undefined
  const properties: Properties = { ...(isTask(item) && { className: ['task-list-item'] }), ...(numbered && { id: numbered.id!, ...(numbered.number !== undefined && { dataNumber: numbered.number }) }) }
  return element('li', properties, children, options, numbered?.number === undefined ? undefined : { number: numbered.number })
}

/** Whether a list item is a task, its box at the start of its first paragraph. */
const isTask = (item: Block[]) => item[0]?.type === 'paragraph' && item[0].content[0]?.type === 'checkbox'

function inlines(content: Inline[], options: WriterOptions): ElementContent[] {
  return content.flatMap((node) => inline(node, options))
}

function inline(node: Inline, options: WriterOptions): ElementContent[] {
  switch (node.type) {
    case 'text':
      return [{ type: 'text', value: node.value }]
    case 'emphasis':
      return [element('em', attributes(node.attributes), inlines(node.content, options), options)]
    case 'strong':
      return [element('strong', {}, inlines(node.content, options), options)]
    case 'deleted':
      return [element('del', {}, inlines(node.content, options), options)]
    case 'checkbox':
      return [h('input', { type: 'checkbox', checked: node.checked, disabled: true })]
    case 'code':
      return [h('code', node.value)]
    case 'link':
      return [element('a', { href: node.href, ...(node.title !== undefined && { title: node.title }), ...(node.part && { className: ['xref'] }) }, inlines(node.content, options), options)]
    case 'break':
      return [h('br'), newline()]
    case 'noteRef': {
      if (options.withoutNoteRefs) return []
      const { ref } = node
      const a = element('a', { href: `#${ref.note}`, ...(ref.ref !== undefined && { id: ref.ref }), className: ['noteref', `noteref-${ref.series}`], role: 'doc-noteref' }, [{ type: 'text', value: ref.mark }], options, { noteRef: ref })
      return options.beforeNoteRef ? [...options.beforeNoteRef(ref), a] : [a]
    }
    case 'indexMark':
      return [element('span', { id: node.id, className: ['ix'] }, [], options)]
    case 'change': {
      const { mark } = node
      return [element('span', { ...(mark.first && { id: mark.change }), className: ['change', `change-${mark.kind}`], dataChange: mark.change }, inlines(node.content, options), options, { change: mark.change })]
    }
    case 'language':
      return [element('span', { lang: node.lang }, inlines(node.content, options), options)]
    case 'isolate':
      return [element('bdi', {}, inlines(node.content, options), options)]
    case 'title':
      return [element('i', {}, inlines(node.content, options), options)]
    case 'notInPacket':
      return [h('span', { className: ['absent-document'] }, ` (not in this packet; see document ${node.document} of the full edition)`)]
  }
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
  for (const b of blocks) {
    if (b.type === 'paragraph' && b.number !== undefined && b.id !== undefined) found.push({ id: b.id, number: b.number, content: b.content })
    else if (b.type === 'quote') numberedBlocks(b.content, found)
    else if (b.type === 'list')
      for (const item of b.items) {
        // A tight list's paragraphs run into their item, which is cited by the first one's number.
        const [first, ...rest] = item
        if (b.tight && first?.type === 'paragraph') {
          if (first.number !== undefined && first.id !== undefined) found.push({ id: first.id, number: first.number, content: first.content })
          numberedBlocks(rest.filter((r) => r.type !== 'paragraph'), found)
        } else numberedBlocks(item, found)
      }
  }
  return found
}

/** The note references in some content, in order. */
export function noteRefsIn(content: Array<Block | Inline>, found: NoteRef[] = []): NoteRef[] {
  for (const node of content) {
    if (node.type === 'noteRef') found.push(node.ref)
    else if (node.type === 'list') for (const item of node.items) noteRefsIn(item, found)
    else if (node.type === 'table') for (const row of node.rows) for (const cell of row) noteRefsIn(cell, found)
    else if (node.type === 'notesPlaced') noteRefsIn(node.heading, found)
    else if ('content' in node) noteRefsIn(node.content, found)
  }
  return found
}

/** Content's text as read, without note references. */
export function plainText(content: Block[] | Inline[]): string {
  const options = { withoutNoteRefs: true }
  const first = content[0]
  return textOf(first !== undefined && blockKinds.has(first.type) ? writerContent(content as Block[], options) : inlines(content as Inline[], options))
}

const blockKinds = new Set<string>(['heading', 'paragraph', 'list', 'quote', 'codeBlock', 'rule', 'table', 'notesPlaced'] satisfies Array<Block['type']>)

/** The text of a writer's markup. */
export function textOf(node: ElementContent | ElementContent[]): string {
  if (Array.isArray(node)) return node.map(textOf).join('')
  if (node.type === 'text') return node.value
  return node.type === 'element' ? textOf(node.children) : ''
}
