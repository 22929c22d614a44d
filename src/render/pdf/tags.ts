/**
 * The tagged PDF's structure tree as a reader of it needs it. Chrome tags by accessibility role: every text run
 * is a NonStruct element of its own, and every box that is neither a paragraph, list, table nor heading (a page,
 * a part, a text block) a NonStruct around its contents; notes (asides) are tagged Aside, a type of PDF 2.0.
 * NonStruct means "no meaning: read the contents as the parent's", so here it is taken at its word: a wrapper's
 * elements become its parent's, a text run's content its element's. Notes become Note (PDF 1.7's type for
 * footnotes).
 */
import { PDFArray, PDFDict, PDFName, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib'

/** Structure types that hold text directly: a text run in one of them becomes its content. */
const holdsText = new Set(['P', 'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'Lbl', 'LBody', 'Link', 'TD', 'TH', 'Em', 'Strong', 'Code', 'Span', 'Quote', 'Note', 'Caption', 'BlockQuote', 'Figure', 'NonStruct'])

export function tagStructure(doc: PDFDocument): void {
  const { context } = doc
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict)
  if (!root) return
  const S = PDFName.of('S')
  const K = PDFName.of('K')
  const P = PDFName.of('P')
  const typeOf = (el: PDFDict) => el.lookupMaybe(S, PDFName)?.decodeText()
  const element = (kid: PDFObject) => (kid instanceof PDFRef ? context.lookupMaybe(kid, PDFDict) : undefined)
  const isElement = (kid: PDFObject) => element(kid)?.has(S) === true
  const kidsOf = (el: PDFDict) => {
    const k = el.get(K)
    return k instanceof PDFArray ? k.asArray() : k ? [k] : []
  }
  /** Removed elements, each with the element that now holds what it held. */
  const moved = new Map<PDFRef, PDFRef>()

  const visit = (ref: PDFRef, el: PDFDict) => {
    if (typeOf(el) === 'Aside') el.set(S, PDFName.of('Note'))
    const kids: PDFObject[] = []
    for (const kid of kidsOf(el)) {
      const child = element(kid)
      if (!child || !child.has(S)) {
        kids.push(kid)
        continue
      }
      visit(kid as PDFRef, child)
      if (typeOf(child) !== 'NonStruct') {
        kids.push(kid)
        continue
      }
      const inner = kidsOf(child)
      const wrapper = inner.every(isElement)
      const run = inner.every((k) => !isElement(k)) && holdsText.has(typeOf(el) ?? '')
      if (!wrapper && !run) {
        kids.push(kid)
        continue
      }
      for (const k of inner) {
        if (isElement(k)) element(k)!.set(P, ref)
        kids.push(k)
      }
      moved.set(kid as PDFRef, ref)
    }
    el.set(K, context.obj(kids))
  }
  const top = root.get(K)
  for (const kid of top instanceof PDFArray ? top.asArray() : [top!]) if (kid instanceof PDFRef) visit(kid, context.lookup(kid, PDFDict))
  if (moved.size === 0) return

  // The marked content of a removed text run now belongs to its element: the parent tree says so.
  const holder = (ref: PDFRef): PDFRef => (moved.has(ref) ? holder(moved.get(ref)!) : ref)
  const relink = (node: PDFDict) => {
    const nums = node.lookupMaybe(PDFName.of('Nums'), PDFArray)
    for (let i = 1; nums && i < nums.size(); i += 2) {
      const value = nums.get(i)
      const target = value instanceof PDFRef ? context.lookup(value) : value
      const marks = target instanceof PDFArray ? target : undefined
      if (marks) marks.asArray().forEach((m, j) => m instanceof PDFRef && moved.has(m) && marks.set(j, holder(m)))
      else if (value instanceof PDFRef && moved.has(value)) nums.set(i, holder(value))
    }
    for (const kid of node.lookupMaybe(PDFName.of('Kids'), PDFArray)?.asArray() ?? []) relink(context.lookup(kid, PDFDict))
  }
  const parentTree = root.lookupMaybe(PDFName.of('ParentTree'), PDFDict)
  if (parentTree) relink(parentTree)
  // Nor does the ID tree name them any longer.
  const unname = (node: PDFDict) => {
    const names = node.lookupMaybe(PDFName.of('Names'), PDFArray)
    if (names) {
      const kept = names.asArray().flatMap((v, i, all) => (i % 2 === 1 ? [] : all[i + 1] instanceof PDFRef && moved.has(all[i + 1] as PDFRef) ? [] : [v, all[i + 1]!]))
      node.set(PDFName.of('Names'), context.obj(kept))
      const limits = node.lookupMaybe(PDFName.of('Limits'), PDFArray)
      if (limits && kept.length > 0) node.set(PDFName.of('Limits'), context.obj([kept[0]!, kept[kept.length - 2]!]))
    }
    for (const kid of node.lookupMaybe(PDFName.of('Kids'), PDFArray)?.asArray() ?? []) unname(context.lookup(kid, PDFDict))
  }
  const ids = root.lookupMaybe(PDFName.of('IDTree'), PDFDict)
  if (ids) unname(ids)
  for (const ref of moved.keys()) context.delete(ref)
}

