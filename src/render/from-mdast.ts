/**
 * The edition's mdast as the model's content (content-model.ts): the same kinds, with what the readers and
 * plugins decided taken out of the markup they left for HTML (`hProperties`, `hName`) into typed data and Folio's
 * kinds: note references and their notes (collected where each is first referred to), index marks, the changes
 * marked in the text, isolated text. Link references are resolved; definitions, raw HTML and source positions are
 * left behind.
 */
import type { Definition, FootnoteDefinition, ListItem, Nodes, Parents, PhrasingContent, Root, RootContent, Text } from 'mdast'
import type { ChangeKind } from '../witness/changes.ts'
import type { Attributes, Block, Inline, Note, Series } from './content-model.ts'

/**
 * Where changes are marked in a document's text, by text node: `[start, end)` of its value, the change's id
 * (`c<document>-<k>`; only on the first piece of a change split across nodes) and kind.
 */
export type ChangeMarks = Map<Text, Array<{ start: number; end: number; id?: string; kind: ChangeKind; change: { id: string } }>>

/** What one conversion holds: the document's number (for note ids), its notes as met, the definitions its references name. */
interface Conversion {
  document: number
  notes: Note[]
  byIdentifier: Map<string, Note>
  footnotes: Map<string, FootnoteDefinition>
  definitions: Map<string, Definition>
  marks?: ChangeMarks
}

/** mdast → blocks; the notes referred to, each with its converted definition, in the order they are first met; `marks`: changes marked in the text. */
export function toBlocks(tree: Root, document: number, marks?: ChangeMarks): { blocks: Block[]; notes: Note[] } {
  const conversion: Conversion = { document, notes: [], byIdentifier: new Map(), footnotes: new Map(), definitions: new Map(), ...(marks && { marks }) }
  const collect = (node: Nodes) => {
    if (node.type === 'footnoteDefinition' && !conversion.footnotes.has(node.identifier.toUpperCase())) conversion.footnotes.set(node.identifier.toUpperCase(), node)
    if (node.type === 'definition' && !conversion.definitions.has(node.identifier.toUpperCase())) conversion.definitions.set(node.identifier.toUpperCase(), node)
    if ('children' in node) for (const child of node.children) collect(child)
  }
  collect(tree)
  return { blocks: blocks(tree.children, conversion), notes: conversion.notes }
}

function blocks(nodes: RootContent[], c: Conversion): Block[] {
  return nodes.flatMap((node) => block(node, c))
}

function block(node: RootContent, c: Conversion): Block[] {
  switch (node.type) {
    case 'paragraph':
      return [{ type: 'paragraph', ...dataOf(node, node.data?.number === undefined ? {} : { number: node.data.number }), children: inlines(node.children, c) }]
    case 'heading':
      return [{ type: 'heading', depth: node.depth, ...dataOf(node, node.data?.notesHeading ? { notesHeading: true } : {}), children: inlines(node.children, c) }]
    case 'list': {
      // Loose when the list or any of its items is (as remark-rehype reads it): decided here, for the list and its items.
      const spread = node.spread === true || node.children.some((item) => item.spread ?? item.children.length > 1)
      const items = node.children.map((item): ListItem => ({ type: 'listItem', spread, ...(typeof item.checked === 'boolean' && { checked: item.checked }), children: blocks(item.children, c) }))
      return [{ type: 'list', ordered: node.ordered === true, ...(node.ordered && typeof node.start === 'number' && node.start !== 1 && { start: node.start }), spread, ...dataOf(node), children: items }]
    }
    case 'blockquote':
      return [{ type: 'blockquote', ...dataOf(node), children: blocks(node.children, c) }]
    case 'code':
      return [{ type: 'code', ...(node.lang && { lang: node.lang.split(/\s+/)[0]! }), value: node.value }]
    case 'thematicBreak':
      return [{ type: 'thematicBreak' }]
    case 'table':
      return [{ type: 'table', align: node.align ?? node.children[0]!.children.map(() => null), children: node.children.map((row) => ({ type: 'tableRow', children: row.children.map((cell) => ({ type: 'tableCell', children: inlines(cell.children, c) })) })) }]
    // Definitions are not set in place: a note's where it is first referred to, a link's where it is used.
    case 'footnoteDefinition':
    case 'definition':
    // Raw HTML in a source is never set.
    case 'html':
      return []
    default:
      throw new Error(`the model has no kind for mdast “${node.type}”`)
  }
}

