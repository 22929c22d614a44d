/**
 * Editorial Markdown (editor's notes, front matter) may link to another document (`doc:<folder>`), to a place in
 * the edition (`#id`) or to the web (kept as a link, never fetched); raw HTML, images and links to files are refused.
 */
import type { Root } from 'mdast'
import { visit } from 'unist-util-visit'
import { fail, type Place } from './diagnostics.ts'

export function checkEditorialMarkdown(tree: Root, file: string, place: (node: { position?: { start: Place } }) => Place | undefined, documents: Set<string>, what: string): void {
  visit(tree, (node) => {
    if (node.type === 'html')
      fail(file, place(node), `${what}: raw HTML “${node.value.slice(0, 40)}” is not allowed`, 'F-MARKDOWN-001', 'write Markdown only; to show markup as text, put it in `code`')
    if (node.type === 'image' || node.type === 'imageReference')
      fail(file, place(node), `${what}: images are not allowed in editorial text`, 'F-MARKDOWN-002', 'describe the image in words')
    if (node.type === 'link') {
      const url = node.url
      const doc = /^doc:(.+)$/.exec(url)?.[1]
      if (doc !== undefined) {
        if (!documents.has(doc)) fail(file, place(node), `${what}: unknown cross-reference “${url}”`, 'F-XREF-001', `link to doc:<document folder> (${[...documents].join(', ')})`)
      } else if (!/^(https?:\/\/[^\s/]+|#[\w-]+$)/.test(url))
        fail(file, place(node), `${what}: the link “${url}” points outside the edition`, 'F-LINK-001', 'use doc:<folder>, #id or an http(s) address')
    }
  })
}
