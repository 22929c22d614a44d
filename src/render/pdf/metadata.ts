/**
 * Document information and XMP metadata for the PDF, with the edition's date in place of Chrome's clock so
 * rebuilds are byte-identical, and Folio, not Chrome's user agent, as the creator.
 */
import { readFileSync } from 'node:fs'
import { PDFName, type PDFDocument } from 'pdf-lib'
import { projectPath } from '../../paths.ts'
import { XmlDocument, type XmlElement } from '../xml.ts'
import { renumberStructureIds } from './structure-ids.ts'

export interface PdfInfo {
  title: string
  /** The edition's editor (Info /Author, XMP dc:creator). */
  author: string
  subject: string
  keywords: string[]
  language: string
  /** ISO date (YYYY-MM-DD) of the edition. */
  date: string
  /** Names the edition and version: `<slug>@<version>`, and the packet when it is one. */
  identifier: string
}

export async function withMetadata(doc: PDFDocument, info: PdfInfo): Promise<Uint8Array> {
  const date = new Date(`${info.date}T00:00:00Z`)
  const creator = `Folio ${(JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version}`
  doc.setTitle(info.title, { showInWindowTitleBar: true })
  doc.setAuthor(info.author)
  doc.setSubject(info.subject)
  // pdf-lib joins keywords with spaces, which would run titles together.
  doc.setKeywords([info.keywords.join('; ')])
  doc.setLanguage(info.language)
  doc.setCreator(creator)
  doc.setCreationDate(date)
  doc.setModificationDate(date)
  const xmp = doc.context.stream(new TextEncoder().encode(xmpPacket(info, creator)), { Type: 'Metadata', Subtype: 'XML' })
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp))
  renumberStructureIds(doc)
  // Written in one go: pdf-lib's default waits for a timer every 50 objects (the same bytes, later).
  return doc.save({ updateFieldAppearances: false, objectsPerTick: Infinity })
}

/**
 * The XMP packet, written by the project's XML serializer: one property a line, as Acrobat lays it out. The
 * namespaces are declared once, on x:xmpmeta.
 */
export function xmpPacket(info: PdfInfo, creator: string): string {
  const date = `${info.date}T00:00:00Z`
  const doc = new XmlDocument({ declaration: false, prefixes: { x: 'adobe:ns:meta/', rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', dc: 'http://purl.org/dc/elements/1.1/', xmp: 'http://ns.adobe.com/xap/1.0/', pdf: 'http://ns.adobe.com/pdf/1.3/' } })
  doc.instruction('xpacket', 'begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"')
  const meta = doc.root('adobe:ns:meta/', 'x:xmpmeta').text('\n')
  const rdfRoot = meta.add('rdf:RDF').text('\n')
  const description = rdfRoot.add('rdf:Description', { 'rdf:about': '' }).text('\n')
  const property = (name: string, build: (element: XmlElement) => void) => {
    build(description.add(name))
    description.text('\n')
  }
  const alt = (text: string) => (e: XmlElement) => e.add('rdf:Alt').add('rdf:li', { 'xml:lang': 'x-default' }, text)
  const list = (kind: 'rdf:Seq' | 'rdf:Bag', text: string) => (e: XmlElement) => e.add(kind).add('rdf:li', {}, text)
  const text = (value: string) => (e: XmlElement) => e.text(value)
  property('dc:format', text('application/pdf'))
  property('dc:title', alt(info.title))
  property('dc:creator', list('rdf:Seq', info.author))
  property('dc:description', alt(info.subject))
  property('dc:language', list('rdf:Bag', info.language))
  property('dc:identifier', text(info.identifier))
  property('dc:date', list('rdf:Seq', date))
  property('xmp:CreatorTool', text(creator))
  property('xmp:CreateDate', text(date))
  property('xmp:ModifyDate', text(date))
  property('xmp:MetadataDate', text(date))
  property('pdf:Keywords', text(info.keywords.join('; ')))
  rdfRoot.text('\n')
  meta.text('\n')
  doc.instruction('xpacket', 'end="r"')
  return doc.toString()
}
