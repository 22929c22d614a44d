/**
 * The edition's mdast as the model's content (content-model.ts): blocks and inline content, with note references
 * and their notes (collected where each is first referred to), index marks and the changes marked in the text as
 * kinds of their own. Text is kept as HTML would show it (spaces at the ends of its inner lines dropped, as
 * remark-rehype does), so that the writers' markup is what it was when mdast went to hast directly.
 */
import { normalizeUri } from 'micromark-util-sanitize-uri'
import { trimLines } from 'trim-lines'
import type { Definition, FootnoteDefinition, Nodes, Parents, PhrasingContent, Root, RootContent, Text } from 'mdast'
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
    case 'paragraph': {
      const { id, attributes } = attributesOf(node)
      return [{ type: 'paragraph', ...(id !== undefined && { id }), ...(node.data?.number !== undefined && { number: node.data.number }), ...(attributes && { attributes }), content: inlines(node.children, c) }]
    }
    case 'heading': {
      const { id, attributes } = attributesOf(node)
      return [{ type: 'heading', depth: node.depth, ...(id !== undefined && { id }), ...(attributes && { attributes }), ...(node.data?.notesHeading && { notesHeading: true as const }), content: inlines(node.children, c) }]
    }
    case 'list': {
      const { attributes } = attributesOf(node)
      const loose = node.spread || node.children.some((item) => (item.spread ?? item.children.length > 1))
      return [{ type: 'list', ordered: node.ordered === true, ...(node.ordered && typeof node.start === 'number' && node.start !== 1 && { start: node.start }), tight: !loose, ...(attributes && { attributes }), items: node.children.map((item) => withCheckbox(blocks(item.children, c), item.checked)) }]
    }
    case 'blockquote': {
      const { attributes } = attributesOf(node)
      return [{ type: 'quote', ...(attributes && { attributes }), content: blocks(node.children, c) }]
    }
    case 'code':
      return [{ type: 'codeBlock', ...(node.lang && { lang: node.lang.split(/\s+/)[0]! }), value: node.value }]
    case 'thematicBreak':
      return [{ type: 'rule' }]
    case 'table':
      return [{ type: 'table', align: node.align ?? node.children[0]!.children.map(() => null), rows: node.children.map((row) => row.children.map((cell) => inlines(cell.children, c))) }]
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
  const out: Inline[] = []
  nodes.forEach((node, i) => {
    const converted = inline(node, c)
    // Spaces after a hard break start no line of their own.
    if (i > 0 && nodes[i - 1]!.type === 'break' && converted.length === 1 && !(node.type === 'text' && c.marks?.has(node))) {
      const first = converted[0]!
      if (first.type === 'text' || first.type === 'code') first.value = first.value.replace(/^[ \t]+/, '')
      else if ('content' in first && first.content[0]?.type === 'text') first.content[0].value = first.content[0].value.replace(/^[ \t]+/, '')
    }
    out.push(...converted)
  })
  return out
}

function inline(node: PhrasingContent | RootContent, c: Conversion): Inline[] {
  switch (node.type) {
    case 'text':
      return text(node, c)
    case 'emphasis': {
      const { attributes } = attributesOf(node)
      return [{ type: 'emphasis', ...(attributes && { attributes }), content: inlines(node.children, c) }]
    }
    case 'strong':
      return [{ type: 'strong', content: inlines(node.children, c) }]
    case 'delete':
      return [{ type: 'deleted', content: inlines(node.children, c) }]
    case 'inlineCode':
      return [{ type: 'code', value: node.value.replace(/\r?\n|\r/g, ' ') }]
    case 'break':
      return [{ type: 'break' }]
    case 'link':
      return [{ type: 'link', href: normalizeUri(node.url), ...(node.title != null && { title: node.title }), content: inlines(node.children, c) }]
    case 'linkReference': {
      const definition = c.definitions.get(node.identifier.toUpperCase())!
      return [{ type: 'link', href: normalizeUri(definition.url || ''), ...(definition.title != null && { title: definition.title }), content: inlines(node.children, c) }]
    }
    case 'footnoteReference':
      return [noteRef(node.identifier, node.data?.series === 'editor' ? 'editor' : 'author', node.data?.mark ?? node.identifier, c)]
    case 'indexMark': {
      const data = node.data as { hProperties: { id: string }; entry: string }
      return [{ type: 'indexMark', id: data.hProperties.id, entry: data.entry }]
    }
    case 'html':
      return []
    default:
      throw new Error(`the model has no kind for mdast “${node.type}”`)
  }
}

/** A task list item's blocks: its box at the start of its first paragraph (one of its own if it does not open with one). */
function withCheckbox(item: Block[], checked: boolean | null | undefined): Block[] {
  if (typeof checked !== 'boolean') return item
  const box: Inline = { type: 'checkbox', checked }
  const [first, ...rest] = item
  if (first?.type !== 'paragraph') return [{ type: 'paragraph', content: [box] }, ...item]
  return [{ ...first, content: first.content.length > 0 ? [box, { type: 'text', value: ' ' }, ...first.content] : [box] }, ...rest]
}

/** A text node: in pieces where changes are marked in it; isolated when it holds a bidirectional control (controls.ts). */
function text(node: Text, c: Conversion): Inline[] {
  const at = c.marks?.get(node)
  if (at) {
    const out: Inline[] = []
    let from = 0
    for (const m of at) {
      if (m.start > from) out.push({ type: 'text', value: node.value.slice(from, m.start) })
      out.push({ type: 'change', mark: { change: m.change.id, kind: m.kind, first: m.id !== undefined }, content: [{ type: 'text', value: node.value.slice(m.start, m.end) }] })
      from = m.end
    }
    if (from < node.value.length) out.push({ type: 'text', value: node.value.slice(from) })
    return out
  }
  const value: Inline = { type: 'text', value: trimLines(node.value) }
  return (node.data as { hName?: string } | undefined)?.hName === 'bdi' ? [{ type: 'isolate', content: [value] }] : [value]
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

/** A node's id and the attributes its reader gave it (mdast's `hProperties`), in their order. */
function attributesOf(node: Parents): { id?: string; attributes?: Attributes } {
  const properties = (node.data as { hProperties?: Record<string, unknown> } | undefined)?.hProperties
  if (!properties) return {}
  let id: string | undefined
  const attributes: Attributes = {}
  for (const [name, value] of Object.entries(properties)) {
    if (name === 'id') id = String(value)
    else if (name === 'className') attributes.class = value as string[]
    else if (name === 'lang' || name === 'title') attributes[name] = String(value)
    else throw new Error(`the model has no attribute “${name}”`)
  }
  return { ...(id !== undefined && { id }), ...(Object.keys(attributes).length > 0 && { attributes }) }
}
