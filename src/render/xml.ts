/**
 * XML documents (the EPUB's XHTML, package and NCX, the archive's OPDS feed) built as DOM trees and written by
 * xmldom's serializer, which escapes what markup needs escaped (`<`, `&`, `]]>`, quotes): no XML is ever written by
 * joining strings. A character XML 1.0 forbids is refused here; sources holding one are refused (or, in a witness,
 * shown and recorded) long before.
 */
import type { ElementContent } from 'hast'
import { DOMImplementation, Node, XMLSerializer, type Document, type Element } from '@xmldom/xmldom'
import { stringify as commaSeparated } from 'comma-separated-tokens'
import { find, html } from 'property-information'
import { stringify as spaceSeparated } from 'space-separated-tokens'

export const namespaces = {
  xml: 'http://www.w3.org/XML/1998/namespace',
  xmlns: 'http://www.w3.org/2000/xmlns/',
  xhtml: 'http://www.w3.org/1999/xhtml',
  epub: 'http://www.idpf.org/2007/ops',
} as const

/** An element's attributes; an absent value writes no attribute. */
export type Attributes = Record<string, string | number | undefined>

/** What the XML 1.0 `Char` production leaves out: C0 controls but tab and line ends, lone surrogates, U+FFFE/F. */
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

function xmlText(value: string, where: string): string {
  const bad = notXmlChar.exec(value)
  if (bad) throw new Error(`XML: U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} in ${where}, which XML 1.0 cannot contain`)
  return value
}

/**
 * A document with the XML declaration. `prefixes`: the namespaces its prefixed names (`dc:title`, `epub:type`) are
 * in, declared on the root element; `xml:` is always known. `indent`: element-only content laid out on lines (never
 * for XHTML, where every space is text).
 */
export class XmlDocument {
  private readonly prefixes: Record<string, string>
  private readonly indent: boolean
  private readonly declaration: boolean
  private readonly instructions: Array<{ target: string; data: string }> = []
  private doctypeName?: string
  private doc?: Document
  private readonly indented: Array<{ element: Element; depth: number }> = []

  constructor(options: { prefixes?: Record<string, string>; indent?: boolean; declaration?: boolean } = {}) {
    this.prefixes = { xml: namespaces.xml, ...options.prefixes }
    this.indent = options.indent ?? false
    this.declaration = options.declaration ?? true
  }

  /** A processing instruction (`<?xpacket …?>`) at the document's top level: before the root, or after it once it is made. */
  instruction(target: string, data: string): this {
    if (data.includes('?>')) throw new Error(`XML: “?>” in the processing instruction ${target}`)
    const value = xmlText(data, `the processing instruction ${target}`)
    if (this.doc) this.doc.appendChild(this.doc.createProcessingInstruction(target, value))
    else this.instructions.push({ target, data: value })
    return this
  }

  /** `<!DOCTYPE html>` (EPUB 3 XHTML), before the root. */
  doctype(name: string): this {
    this.doctypeName = name
    return this
  }

  /** The root element in namespace `ns`, declaring the document's prefixes. */
  root(ns: string, name: string, attributes: Attributes = {}): XmlElement {
    const dom = new DOMImplementation()
    const doc = dom.createDocument(ns, name, this.doctypeName ? dom.createDocumentType(this.doctypeName, '', '') : null)
    const before = [...(this.declaration ? [{ target: 'xml', data: 'version="1.0" encoding="UTF-8"' }] : []), ...this.instructions]
    for (const { target, data } of before) doc.insertBefore(doc.createProcessingInstruction(target, data), doc.doctype ?? doc.documentElement)
    this.doc = doc
    const root = doc.documentElement!
    for (const [prefix, uri] of Object.entries(this.prefixes)) if (prefix !== 'xml') root.setAttributeNS(namespaces.xmlns, `xmlns:${prefix}`, uri)
    return new XmlElement(root, this.prefixes, 0, this.indent ? this.indented : undefined).attributes(attributes)
  }

