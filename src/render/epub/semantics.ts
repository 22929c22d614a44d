/** Structural semantics: the EPUB `epub:type` and ARIA role of each part, and the EPUB Indexes vocabulary. */
import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import type { Part, PartRole } from '../model.ts'

interface Semantics {
  epubType?: string
  role?: string
}

const byRole: Record<PartRole, Semantics> = {
  introduction: { epubType: 'introduction', role: 'doc-introduction' },
  'note-on-the-text': { epubType: 'preamble' },
  document: { epubType: 'chapter', role: 'doc-chapter' },
  apparatus: { epubType: 'appendix', role: 'doc-appendix' },
  index: { epubType: 'index', role: 'doc-index' },
  colophon: { epubType: 'colophon', role: 'doc-colophon' },
}

/** Attributes of the section that wraps a part. */
export function partSemantics(part: Part): Record<string, string> {
  const { epubType, role } = byRole[part.role]
  return { ...(epubType ? { 'epub:type': epubType } : {}), ...(role ? { role } : {}) }
}

/** `frontmatter`, `bodymatter` or `backmatter`, for the body element of a part's file. */
export function matter(part: Part): string {
  return `${part.kind}matter`
}

/**
 * The index in the EPUB Indexes vocabulary. The model groups entries by letter (`section.index-group`); here the
 * groups become one `index-entry-list` (epubcheck-ts accepts exactly one typed entry list per index, so sub-entry
 * lists stay untyped `ul`s, which the vocabulary reads as implied entry lists). Each letter's heading, with the id
 * the letter links point at, is an item of its own before the letter's first entry: inside that entry it would
 * squeeze the entry's first line. The letter links get spaces between them, so that text conversions keep them
 * apart, and so do an entry and its sub-entries (`breakBeforeSubentries`). Works in place on a copy the caller owns.
 */
export function markIndex(nodes: ElementContent[]): ElementContent[] {
  const groups = nodes.filter((n): n is Element => n.type === 'element' && classes(n).includes('index-group'))
  if (groups.length === 0) return nodes
  const items = groups.flatMap((group) => {
    const heading = group.children.find((c): c is Element => c.type === 'element' && /^h[1-6]$/.test(c.tagName))
    const entries = group.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'ul').flatMap((ul) => ul.children.filter((c): c is Element => c.type === 'element'))
    for (const entry of entries) {
      typeEntry(entry)
      breakBeforeSubentries(entry)
    }
    return [...(heading ? [h('li', { className: ['index-letter'] }, [heading])] : []), ...entries]
  })
  const list = h('ul', { 'epub:type': 'index-entry-list', className: ['index-entry-list'] }, items)
  for (const nav of nodes) if (nav.type === 'element' && classes(nav).includes('index-letters')) nav.children = nav.children.flatMap((c, i) => (i > 0 ? [{ type: 'text' as const, value: ' ' }, c] : [c]))
  const at = nodes.indexOf(groups[0]!)
  return [...nodes.slice(0, at), list, ...nodes.slice(at).filter((n) => !groups.includes(n as Element))]
}

/**
 * A line break between an entry's own line and its sub-entry list: reading systems start the list on a line of its
 * own anyway, but Calibre's text conversions run a nested list into the line before it ("hyperstitionLandian").
 */
function breakBeforeSubentries(entry: Element) {
  const at = entry.children.findIndex((c) => c.type === 'element' && c.tagName === 'ul')
  if (at > 0) entry.children.splice(at, 0, h('br'))
}

const entryParts: Record<string, string> = {
  'index-entry': 'index-entry',
  'index-term': 'index-term',
  'index-locator': 'index-locator',
  'index-xref-preferred': 'index-xref-preferred',
  'index-xref-related': 'index-xref-related',
}

function typeEntry(node: Element) {
  const type = classes(node).map((c) => entryParts[c]).find(Boolean)
  if (type) node.properties['epub:type'] = type
  // A cross-reference names the entry it leads to as an index term of its own.
  if (type === 'index-xref-preferred' || type === 'index-xref-related') node.children = [h('span', { 'epub:type': 'index-term' }, node.children)]
  for (const child of node.children) if (child.type === 'element') typeEntry(child)
}

/** The class names of an element. */
export function classes(node: Element): string[] {
  const value = node.properties.className
  return Array.isArray(value) ? value.map(String) : []
}
