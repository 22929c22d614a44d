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
  /**
   * Pages of the blocks from a first layout. Without it only the front and body parts are laid out: the back
   * matter shows page numbers, which point into those parts and are known only after they are laid out.
   */
  pageOf?: PageOf
  stylesheets: string[]
  scripts: string[]
}

export function bookHtml(model: Model, options: BookOptions): string {
  const { pageOf } = options
  const parts = pageOf ? model.parts : model.parts.filter((p) => p.kind !== 'back')
  const tree = h('html', { lang: model.meta.language }, [
    h('head', [
      h('meta', { charset: 'utf-8' }),
      h('title', options.titles.title),
      ...options.stylesheets.map((href) => h('link', { rel: 'stylesheet', href })),
      h('script', 'window.PagedConfig = { auto: false }'),
      ...options.scripts.map((src) => h('script', { src })),
    ]),
    h('body', [...titlePages(model, options.titles), contents(model.parts), ...parts.map((p) => partElement(p, pageOf))]),
  ])
  return `<!doctype html>\n${toHtml(tree)}\n`
}

function partElement(part: Part, pageOf: PageOf | undefined): Element {
  let body = withFootnotes(part.body, part.notes)
  if (pageOf && part.role === 'index') body = indexWithPages(body, pageOf)
  if (pageOf && part.role === 'apparatus') body = placesWithPages(body, pageOf)
  return h('section', { id: part.id, className: ['part', `part-${part.role}`, `part-${part.kind}`] }, withHeadnote(body, part.headnote))
}

/** A document's headnote goes between its title and its text. */
function withHeadnote(body: ElementContent[], headnote: ElementContent[] | undefined): ElementContent[] {
  if (!headnote) return body
  const title = body.findIndex((n) => n.type === 'element' && n.tagName === 'h1')
  return [...body.slice(0, title + 1), h('div', { className: ['headnote'] }, structuredClone(headnote)), ...body.slice(title + 1)]
}
