/** The HTML writer: the reading edition as a static site in html/ and as one self-contained file, `<slug>.html`. */
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { madeOnce } from '../../memory.ts'
import { walkFiles } from '../../walk-files.ts'
import type { Part } from '../model.ts'
import { withContentSecurityPolicy } from './csp.ts'
import type { WriteContext } from '../writer.ts'
import { archive } from './archive.ts'
import { clientScript, fontFiles, searchEngineFiles, searchScript, stylesheet } from './assets.ts'
import { downloadsFolder, landingFile, pageFile, witnessFile } from './files.ts'
import { landing } from './landing.ts'
import { linksInPage, linksToPages } from './links.ts'
import { contents, pager, type Href } from './navigation.ts'
import { partArticle, partText } from './part-article.ts'
import { searchDocument, searchIndexScript, searchSnippetsScript, spellingGroups } from './search-index.ts'
import { readingTools } from './reading-tools.ts'
import { sitePage } from './site-page.ts'
import { witnessPage } from './witness-page.ts'

/** What a writer makes of a part's text is made from: all of the part but its headnote. */
const textOf = (part: Part) => ({ ...part, headnote: undefined })

const href: Href = (part, id) => (id === undefined ? pageFile(part.id) : `${pageFile(part.id)}#${id}`)

export default async function writeHtml(ctx: WriteContext) {
  const { model } = ctx
  const { slug } = ctx.edition.sources.edition
  const written = new Set<string>()
  const write = (name: string, data: string | Uint8Array) => {
    ctx.write(`html/${name}`, typeof data === 'string' && name.endsWith('.html') ? withContentSecurityPolicy(data) : data)
    written.add(name)
  }
  const contentsFor = contents(model, href)

  for (const file of fontFiles()) write(`fonts/${file.name}`, file.data)
  write('screen.css', stylesheet('screen.css'))
  write('site-print.css', stylesheet('site-print.css'))
  write('notes.js', clientScript('notes.js'))
  write('reader.js', clientScript('reader.js'))
  write('favicon.svg', favicon)
  write('search.js', searchScript())
  for (const file of searchEngineFiles()) write(file.name, file.data)
  // Each document's entries are made again only when the document's text changed. The index is MiniSearch's work
  // over all of them, the slowest of the site's files: made once on a machine for the same entries.
  const searched = model.parts.filter((part) => part.role === 'document').map((part) => ctx.perPart('search-entries', textOf(part), (text) => searchDocument(text, href(text))))
  const spellings = spellingGroups(model.index, Object.keys(model.meta.scriptLanguages))
  write('search-index.js', madeOnce('search-index.js', [searched, spellings], () => searchIndexScript(searched, spellings)))
  write('search-snippets.js', searchSnippetsScript(searched))

  // Each part is serialised for its page and for the archive, its links resolved for each (links.ts): its text only
  // when the text changed (an edited headnote leaves it), or, for its page, when an id moved from one part to another.
  const parts = model.parts.map((part) => {
    ctx.progress(`page ${pageFile(part.id)}`)
    const toPages = linksToPages(part.id, model.partOf)
    // One object for both, so that the text is set as hast once for the page and the archive (`partText`).
    const text = textOf(part)
    const inSite = partArticle(part, ctx.perPart('page-text', text, (text, partOf) => partText(text, linksToPages(text.id, partOf)), model.partOf), toPages)
    const document = part.role === 'document' ? part : undefined
    const tools = document && readingTools(model, part, witnessFile(part.id))
    const page = { file: pageFile(part.id), title: part.title, main: inSite.article, contents: contentsFor(part), pager: pager(model, href, part), popovers: inSite.popovers, scripts: ['notes.js', 'reader.js', 'search.js'], bodyClass: `page-${part.role}`, document, tools }
    write(pageFile(part.id), sitePage(model, page))
    if (document)
      write(witnessFile(part.id), sitePage(model, { file: witnessFile(part.id), title: `Witness of ${part.title}`, main: witnessPage(part, href, model.meta.scriptLanguages), contents: contentsFor(part), scripts: ['reader.js', 'search.js'], bodyClass: 'page-witness', document }))
    return partArticle(part, ctx.perPart('archive-text', text, (text) => partText(text, linksInPage)), linksInPage)
  })

  ctx.write(`${slug}.html`, withContentSecurityPolicy(archive(model, parts)))
  // The site holds copies of the other outputs: html/ deployed alone still serves every download it lists.
  const files = ctx.downloads().map((d) => ({ ...d, href: `${downloadsFolder}/${d.path}` }))
  for (const file of files) write(file.href, readFileSync(join(ctx.staging, file.path)))
  const main = landing(model, (p) => href(p), linksToPages(undefined, model.partOf), files)
  write(landingFile, sitePage(model, { file: landingFile, title: model.meta.title, main, contents: contentsFor(), scripts: ['reader.js', 'search.js'], bodyClass: 'page-landing' }))
  // Pages of parts that no longer exist must not linger; the files just written are kept as they are.
  const site = join(ctx.staging, 'html')
  for (const file of walkFiles(site)) if (!written.has(file)) rmSync(join(site, file))
}

/** The site's icon, Folio's mark on the accent colour (browsers ask for one on every page). */
const favicon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f4e8c"/><text x="16" y="23" font-family="Georgia, serif" font-size="20" font-weight="700" text-anchor="middle" fill="#fdfcf8">F</text></svg>\n'
