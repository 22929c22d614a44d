/**
 * Document information and XMP metadata for the PDF, with the edition's date in place of Chrome's clock so
 * rebuilds are byte-identical, and Folio, not Chrome's user agent, as the creator.
 */
import { readFileSync } from 'node:fs'
import { PDFName, type PDFDocument } from 'pdf-lib'
import { projectPath } from '../../paths.ts'
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
  return doc.save({ updateFieldAppearances: false })
}

function xmpPacket(info: PdfInfo, creator: string): string {
  const x = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${x(text)}</rdf:li></rdf:Alt>`
  const date = `${info.date}T00:00:00Z`
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:format>application/pdf</dc:format>
<dc:title>${alt(info.title)}</dc:title>
<dc:creator><rdf:Seq><rdf:li>${x(info.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description>${alt(info.subject)}</dc:description>
<dc:language><rdf:Bag><rdf:li>${x(info.language)}</rdf:li></rdf:Bag></dc:language>
<dc:identifier>${x(info.identifier)}</dc:identifier>
<dc:date><rdf:Seq><rdf:li>${date}</rdf:li></rdf:Seq></dc:date>
<xmp:CreatorTool>${x(creator)}</xmp:CreatorTool>
<xmp:CreateDate>${date}</xmp:CreateDate>
<xmp:ModifyDate>${date}</xmp:ModifyDate>
<xmp:MetadataDate>${date}</xmp:MetadataDate>
<pdf:Keywords>${x(info.keywords.join('; '))}</pdf:Keywords>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>`
}
