/** Wraps a page's main content in the site's page template: header with search, contents, pager, footer, metadata. */
import { toHtml } from '../markup.ts'
import type { Element } from 'hast'
import { h } from 'hastscript'
import type { Model, Part } from '../model.ts'
import { landingFile } from './files.ts'
import { fill } from './template.ts'

export interface SitePage {
  /** The page's file in the site (`doc-2.html`). */
  file: string
  title: string
  main: string
  /** Markup, from `contents()`. */
  contents: string
  pager?: Element
  popovers?: string
  /** Script files, in loading order. */
  scripts: string[]
  bodyClass: string
  /** The document the page shows (its text or its witness): named in the citation metadata. */
  document?: Part
  /** Markup placed before the main content: the reading tools of a document. */
  tools?: string
}

/** Citation metadata for reference managers (Highwire Press tags, read by Zotero, and Dublin Core) and link previews. */
function metadata(model: Model, page: SitePage): Element[] {
  const { meta } = model
  const edition = meta.subtitle ? `${meta.title}: ${meta.subtitle}` : meta.title
  const tag = (name: string, content: string) => h('meta', { name, content })
  const doc = page.document
  return [
    tag('citation_title', doc ? doc.title : page.title === meta.title ? edition : page.title),
    ...(doc || page.title !== meta.title ? [tag('citation_inbook_title', edition)] : []),
    tag('citation_publisher', meta.publisher),
    tag('citation_publication_date', meta.date.replaceAll('-', '/')),
    tag('citation_language', meta.language),
    tag('DC.title', doc ? doc.title : page.title),
    ...(doc || page.title !== meta.title ? [tag('DC.relation.isPartOf', edition)] : []),
    tag('DC.contributor', meta.editor),
    tag('DC.publisher', meta.publisher),
    tag('DC.date', meta.date),
    tag('DC.language', meta.language),
    tag('DC.type', 'Text'),
    tag('DC.rights', meta.rights),
    ...(doc?.source ? [tag('DC.source', `${doc.source.site}; author: ${doc.source.author}; date: ${doc.source.date}`)] : []),
    h('meta', { property: 'og:type', content: doc ? 'article' : 'website' }),
    h('meta', { property: 'og:title', content: doc ? doc.title : page.title }),
    h('meta', { property: 'og:description', content: meta.description }),
    h('meta', { property: 'og:site_name', content: edition }),
    // Only an address the editors stated: a page never guesses where it is published.
    ...(meta.url ? [h('meta', { property: 'og:url', content: address(meta.url, page.file) }), h('link', { rel: 'canonical', href: address(meta.url, page.file) })] : []),
  ]
}

/** The published address of `file`: the landing page is the site's folder itself. */
function address(url: string, file: string): string {
  return file === landingFile ? url : new URL(file, url).href
}

export function sitePage(model: Model, page: SitePage): string {
  const { meta } = model
  return fill('page', {
    lang: meta.language,
    title: page.title === meta.title ? meta.title : `${page.title} · ${meta.title}`,
    description: meta.description,
    meta: toHtml(metadata(model, page)),
    scripts: page.scripts.map((src) => `<script src="${src}" defer></script>`).join('\n'),
    bodyClass: page.bodyClass,
    editionTitle: meta.title,
    contents: page.contents,
    main: (page.tools ?? '') + page.main,
    pager: page.pager ? toHtml(page.pager) : '',
    version: meta.version,
    date: meta.date,
    popovers: page.popovers ?? '',
  })
}
