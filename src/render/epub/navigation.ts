/** What the navigation document and the NCX list: the nested contents, the landmarks and the print page list. */
import type { Model, Section } from '../model.ts'
import type { PageBreak } from './page-breaks.ts'
import { fileOf, type Landmark, type NavEntry } from './xhtml.ts'

export type { Landmark, NavEntry }

/** Parts in reading order, each with its headings (depth 3 under the depth 2 before it). */
export function contents(model: Model): NavEntry[] {
  return model.parts.map((part) => ({ href: fileOf(part.id), title: part.label, children: nest(part.sections, fileOf(part.id)) }))
}

function nest(sections: Section[], file: string): NavEntry[] {
  const top: NavEntry[] = []
  for (const s of sections) {
    const entry = { href: `${file}#${s.id}`, title: s.title, children: [] }
    const parent = top.at(-1)
    if (s.depth > 2 && parent) parent.children.push(entry)
    else top.push(entry)
  }
  return top
}

/**
 * Cover, title page, contents, start of the texts, and the index. epubcheck-ts (0.7) reads any
 * `epub:type="index"`, a landmark link too, as an index that must hold an entry list, so the index is a landmark
 * of the package's `guide` only (`inNav: false`), which Calibre and Kindle conversions read; its section carries
 * `role="doc-index"`, a landmark for assistive technology.
 */
export function landmarks(model: Model, cover: string, titlePage: string, nav: string): Array<Landmark & { inNav: boolean }> {
  const body = model.parts.find((p) => p.role === 'document')
  const index = model.parts.find((p) => p.role === 'index')
  return [
    { type: 'cover', href: cover, title: 'Cover', inNav: true },
    { type: 'titlepage', href: titlePage, title: 'Title page', inNav: true },
    { type: 'toc', href: `${nav}#toc`, title: 'Contents', inNav: true },
    ...(body ? [{ type: 'bodymatter', href: fileOf(body.id), title: 'Start of the texts', inNav: true }] : []),
    ...(index ? [{ type: 'index', href: fileOf(index.id), title: index.title, inNav: false }] : []),
  ]
}

/** The EPUB 2 `guide` reference type of each landmark. */
export const guideTypes: Record<string, string> = { cover: 'cover', titlepage: 'title-page', toc: 'toc', bodymatter: 'text', index: 'index' }

export function pageList(breaks: PageBreak[]): Array<{ href: string; label: string }> {
  return breaks.map((b) => ({ href: `${fileOf(b.part)}#page-${b.page}`, label: String(b.page) }))
}

/** Depth of the contents tree, for the NCX head. */
export function depth(entries: NavEntry[]): number {
  return entries.reduce((d, e) => Math.max(d, 1 + depth(e.children)), 0)
}
