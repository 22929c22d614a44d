/**
 * One tagged PDF from the chunks of a book, each printed by Chrome on its own: pages in order (with a blank verso
 * where a chunk ended on a recto), and what Chrome wrote per chunk made one — the structure tree (the chunks'
 * elements under the first chunk's Document element, their parent-tree keys and ids shifted past the ones before),
 * named destinations (links into another chunk point at a name that chunk defines), and the outline.
 */
import { ParseSpeeds, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFObjectCopier, PDFPage, PDFRef, PDFString, type PDFObject } from 'pdf-lib'

export interface PrintedChunk {
  pdf: Uint8Array
  /** Its first page in the book (odd). */
  firstPage: number
  /** The words of its headings, in order (its bookmarks' titles). */
  headings: string[]
}

/**
 * Parsed in one go: pdf-lib's default waits for a timer every 100 objects, which the ~15,000 of Chrome's PDF of the
 * edition turn into 0.2–0.4 s of waiting per load.
 */
const load = (pdf: Uint8Array) => PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest })

export async function mergeChunks(chunks: PrintedChunk[]): Promise<PDFDocument> {
  const [first, ...rest] = chunks
  const out = await load(first!.pdf)
  const tree = structureOf(out)
  const parentTree = numberTree(out, tree.root.lookupMaybe(PDFName.of('ParentTree'), PDFDict))
  let nextKey = tree.root.lookupMaybe(PDFName.of('ParentTreeNextKey'), PDFNumber)?.asNumber() ?? 0
  const ids = nameTree(out, tree.root.lookupMaybe(PDFName.of('IDTree'), PDFDict))
  const dests = out.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict) ?? out.context.obj({})
  if (!out.catalog.has(PDFName.of('Dests'))) out.catalog.set(PDFName.of('Dests'), out.context.register(dests))
  const outline = out.catalog.lookup(PDFName.of('Outlines'), PDFDict)

  for (const [n, chunk] of rest.entries()) {
    const src = await load(chunk.pdf)
    renameIds(src, n + 1)
    const srcTree = structureOf(src)
    const copier = PDFObjectCopier.for(src.context, out.context)
    // What the copy must not duplicate: the chunk's structure root and Document element become the book's, its
    // outline root the book's.
    const same = (copier as unknown as { traversedObjects: Map<PDFObject, PDFObject> }).traversedObjects
    same.set(srcTree.rootRef, tree.rootRef)
    same.set(srcTree.documentRef, tree.documentRef)
    const srcOutlineRef = src.catalog.get(PDFName.of('Outlines'))
    if (srcOutlineRef instanceof PDFRef) same.set(srcOutlineRef, out.catalog.get(PDFName.of('Outlines'))!)

    while (out.getPageCount() < chunk.firstPage - 1) {
      const { width, height } = out.getPage(out.getPageCount() - 1).getSize()
      out.addPage([width, height])
    }
    const keyShift = nextKey
    for (const page of src.getPages()) {
      const ref = copier.copy(page.ref) as PDFRef
      const node = out.context.lookup(ref, PDFDict)
      shiftKey(node, 'StructParents', keyShift)
      for (const annot of node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.asArray() ?? []) shiftKey(out.context.lookup(annot, PDFDict), 'StructParent', keyShift)
      out.addPage(PDFPage.of(node as never, ref, out))
    }
    for (const kid of kidsOf(srcTree.document)) tree.kids.push(copier.copy(kid))
    for (const [key, value] of numberTree(src, srcTree.root.lookupMaybe(PDFName.of('ParentTree'), PDFDict))) parentTree.push([key + keyShift, copier.copy(value)])
    nextKey += srcTree.root.lookupMaybe(PDFName.of('ParentTreeNextKey'), PDFNumber)?.asNumber() ?? 0
    for (const [name, value] of nameTree(src, srcTree.root.lookupMaybe(PDFName.of('IDTree'), PDFDict))) ids.push([name, copier.copy(value)])
    const srcDests = src.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict)
    for (const [name, value] of srcDests?.entries() ?? []) if (!dests.has(name)) dests.set(name, copier.copy(value))
    appendOutline(out, outline, src.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict), copier)
  }

  tree.document.set(PDFName.of('K'), out.context.obj(tree.kids))
  tree.root.set(PDFName.of('ParentTree'), out.context.obj({ Nums: parentTree.flatMap(([k, v]) => [PDFNumber.of(k), v]) }))
  tree.root.set(PDFName.of('ParentTreeNextKey'), PDFNumber.of(nextKey))
  tree.root.set(PDFName.of('IDTree'), out.context.obj({ Names: ids.flatMap(([k, v]) => [PDFString.of(k), v]) }))
  return out
}

