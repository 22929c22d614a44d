/** Wraps a page's main content in the site's page template: header with search, contents, pager, footer. */
import { toHtml } from '../markup.ts'
import type { Element } from 'hast'
import type { Model } from '../model.ts'
import { fill } from './template.ts'

export interface SitePage {
  title: string
  main: string
  /** Markup, from `contents()`. */
  contents: string
  pager?: Element
  popovers?: string
  /** Script files, in loading order. */
  scripts: string[]
  bodyClass: string
}

export function sitePage(model: Model, page: SitePage): string {
  const { meta } = model
  return fill('page', {
    lang: meta.language,
    title: page.title === meta.title ? meta.title : `${page.title} · ${meta.title}`,
    description: meta.description,
    scripts: page.scripts.map((src) => `<script src="${src}" defer></script>`).join('\n'),
    bodyClass: page.bodyClass,
    editionTitle: meta.title,
    contents: page.contents,
    main: page.main,
    pager: page.pager ? toHtml(page.pager) : '',
    version: meta.version,
    date: meta.date,
    popovers: page.popovers ?? '',
  })
}
