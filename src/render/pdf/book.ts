/** The print document: front matter and every part of the model in one HTML page, ready for Paged.js. */
import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import { toHtml } from 'hast-util-to-html'
import type { Model, Part } from '../model.ts'
import { withFootnotes } from './footnotes.ts'
import { contents, titlePages, type Titles } from './front-matter.ts'
import { indexWithPages, placesWithPages, type PageOf } from './locators.ts'

export interface BookOptions {
  titles: Titles
  stylesheets: string[]
  scripts: string[]
}

/**
 * The book with its back matter sections left empty: their index and apparatus show page numbers, which point
 * into the parts before them. The layout asks for their content (`backMatter`) when it reaches them.
 */
export function bookHtml(model: Model, options: BookOptions): string {
  const tree = h('html', { lang: model.meta.language }, [
    h('head', [
      h('meta', { charset: 'utf-8' }),
      h('title', options.titles.title),
      ...options.stylesheets.map((href) => h('link', { rel: 'stylesheet', href })),
      h('script', 'window.PagedConfig = { auto: false }'),
      ...options.scripts.map((src) => h('script', { src })),
    ]),
    h('body', [...titlePages(model, options.titles), contents(model.parts), ...model.parts.map((p) => section(p, p.kind === 'back' ? [] : partContent(p)))]),
  ])
  return `<!doctype html>\n${toHtml(tree)}\n`
}

/** The content of each back matter section, by part id, with the pages its locators point to. */
export function backMatter(model: Model, pageOf: PageOf): Record<string, string> {
  return Object.fromEntries(model.parts.filter((p) => p.kind === 'back').map((p) => [p.id, toHtml({ type: 'root', children: partContent(p, pageOf) })]))
}

function section(part: Part, children: ElementContent[]): Element {
  return h('section', { id: part.id, className: ['part', `part-${part.role}`, `part-${part.kind}`] }, children)
}

function partContent(part: Part, pageOf?: PageOf): ElementContent[] {
  let body = withFootnotes(part.body, part.notes)
  if (pageOf && part.role === 'index') body = indexWithPages(body, pageOf)
  if (pageOf && part.role === 'apparatus') body = placesWithPages(body, pageOf)
  return withHeadnote(body, part.headnote)
}

/** A document's headnote goes between its title and its text. */
function withHeadnote(body: ElementContent[], headnote: ElementContent[] | undefined): ElementContent[] {
  if (!headnote) return body
  const title = body.findIndex((n) => n.type === 'element' && n.tagName === 'h1')
  return [...body.slice(0, title + 1), h('div', { className: ['headnote'] }, structuredClone(headnote)), ...body.slice(title + 1)]
}