function structureOf(doc: PDFDocument) {
  const rootRef = doc.catalog.get(PDFName.of('StructTreeRoot')) as PDFRef
  const root = doc.context.lookup(rootRef, PDFDict)
  const top = root.get(PDFName.of('K'))
  const documentRef = (top instanceof PDFArray ? top.get(0) : top) as PDFRef
  const document = doc.context.lookup(documentRef, PDFDict)
  return { rootRef, root, documentRef, document, kids: kidsOf(document) }
}

function kidsOf(element: PDFDict): PDFObject[] {
  const k = element.get(PDFName.of('K'))
  return k instanceof PDFArray ? k.asArray() : k ? [k] : []
}

function shiftKey(dict: PDFDict, key: string, by: number) {
  const value = dict.get(PDFName.of(key))
  if (value instanceof PDFNumber) dict.set(PDFName.of(key), PDFNumber.of(value.asNumber() + by))
}

/** The entries of a number tree (`Nums`) or name tree (`Names`), leaves and /Kids, in order. */
function treeEntries(doc: PDFDocument, node: PDFDict | undefined, leaf: 'Nums' | 'Names'): Array<[PDFObject, PDFObject]> {
  if (!node) return []
  const flat = node.lookupMaybe(PDFName.of(leaf), PDFArray)?.asArray() ?? []
  const own = Array.from({ length: flat.length / 2 }, (_, i): [PDFObject, PDFObject] => [flat[2 * i]!, flat[2 * i + 1]!])
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray)?.asArray() ?? []
  return [...own, ...kids.flatMap((kid) => treeEntries(doc, doc.context.lookup(kid, PDFDict), leaf))]
}

const numberTree = (doc: PDFDocument, node: PDFDict | undefined) => treeEntries(doc, node, 'Nums').map(([k, v]): [number, PDFObject] => [(k as PDFNumber).asNumber(), v])
const nameTree = (doc: PDFDocument, node: PDFDict | undefined) => treeEntries(doc, node, 'Names').map(([k, v]): [string, PDFObject] => [(k as PDFString).decodeText(), v])

/**
 * Chrome names structure elements after the renderer's node numbers (`node00001234`), which repeat from one
 * chunk's renderer to the next: chunk n's are shifted by n × 10⁸, then renumbered in order by structure-ids.ts.
 */
function renameIds(doc: PDFDocument, chunk: number) {
  const renamed = (id: PDFObject) => PDFString.of(`node${chunk * 1e8 + Number((id as PDFString).asString().slice(4))}`)
  const isId = (id: PDFObject | undefined): id is PDFString => id instanceof PDFString && /^node\d+$/.test(id.asString())
  // Table cells name their header cells by id in their attributes (/A << /O /Table /Headers [(node…)] >>).
  const renameHeaders = (obj: PDFObject): void => {
    if (obj instanceof PDFArray) return obj.asArray().forEach(renameHeaders)
    if (!(obj instanceof PDFDict)) return
    const headers = obj.get(PDFName.of('Headers'))
    if (headers instanceof PDFArray) headers.asArray().forEach((h, i) => isId(h) && headers.set(i, renamed(h)))
    const attributes = obj.get(PDFName.of('A'))
    if (attributes) renameHeaders(attributes)
  }
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    const id = obj instanceof PDFDict ? obj.get(PDFName.of('ID')) : undefined
    if (isId(id)) (obj as PDFDict).set(PDFName.of('ID'), renamed(id))
    renameHeaders(obj)
  }
  const rename = (node: PDFDict): void => {
    const names = node.lookupMaybe(PDFName.of('Names'), PDFArray)
    for (let i = 0; names && i < names.size(); i += 2) if (isId(names.get(i))) names.set(i, renamed(names.get(i)))
    for (const kid of node.lookupMaybe(PDFName.of('Kids'), PDFArray)?.asArray() ?? []) rename(doc.context.lookup(kid, PDFDict))
  }
  const tree = structureOf(doc).root.lookupMaybe(PDFName.of('IDTree'), PDFDict)
  if (tree) rename(tree)
}

/** The chunk's top-level outline items, copied after the book's. */
function appendOutline(out: PDFDocument, outline: PDFDict, src: PDFDict | undefined, copier: PDFObjectCopier) {
  const first = src?.get(PDFName.of('First'))
  if (!src || !first) return
  const copiedFirst = copier.copy(first) as PDFRef
  const copiedLast = copier.copy(src.get(PDFName.of('Last'))!) as PDFRef
  const last = outline.get(PDFName.of('Last'))
  if (last instanceof PDFRef) {
    out.context.lookup(last, PDFDict).set(PDFName.of('Next'), copiedFirst)
    out.context.lookup(copiedFirst, PDFDict).set(PDFName.of('Prev'), last)
  } else outline.set(PDFName.of('First'), copiedFirst)
  outline.set(PDFName.of('Last'), copiedLast)
  const count = (d: PDFDict) => d.lookupMaybe(PDFName.of('Count'), PDFNumber)?.asNumber() ?? 0
  outline.set(PDFName.of('Count'), PDFNumber.of(count(outline) + count(src)))
}
