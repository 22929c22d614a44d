/** The HTML writer: the reading edition as a static site in html/ and as one self-contained file, `<slug>.html`. */
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { keyOf } from '../../memory.ts'
import { walkFiles } from '../../walk-files.ts'
import type { Part } from '../model.ts'
import { withContentSecurityPolicy } from './csp.ts'
import type { WriteContext } from '../writer.ts'
import { archive } from './archive.ts'
import { clientScript, fontFiles, searchEngineFiles, searchScript, stylesheet } from './assets.ts'
import { downloadsFolder, landingFile, pageFile, witnessFile } from './files.ts'
import { landing } from './landing.ts'
import { linksInPage, linksToPages, markLinks } from './links.ts'
import { contents, pager, type Href } from './navigation.ts'
import { partArticle, partText } from './part-article.ts'
import { searchDocument, searchIndexScript, searchSnippetsScript, spellingGroups } from './search-index.ts'
import { readingTools } from './reading-tools.ts'
import { sitePage } from './site-page.ts'
import { witnessPage } from './witness-page.ts'
import { template } from './template.ts'

const href: Href = (part, id) => (id === undefined ? pageFile(part.id) : `${pageFile(part.id)}#${id}`)

export default async function writeHtml(ctx: WriteContext) {
  const { model, remember } = ctx
  const { slug } = ctx.edition.sources.edition
  const written = new Set<string>()
  const write = (name: string, data: string | Uint8Array) => {
    ctx.write(`html/${name}`, typeof data === 'string' && name.endsWith('.html') ? withContentSecurityPolicy(data) : data)
    written.add(name)
  }
  const toPages = (markup: string, part?: Part) => linksToPages(markup, part?.id, model.partOf)
  const contentsFor = contents(model, href)

  for (const file of fontFiles()) write(`fonts/${file.name}`, file.data)
  write('screen.css', stylesheet('screen.css'))
  write('site-print.css', stylesheet('site-print.css'))
  write('notes.js', clientScript('notes.js'))
  write('reader.js', clientScript('reader.js'))
  write('favicon.svg', favicon)
  write('search.js', searchScript())
  for (const file of searchEngineFiles()) write(file.name, file.data)
  // Each document's entries are made again only when the document changed, and the index only when some
  // document's entries did: most edits (headnotes, front matter, the index) leave the searched text as it was.
  const searched = model.parts
    .filter((part) => part.role === 'document')
    .map((part) =>
      remember('search-entries', [part.textInputs, part.title], () => {
        const document = searchDocument(part, href(part))
        return { document, inputs: keyOf(document) }
      })
    )
  const searchInputs = searched.map((s) => s.inputs)
  const spellings = spellingGroups(model.index, Object.keys(model.meta.scriptLanguages))
  write('search-index.js', remember('search-index', [...searchInputs, JSON.stringify(spellings)], () => searchIndexScript(searched.map((s) => s.document), spellings)))
  write('search-snippets.js', remember('search-snippets', searchInputs, () => searchSnippetsScript(searched.map((s) => s.document))))

  // Each part is serialised once, for its page and for the archive, and only when it or its templates changed
  // (its text only when the text changed); its links are resolved for its page again only when an id moved from
  // one part to another.
  const templates = template('part') + template('headnote')
  const places = keyOf(model.partOf)
  const parts = model.parts.map((part) => {
    ctx.progress(`page ${pageFile(part.id)}`)
    const serialised = [part.inputs, templates]
    const text = remember('text-markup', [part.textInputs], () => partText(part, markLinks))
    const markup = remember('article', serialised, () => partArticle(part, text, markLinks))
    const inSite = remember('in-site', [...serialised, places], () => ({ article: toPages(markup.article, part), popovers: toPages(markup.popovers, part) }))
    const document = part.role === 'document' ? part : undefined
    const tools = document && readingTools(model, part, witnessFile(part.id))
    const page = { file: pageFile(part.id), title: part.title, main: inSite.article, contents: contentsFor(part), pager: pager(model, href, part), popovers: inSite.popovers, scripts: ['notes.js', 'reader.js', 'search.js'], bodyClass: `page-${part.role}`, document, tools }
    write(pageFile(part.id), sitePage(model, page))
    if (document)
      write(witnessFile(part.id), sitePage(model, { file: witnessFile(part.id), title: `Witness of ${part.title}`, main: witnessPage(part, href, model.meta.scriptLanguages), contents: contentsFor(part), scripts: ['reader.js', 'search.js'], bodyClass: 'page-witness', document }))
    return remember('in-page', serialised, () => ({ article: linksInPage(markup.article), popovers: linksInPage(markup.popovers) }))
  })

  ctx.write(`${slug}.html`, withContentSecurityPolicy(archive(model, parts)))
  // The site holds copies of the other outputs: html/ deployed alone still serves every download it lists.
  const files = ctx.downloads().map((d) => ({ ...d, href: `${downloadsFolder}/${d.path}` }))
  for (const file of files) write(file.href, readFileSync(join(ctx.staging, file.path)))
  const main = landing(model, (p) => href(p), markLinks, files)
  write(landingFile, sitePage(model, { file: landingFile, title: model.meta.title, main: toPages(main), contents: contentsFor(), scripts: ['reader.js', 'search.js'], bodyClass: 'page-landing' }))
  // Pages of parts that no longer exist must not linger; the files just written are kept as they are.
  const site = join(ctx.staging, 'html')
  for (const file of walkFiles(site)) if (!written.has(file)) rmSync(join(site, file))
}

/** The site's icon, Folio's mark on the accent colour (browsers ask for one on every page). */
const favicon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f4e8c"/><text x="16" y="23" font-family="Georgia, serif" font-size="20" font-weight="700" text-anchor="middle" fill="#fdfcf8">F</text></svg>\n'
