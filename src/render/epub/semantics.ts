/** Structural semantics: the EPUB `epub:type` and ARIA role of each part. */
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