  toString(): string {
    if (!this.doc) throw new Error('XML: a document without a root element')
    // Each element that was given element children on their own lines closes on a line of its own.
    for (const { element, depth } of this.indented.splice(0)) element.appendChild(element.ownerDocument!.createTextNode(`\n${'  '.repeat(depth)}`))
    // Top-level nodes next to a processing instruction (the declaration among them) go on lines of their own.
    const serializer = new XMLSerializer()
    const nodes = Array.from(this.doc.childNodes)
    const pi = (node: Node | undefined) => node?.nodeType === Node.PROCESSING_INSTRUCTION_NODE
    return `${nodes.map((node, i) => (i > 0 && (pi(node) || pi(nodes[i - 1])) ? '\n' : '') + serializer.serializeToString(node)).join('')}\n`
  }
}

export class XmlElement {
  constructor(
    readonly element: Element,
    private readonly prefixes: Record<string, string>,
    private readonly depth: number,
    private readonly indented?: Array<{ element: Element; depth: number }>
  ) {}

  /** A child element (in its prefix's namespace, else its parent's), with attributes and text or nothing. */
  add(name: string, attributes: Attributes = {}, text?: string): XmlElement {
    const prefix = prefixOf(name)
    const doc = this.element.ownerDocument!
    const element = doc.createElementNS(prefix === undefined ? this.element.namespaceURI : this.namespace(prefix, name), name)
    if (this.indented) {
      if (!this.indented.some((e) => e.element === this.element)) this.indented.push({ element: this.element, depth: this.depth })
      this.element.appendChild(doc.createTextNode(`\n${'  '.repeat(this.depth + 1)}`))
    }
    this.element.appendChild(element)
    const child = new XmlElement(element, this.prefixes, this.depth + 1, this.indented).attributes(attributes)
    if (text !== undefined) child.text(text)
    return child
  }

  text(value: string): this {
    this.element.appendChild(this.element.ownerDocument!.createTextNode(xmlText(value, `the text of <${this.element.tagName}>`)))
    return this
  }

  attributes(attributes: Attributes): this {
    for (const [name, raw] of Object.entries(attributes)) {
      if (raw === undefined) continue
      const value = xmlText(String(raw), `the attribute ${name} of <${this.element.tagName}>`)
      const prefix = prefixOf(name)
      if (prefix === undefined) this.element.setAttribute(name, value)
      else this.element.setAttributeNS(this.namespace(prefix, name), name, value)
    }
    return this
  }

  /** hast content (the model's markup) as XHTML elements and text under this element. */
  hast(nodes: ElementContent[]): this {
    for (const node of nodes) {
      if (node.type === 'text') this.text(node.value)
      else if (node.type === 'element') this.add(node.tagName, htmlAttributes(node.properties)).hast(node.children)
      else if (node.type === 'comment') this.element.appendChild(this.element.ownerDocument!.createComment(xmlText(node.value, 'a comment')))
    }
    return this
  }

  private namespace(prefix: string, name: string): string {
    const uri = this.prefixes[prefix]
    if (uri === undefined) throw new Error(`XML: the prefix of “${name}” is not declared on the document`)
    return uri
  }
}
function prefixOf(name: string): string | undefined {
  const colon = name.indexOf(':')
  return colon > 0 ? name.slice(0, colon) : undefined
}

/** hast properties as the HTML attributes they stand for (XHTML spells a boolean attribute out: `hidden="hidden"`). */
function htmlAttributes(properties: Record<string, unknown>): Attributes {
  const out: Attributes = {}
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined || value === null || value === false || Number.isNaN(value)) continue
    const info = find(html, key)
    if (value === true) out[info.attribute] = info.boolean || info.overloadedBoolean ? info.attribute : ''
    else if (Array.isArray(value)) out[info.attribute] = info.commaSeparated ? commaSeparated(value.map(String)) : spaceSeparated(value.map(String))
    else out[info.attribute] = String(value)
  }
  return out
}
