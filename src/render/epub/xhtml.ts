/** The EPUB's XHTML files (chapters and the navigation document), and fragment links pointed at the file that holds them. */
import type { ElementContent } from 'hast'
import { h } from 'hastscript'
import { namespaces, XmlDocument } from '../xml.ts'

/** An entry of the contents (navigation.ts makes them from the model), with the entries nested under it. */
export interface NavEntry {
  href: string
  title: string
  children: NavEntry[]
}

/** A landmark of the navigation document and the package's guide. */
export interface Landmark {
  type: string
  href: string
  title: string
}

/** The file a part is written to; every spine item is named after its part id. */
export function fileOf(partId: string): string {
  return `${partId}.xhtml`
}

/** An XHTML file: the head (title, the book's style sheet) and a body of `matter` holding `content`. */
export function xhtmlDocument(p: { lang: string; title: string; matter: string; content: ElementContent[] }): string {
  const doc = new XmlDocument({ prefixes: { epub: namespaces.epub } }).doctype('html')
  const html = doc.root(namespaces.xhtml, 'html', { 'xml:lang': p.lang, lang: p.lang })
  const head = html.add('head')
  head.add('meta', { charset: 'UTF-8' })
  head.add('title', {}, p.title)
  head.add('link', { rel: 'stylesheet', type: 'text/css', href: 'style.css' })
  html.add('body', { 'epub:type': p.matter }).hast(p.content)
  return doc.toString()
}

/** The navigation document: the nested contents, the landmarks and the print page list (the last two hidden). */
export function navDocument(p: { lang: string; title: string; toc: NavEntry[]; landmarks: Landmark[]; pages: Array<{ href: string; label: string }> }): string {
  const list = (entries: NavEntry[]): ElementContent => h('ol', entries.map((e) => h('li', [h('a', { href: e.href }, e.title), ...(e.children.length > 0 ? [list(e.children)] : [])])))
  const content = [
    h('nav', { 'epub:type': 'toc', role: 'doc-toc', id: 'toc', ariaLabelledBy: ['toc-title'] }, [h('h1', { id: 'toc-title' }, p.title), list(p.toc)]),
    h('nav', { 'epub:type': 'landmarks', id: 'landmarks', ariaLabelledBy: ['landmarks-title'], hidden: true }, [
      h('h2', { id: 'landmarks-title' }, 'Landmarks'),
      h('ol', p.landmarks.map((l) => h('li', [h('a', { 'epub:type': l.type, href: l.href }, l.title)]))),
    ]),
    ...(p.pages.length > 0
      ? [
          h('nav', { 'epub:type': 'page-list', role: 'doc-pagelist', id: 'page-list', ariaLabelledBy: ['page-list-title'], hidden: true }, [
            h('h2', { id: 'page-list-title' }, 'Pages of the print edition'),
            h('ol', p.pages.map((page) => h('li', [h('a', { href: page.href }, page.label)]))),
          ]),
        ]
      : []),
  ]
  return xhtmlDocument({ lang: p.lang, title: p.title, matter: 'frontmatter', content })
}

/** The part (file) an element id lives in. */
export type PartOf = (id: string) => string | undefined

/**
 * Rewrite `#id` links (the model's only kind) to `<file>#id` when the target lives in another file. Works on a
 * copy: the caller passes nodes it owns.
 */
export function linkAcross(nodes: ElementContent[], here: string, partOf: PartOf): ElementContent[] {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    const href = node.properties.href
    if (node.tagName === 'a' && typeof href === 'string' && href.startsWith('#')) {
      const part = partOf(href.slice(1))
      if (part === undefined) throw new Error(`EPUB: link to ${href}, which no part of the edition holds`)
      if (part !== here) node.properties.href = `${fileOf(part)}${href}`
    }
    linkAcross(node.children, here, partOf)
  }
  return nodes
}
