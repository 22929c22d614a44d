/**
 * Editorial Markdown (editor's notes, headnotes, front matter) may link to another document (`doc:<folder>`), to a
 * place in the edition (`#id`), to the web or to a mail address (kept as a link, never fetched). One policy for
 * every way Markdown writes a link — inline links, reference definitions (used or not), autolinks — so no
 * `javascript:`, `data:` or `file:` address reaches a page; raw HTML and images are refused.
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