function inlines(nodes: PhrasingContent[], c: Conversion): Inline[] {
  return nodes.flatMap((node) => inline(node, c))
}

function inline(node: PhrasingContent | RootContent, c: Conversion): Inline[] {
  switch (node.type) {
    case 'text':
      return text(node, c)
    case 'emphasis':
      return [{ type: 'emphasis', ...dataOf(node), children: inlines(node.children, c) }]
    case 'strong':
      return [{ type: 'strong', children: inlines(node.children, c) }]
    case 'delete':
      return [{ type: 'delete', children: inlines(node.children, c) }]
    case 'inlineCode':
      return [{ type: 'inlineCode', value: node.value }]
    case 'break':
      return [{ type: 'break' }]
    case 'link':
      return [{ type: 'link', url: node.url, ...(node.title != null && { title: node.title }), children: inlines(node.children, c) }]
    case 'linkReference': {
      const definition = c.definitions.get(node.identifier.toUpperCase())!
      return [{ type: 'link', url: definition.url || '', ...(definition.title != null && { title: definition.title }), children: inlines(node.children, c) }]
    }
    case 'footnoteReference':
      return [noteRef(node.identifier, node.data?.series === 'editor' ? 'editor' : 'author', node.data?.mark ?? node.identifier, c)]
    case 'indexMark':
      return [{ type: 'indexMark', id: node.id, entry: node.entry }]
    case 'html':
      return []
    default:
      throw new Error(`the model has no kind for mdast “${node.type}”`)
  }
}

/** A text node: in pieces where changes are marked in it; isolated when it holds a bidirectional control (controls.ts). */
function text(node: Text, c: Conversion): Inline[] {
  const at = c.marks?.get(node)
  if (at) {
    const out: Inline[] = []
    let from = 0
    for (const m of at) {
      if (m.start > from) out.push({ type: 'text', value: node.value.slice(from, m.start) })
      out.push({ type: 'change', mark: { change: m.change.id, kind: m.kind, first: m.id !== undefined }, children: [{ type: 'text', value: node.value.slice(m.start, m.end) }] })
      from = m.end
    }
    if (from < node.value.length) out.push({ type: 'text', value: node.value.slice(from) })
    return out
  }
  const value: Inline = { type: 'text', value: node.value }
  return (node.data as { hName?: string } | undefined)?.hName === 'bdi' ? [{ type: 'isolate', children: [value] }] : [value]
}

function noteRef(identifier: string, series: Series, mark: string, c: Conversion): Inline {
  const known = c.byIdentifier.get(identifier)
  if (known) return { type: 'noteRef', ref: { series, note: known.id, mark } }
  const id = `${series === 'editor' ? 'e' : 'n'}${c.document}-${mark}`
  const note: Note = { series, mark, id, refId: `r${id}`, content: [] }
  c.byIdentifier.set(identifier, note)
  c.notes.push(note)
  const definition = c.footnotes.get(identifier.toUpperCase())
  if (definition) note.content = blocks(definition.children, c)
  return { type: 'noteRef', ref: { series, note: note.id, ref: note.refId, mark } }
}

/**
 * A node's data in the model: its id and the attributes its reader gave it (mdast's `hProperties`, in their order),
 * with what else the model records of it (`more`); none when it has none.
 */
function dataOf<More extends object>(node: Parents, more: More = {} as More): { data?: More & { id?: string; attributes?: Attributes } } {
  const properties = (node.data as { hProperties?: Record<string, unknown> } | undefined)?.hProperties ?? {}
  let id: string | undefined
  const attributes: Attributes = {}
  for (const [name, value] of Object.entries(properties)) {
    if (name === 'id') id = String(value)
    else if (name === 'className') attributes.class = value as string[]
    else if (name === 'lang' || name === 'title') attributes[name] = String(value)
    else throw new Error(`the model has no attribute “${name}”`)
  }
  const data = { ...(id !== undefined && { id }), ...(Object.keys(attributes).length > 0 && { attributes }), ...more }
  return Object.keys(data).length > 0 ? { data } : {}
}
