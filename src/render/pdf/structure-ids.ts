/**
 * Chrome names the tagged PDF's structure elements after renderer DOM node numbers (`node00003325`), which differ
 * from one run to the next. Renumber them 1, 2, 3 … keeping their order, so the same book gives the same bytes.
 */
import { PDFArray, PDFDict, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib'

const nodeId = /^node(\d+)$/

export function renumberStructureIds(doc: PDFDocument): void {
  const found = new Set<string>()
  const visit = (obj: PDFObject) => {
    if (obj instanceof PDFString && nodeId.test(obj.asString())) found.add(obj.asString())
    else if (obj instanceof PDFDict) for (const [, value] of obj.entries()) visit(value)
    else if (obj instanceof PDFArray) for (const value of obj.asArray()) visit(value)
  }
  const objects = doc.context.enumerateIndirectObjects().map(([, obj]) => obj)
  for (const obj of objects) visit(obj)
  const order = [...found].sort((a, b) => Number(nodeId.exec(a)![1]) - Number(nodeId.exec(b)![1]))
  const renamed = new Map(order.map((old, i) => [old, PDFString.of(`node${String(i + 1).padStart(8, '0')}`)]))
  const swap = (obj: PDFObject) => {
    if (obj instanceof PDFDict)
      for (const [key, value] of obj.entries()) {
        if (value instanceof PDFString && renamed.has(value.asString())) obj.set(key, renamed.get(value.asString())!)
        else swap(value)
      }
    else if (obj instanceof PDFArray)
      obj.asArray().forEach((value, i) => {
        if (value instanceof PDFString && renamed.has(value.asString())) obj.set(i, renamed.get(value.asString())!)
        else swap(value)
      })
  }
  for (const obj of objects) swap(obj)
}
