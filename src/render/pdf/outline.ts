/**
 * The bookmarks titled with their headings' words. Chrome titles each bookmark with the glyphs its heading draws,
 * and a heading set over two lines draws no space where it wrapped (“Post-COVIDWorld”).
 */
import { PDFDict, PDFHexString, PDFName, PDFString, type PDFDocument } from 'pdf-lib'

/** Letters and digits only: a bookmark's title and its heading's words compare so, whatever spaces or hyphens went. */
const key = (text: string) => text.replace(/[^\p{L}\p{N}]+/gu, '')

/** Gives each bookmark the words of the heading it matches (`headings`: the book's, in order). */
export function titleBookmarks(doc: PDFDocument, headings: string[]): void {
  const byKey = new Map<string, string>()
  for (const heading of headings) if (!byKey.has(key(heading))) byKey.set(key(heading), heading)
  const visit = (item: PDFDict | undefined) => {
    for (let at = item; at; at = at.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const title = at.lookupMaybe(PDFName.of('Title'), PDFString, PDFHexString)
      const heading = title && byKey.get(key(title.decodeText()))
      if (heading && heading !== title.decodeText()) at.set(PDFName.of('Title'), PDFHexString.fromText(heading))
      visit(at.lookupMaybe(PDFName.of('First'), PDFDict))
    }
  }
  visit(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict))
}
