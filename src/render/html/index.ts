/** The HTML writer: the reading edition as a static site in html/ and as one self-contained file, `<slug>.html`. */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { partOfIds, type Part } from '../model.ts'
import type { WriteContext } from '../writer.ts'
import { archive } from './archive.ts'
import { clientScript, fontFiles, miniSearchScript, stylesheet } from './assets.ts'
import { landingFile, pageFile, searchFile } from './files.ts'
import { landing, type Download } from './landing.ts'
import { linkAcrossPages } from './links.ts'
import { contents, pager, type Href } from './navigation.ts'
import { partArticle } from './part-article.ts'
import { searchEntries, searchIndexScript } from './search-index.ts'
import { sitePage } from './site-page.ts'
import { fill } from './template.ts'

const href: Href = (part, id) => (id === undefined ? pageFile(part.id) : `${pageFile(part.id)}#${id}`)

export default async function writeHtml(ctx: WriteContext) {
  const { model } = ctx
  const { slug } = ctx.edition.sources.edition
  // The site is rewritten whole, so that pages of parts that no longer exist do not linger.
  rmSync(join(ctx.staging, 'html'), { recursive: true, force: true })
  const write = (name: string, data: string | Uint8Array) => ctx.write(`html/${name}`, data)
  const partOf = partOfIds(model)
  const linkFrom = (part: Part | undefined) => (nodes: Parameters<typeof linkAcrossPages>[0]) => linkAcrossPages(nodes, part?.id ?? '', partOf)

  for (const file of fontFiles()) write(`fonts/${file.name}`, file.data)
  write('screen.css', stylesheet('screen.css'))
  write('site-print.css', stylesheet('site-print.css'))
  write('notes.js', clientScript('notes.js'))
  write('search.js', clientScript('search.js'))
  write('search-terms.js', clientScript('search-terms.js'))
  write('minisearch.js', miniSearchScript())
  write('search-index.js', searchIndexScript(searchEntries(model, href)))

  for (const part of model.parts) {
    ctx.progress(`page ${pageFile(part.id)}`)
    const { article, popovers } = partArticle(part, linkFrom(part))
    write(
      pageFile(part.id),
      sitePage(model, { title: part.title, main: article, contents: contents(model, href, part), pager: pager(model, href, part), popovers, scripts: ['notes.js'], bodyClass: `page-${part.role}` })
    )
  }
  write(searchFile, sitePage(model, { title: 'Search', main: fill('search', {}), contents: contents(model, href), scripts: ['minisearch.js', 'search-terms.js', 'search-index.js', 'search.js'], bodyClass: 'page-search' }))

  ctx.write(`${slug}.html`, archive(model))
  write(landingFile, sitePage(model, { title: model.meta.title, main: landing(model, (p) => href(p), linkFrom(undefined), downloads(ctx, slug), earlierVersions(ctx)), contents: contents(model, href), scripts: [], bodyClass: 'page-landing' }))
}

/** The other outputs of this build (the PDF and EPUB writers run first), each only if it was written. */
function downloads(ctx: WriteContext, slug: string): Download[] {
  const packets = Object.entries(ctx.edition.sources.edition.packets)
  const candidates = [
    { path: `${slug}.pdf`, label: 'PDF for print and reading' },
    { path: `${slug}.epub`, label: 'EPUB for e-readers' },
    ...packets.map(([name, packet]) => ({ path: `packets/${name}.pdf`, label: `PDF reading packet: ${packet.title}` })),
    { path: `${slug}.html`, label: 'The whole edition in one HTML file' },
  ]
  return candidates.flatMap((c) => {
    const bytes = ctx.sizeOf(c.path)
    return bytes === undefined ? [] : [{ ...c, bytes }]
  })
}

function earlierVersions(ctx: WriteContext): string | undefined {
  const path = 'editions/index.html'
  return ctx.sizeOf(path) === undefined ? undefined : path
}
