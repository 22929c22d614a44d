/** The EPUB 3 writer: the render model as `<slug>.epub`, with pop-up notes, a linked index and print page list. */
import { readFileSync } from 'node:fs'
import { projectPath } from '../../paths.ts'
import { textOf } from '../content.ts'
import type { Model } from '../model.ts'
import type { WriteContext } from '../writer.ts'
import { accessibility, contentsOf } from './accessibility.ts'
import { partChapter, type Chapter } from './chapters.ts'
import { Container, type Resource } from './container.ts'
import { coverHtml, coverJpeg } from './cover.ts'
import { embeddedFonts, fontFaceRules } from './font-faces.ts'
import { editionName, editionUuid, modified, modifiedDate } from './identity.ts'
import { contents, guideTypes, landmarks, pageList, type NavEntry } from './navigation.ts'
import { markScriptLanguages } from '../languages.ts'
import { ncxDocument } from './ncx.ts'
import { packageDocument } from './package.ts'
import { insertPageBreaks, readPageMap } from './page-breaks.ts'
import { coverImage, coverPage, licenceLink, licencePage, licencePartId, titlePage } from './pages.ts'
import { fileOf, navDocument, xhtmlDocument } from './xhtml.ts'

const stylesheet = () => readFileSync(projectPath('styles/epub.css'), 'utf8')

/** epub-gen-memory always writes its navigation document under this name. */
const nav = 'toc.xhtml'

export default async function writeEpub(ctx: WriteContext) {
  const { model } = ctx
  const { meta } = model
  // The model's parts, and the licence page this writer adds.
  const partOf = (id: string) => (id === licencePartId ? licencePartId : model.partOf.get(id))
  const chapters: Chapter[] = [
    { id: 'cover', title: 'Cover', matter: 'frontmatter', content: coverPage(model) },
    // The model's parts have their words in other scripts marked; this page, made from edition.yaml, not yet.
    { id: 'titlepage', title: meta.title, matter: 'frontmatter', content: markScriptLanguages(titlePage(model), meta.scriptLanguages) },
    ...model.parts.map((part) => partChapter(part, partOf, part.role === 'colophon' ? licenceLink() : [])),
    { id: licencePartId, title: 'Font licences', matter: 'backmatter', content: licencePage() },
  ]
  const pageMap = readPageMap(ctx.read('pagemap.json'))
  const breaks = pageMap ? insertPageBreaks(chapters, pageMap) : []
  const toc = contents(model)
  const cover = coverHtml(model)
  const [image, fonts] = await Promise.all([
    coverJpeg(cover),
    embeddedFonts(bookText(chapters, toc)),
  ])
  const resources: Resource[] = [{ href: coverImage, data: image }, ...fonts]
  const lang = meta.language
  const identifier = editionUuid(model)
  const pages = pageList(breaks)
  const marks = landmarks(model, fileOf('cover'), fileOf('titlepage'), nav)
  const opf = packageDocument({
    lang,
    identifier,
    editionId: editionName(model),
    title: meta.title,
    subtitle: meta.subtitle,
    editor: meta.editor,
    contributors: contributors(model),
    publisher: meta.publisher,
    published: meta.date,
    modified: modified(model),
    // The print edition the page-break markers come from (EPUB Accessibility: page source).
    pageSource: breaks.length > 0 ? `${meta.title}, print edition (PDF, ${meta.slug}.pdf), version ${meta.version}` : '',
    rights: meta.rights,
    description: meta.description,
    a11y: accessibility({ contents: contentsOf(chapters), tableOfContents: toc.length > 0, pageList: breaks.length > 0, publisher: meta.publisher }),
    items: manifest(chapters, resources),
    // Cover and title page, then the contents, then the parts; the licences are reached from the colophon.
    spine: [...chapters.slice(0, 2), { id: 'nav' }, ...chapters.slice(2)].map((c) => ({ idref: c.id, linear: c.id !== licencePartId })),
    landmarks: marks,
    guideTypes,
  })
  const ncx = ncxDocument({ lang, identifier, title: meta.title, toc, pages })
  const navXhtml = navDocument({ lang, title: 'Contents', toc, landmarks: marks.filter((l) => l.inNav), pages })
  // Every XML file is written whole by src/render/xml.ts; epub-gen-memory's templates only pass it through. The
  // XHTML reaches the chapter template as `xhtml`, not as `content`, which epub-gen-memory would re-parse.
  const files = chapters.map((c) => ({ title: c.title, filename: fileOf(c.id), content: '', xhtml: xhtmlDocument({ lang, title: c.title, matter: c.matter, content: c.content }) }))
  const options = {
    title: meta.title,
    author: meta.editor,
    publisher: meta.publisher,
    description: meta.description,
    lang,
    tocTitle: 'Contents',
    css: `${fontFaceRules(fonts)}\n\n${stylesheet()}`,
    contentOPF: '<%- opf %>',
    tocNCX: '<%- ncx %>',
    tocXHTML: '<%- navXhtml %>',
    chapterXHTML: '<%- xhtml %>',
    opf,
    ncx,
    navXhtml,
  }
  const container = new Container(options, files, resources, modifiedDate(model))
  ctx.write(`${meta.slug}.epub`, await container.bytes())
}

function manifest(chapters: Chapter[], resources: Resource[]) {
  const mediaTypes: Record<string, string> = { jpg: 'image/jpeg', ttf: 'font/ttf' }
  return [
    { id: 'nav', href: nav, mediaType: 'application/xhtml+xml', properties: 'nav' },
    { id: 'ncx', href: 'toc.ncx', mediaType: 'application/x-dtbncx+xml' },
    { id: 'css', href: 'style.css', mediaType: 'text/css' },
    ...chapters.map((c) => ({ id: c.id, href: fileOf(c.id), mediaType: 'application/xhtml+xml' })),
    ...resources.map((r, i) => ({
      id: r.href === coverImage ? 'cover-image' : `res-${i}`,
      href: r.href,
      mediaType: mediaTypes[r.href.split('.').at(-1)!]!,
      ...(r.href === coverImage ? { properties: 'cover-image' } : {}),
    })),
  ]
}

/**
 * Every character the book may show, for the font subsets: the chapters' text and the navigation's, in both
 * cases (headnote labels are set in capitals by the style sheet), with the hyphens that hyphenation adds.
 */
function bookText(chapters: Chapter[], toc: NavEntry[]): string {
  const titles = (entries: NavEntry[]): string => entries.map((e) => e.title + titles(e.children)).join('')
  const text = `${chapters.map((c) => c.title + c.content.map(textOf).join('')).join('')}${titles(toc)}Contents Landmarks Pages of the print edition 0123456789 -\u2010`
  return text + text.toUpperCase()
}

const relators = { author: 'aut', interviewer: 'ivr', interviewee: 'ive' } as const

/** The documents' makers as the sources name them, each name and role once, with their MARC relator codes. */
function contributors(model: Model): Array<{ name: string; role: string }> {
  const all = model.parts.flatMap((p) => (p.contributors ?? []).map((c) => ({ name: c.name, role: relators[c.role] })))
  return all.filter((c, i) => all.findIndex((d) => d.name === c.name && d.role === c.role) === i)
}
