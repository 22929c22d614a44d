/**
 * Editorial Markdown (editor's notes, headnotes, front matter) may link to another document (`doc:<folder>`), to a
 * place in the edition (`#id`), to the web or to a mail address (kept as a link, never fetched). One policy for
 * every way Markdown writes a link — inline links, reference definitions (used or not), autolinks — so no
 * `javascript:`, `data:` or `file:` address reaches a page; raw HTML, images and footnotes (which would have no
 * place to go) are refused. A `#id` link must name a place the edition has: the model checks it (`checkFragmentLinks`).
 */
import type { Root } from 'mdast'
import { visit } from 'unist-util-visit'
import { fail, type Place } from './diagnostics.ts'

/** The addresses a link in editorial text may have, besides `doc:<folder>`. */
const allowed = /^(?:https?:\/\/[^\s/?#]+|mailto:[^\s]+@[^\s]+$|#[\w.-]+$)/i

export function checkEditorialMarkdown(tree: Root, file: string, place: (node: { position?: { start: Place } }) => Place | undefined, documents: Set<string>, what: string): void {
  visit(tree, (node) => {
    if (node.type === 'html')
      fail(file, place(node), `${what}: raw HTML “${node.value.slice(0, 40)}” is not allowed`, 'F-MARKDOWN-001', 'write Markdown only; to show markup as text, put it in `code`')
    if (node.type === 'footnoteReference' || node.type === 'footnoteDefinition')
      fail(file, place(node), `${what}: footnotes are not allowed in editorial text`, 'F-MARKDOWN-003', 'say it in the text, or write an editor’s note in annotations.yaml')
    if (node.type === 'image' || node.type === 'imageReference')
      fail(file, place(node), `${what}: images are not allowed in editorial text`, 'F-MARKDOWN-002', 'describe the image in words')
    if (node.type === 'link' || node.type === 'definition') {
      const url = node.url
      const doc = /^doc:(.+)$/.exec(url)?.[1]
      if (doc !== undefined) {
        if (!documents.has(doc)) fail(file, place(node), `${what}: unknown cross-reference “${url}”`, 'F-XREF-001', `link to doc:<document folder> (${[...documents].join(', ')})`)
      } else if (!allowed.test(url))
        fail(file, place(node), `${what}: the link “${url.slice(0, 60)}” points outside the edition`, 'F-LINK-001', 'use doc:<folder>, #id, an http(s) address or mailto:')
    }
  })
}

/** A link in editorial text to a place in the edition (`#id`), with where it was written: the model checks the id. */
export interface FragmentLink {
  id: string
  file: string
  place?: Place
  what: string
}

export function fragmentLinks(tree: Root, file: string, place: (node: { position?: { start: Place } }) => Place | undefined, what: string): FragmentLink[] {
  const links: FragmentLink[] = []
  visit(tree, (node) => {
    if ((node.type === 'link' || node.type === 'definition') && node.url.startsWith('#')) links.push({ id: node.url.slice(1), file, place: place(node), what })
  })
  return links
}

/** Each `#id` link must name an element of a part; `ids`: the model's element ids. */
export function checkFragmentLinks(links: FragmentLink[], ids: ReadonlyMap<string, string>): void {
  for (const link of links)
    if (!ids.has(link.id)) fail(link.file, link.place, `${link.what}: the link “#${link.id.slice(0, 60)}” names no place in the edition`, 'F-XREF-002', 'link to an id the edition has (a paragraph, a note, a heading) or to doc:<folder>')
}
