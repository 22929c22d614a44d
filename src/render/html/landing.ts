/** The landing page: title, version, the documents with their headnote summaries, the other parts, downloads. */
import type { ElementContent } from 'hast'
import { toHtml } from '../markup.ts'
import { h } from 'hastscript'
import { writerContent } from '../content.ts'
import type { Model, Part } from '../model.ts'
import type { Download } from '../writer.ts'
import type { Linker } from './part-article.ts'
import { fill } from './template.ts'


/** The editor's summary of the document (`Headnote.summary`). */
function summary(part: Part): ElementContent[] {
  return part.headnote?.summary ? writerContent([part.headnote.summary]) : []
}

export function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export function landing(model: Model, href: (part: Part) => string, link: Linker, downloads: Array<Download & { href: string }>): string {
  const documents = model.parts.filter((p) => p.role === 'document')
  const matter = model.parts.filter((p) => p.role !== 'document')
  const html = (nodes: ElementContent[]) => toHtml(link(nodes))
  const { meta } = model
  return fill('landing', {
    title: meta.title,
    subtitle: meta.subtitle ?? '',
    editor: meta.editor,
    version: meta.version,
    date: meta.date,
    description: meta.description,
    documents: html([
      h(
        'ol',
        { className: ['document-list'] },
        documents.map((part) =>
          h('li', { className: ['document-card'] }, [
            h('h3', [h('span', { className: ['document-number'] }, `${part.number}`), ' ', h('a', { href: href(part) }, part.title)]),
            ...summary(part),
          ])
        )
      ),
    ]),
    matter: html([h('ul', { className: ['matter-list'] }, matter.map((part) => h('li', h('a', { href: href(part) }, part.title))))]),
    downloads: toHtml(
      downloads.length === 0
        ? h('p', 'This build has no downloadable files.')
        : h(
            'ul',
            { className: ['download-list'] },
            downloads.map((d) => h('li', h('a', { className: ['download'], href: d.href, download: '' }, [d.label, ' ', h('span', { className: ['download-size'] }, `(${size(d.bytes)})`)])))
          )
    ),
  })
}
