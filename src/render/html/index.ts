/** The HTML writer: the reading edition as a static site in html/ and as one self-contained file, `<slug>.html`. */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { ElementContent } from 'hast'
import { walkFiles } from '../../walk-files.ts'
import type { Part } from '../model.ts'
import type { WriteContext } from '../writer.ts'
import { archive } from './archive.ts'
import { clientScript, fontFiles, miniSearchScript, stylesheet } from './assets.ts'
import { landingFile, pageFile, searchFile } from './files.ts'
import { landing, type Download } from './landing.ts'
import { linksToPages, markLinksAcross } from './links.ts'
import { contents, pager, type Href } from './navigation.ts'
import { partArticle } from './part-article.ts'
import { searchEntries, searchIndexScript } from './search-index.ts'
import { sitePage } from './site-page.ts'
import { fill } from './template.ts'

const href: Href = (part, id) => (id === undefined ? pageFile(part.id) : `${pageFile(part.id)}#${id}`)

export default async function writeHtml(ctx: WriteContext) {
  const { model } = ctx
  const { slug } = ctx.edition.sources.edition
  const written = new Set<string>()
  const write = (name: string, data: string | Uint8Array) => {
    ctx.write(`html/${name}`, data)
    written.add(name)
  }
  const markFrom = (part: Part | undefined) => (nodes: ElementContent[]) => markLinksAcross(nodes, part?.id ?? '', model.partOf)
  const contentsFor = contents(model, href)

  for (const file of fontFiles()) write(`fonts/${file.name}`, file.data)
  write('screen.css', stylesheet('screen.css'))
  write('site-print.css', stylesheet('site-print.css'))
  write('notes.js', clientScript('notes.js'))
  write('search.js', clientScript('search.js'))
  write('search-terms.js', clientScript('search-terms.js'))
  write('minisearch.js', miniSearchScript())
  const entries = searchEntries(model, href)
  const searchIndex = () => searchIndexScript(entries)
  // Most edits (headnotes, front matter, the index) leave the searched text as it was.
  write('search-index.js', ctx.remember(`search-index\0${JSON.stringify(entries)}`, searchIndex))

  // Each part is serialised once, for its page and for the archive.
  const parts = model.parts.map((part) => {
    ctx.progress(`page ${pageFile(part.id)}`)
    const { article, popovers } = partArticle(part, markFrom(part))
    const page = { title: part.title, main: linksToPages(article), contents: contentsFor(part), pager: pager(model, href, part), popovers: linksToPages(popovers), scripts: ['notes.js'], bodyClass: `page-${part.role}` }
    write(pageFile(part.id), sitePage(model, page))
    return { article, popovers }
  })
  write(searchFile, sitePage(model, { title: 'Search', main: fill('search', {}), contents: contentsFor(), scripts: ['minisearch.js', 'search-terms.js', 'search-index.js', 'search.js'], bodyClass: 'page-search' }))

  ctx.write(`${slug}.html`, archive(model, parts))
  const main = landing(model, (p) => href(p), markFrom(undefined), downloads(ctx, slug), earlierVersions(ctx))
  write(landingFile, sitePage(model, { title: model.meta.title, main: linksToPages(main), contents: contentsFor(), scripts: [], bodyClass: 'page-landing' }))
  // Pages of parts that no longer exist must not linger; the files just written are kept as they are.
  const site = join(ctx.staging, 'html')
  for (const file of walkFiles(site)) if (!written.has(file)) rmSync(join(site, file))
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
