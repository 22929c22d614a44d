/** Document information for the PDF, with the edition's date in place of Chrome's clock so rebuilds are byte-identical. */
import type { PDFDocument } from 'pdf-lib'
import { renumberStructureIds } from './structure-ids.ts'

export interface PdfInfo {
  title: string
  author: string
  subject: string
  keywords: string[]
  language: string
  /** ISO date (YYYY-MM-DD) of the edition. */
  date: string
}

export async function withMetadata(doc: PDFDocument, info: PdfInfo): Promise<Uint8Array> {
  const date = new Date(`${info.date}T00:00:00Z`)
  doc.setTitle(info.title, { showInWindowTitleBar: true })
  doc.setAuthor(info.author)
  doc.setSubject(info.subject)
  doc.setKeywords(info.keywords)
  doc.setLanguage(info.language)
  doc.setCreationDate(date)
  doc.setModificationDate(date)
  renumberStructureIds(doc)
  return doc.save({ updateFieldAppearances: false })
}
