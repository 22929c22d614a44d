/**
 * The EPUB on the real edition: notes, index, page list, fidelity to the witnesses, determinism, and every spine item
 * laid out by Chromium with the book's own CSS at phone and tablet width, in a light and a dark reading-system theme
 * (each loaded once per width, for all of these). Its validators (EPUBCheck, epubcheck-ts, Ace) run once for the
 * suite, in tests/check.test.ts; Calibre's conversions in tests/epub-readers.test.ts.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import JSZip from 'jszip'
import puppeteer, { type Browser } from 'puppeteer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { create, type Font } from 'fontkit'
import { fontFaces, fontFile } from '../src/render/fonts.ts'
import { folioAsync, project } from './helpers.ts'
import { dist } from './setup/dist.ts'

interface Report {
  documents: Array<{ id: number; witness: { path: string }; paragraphs: number; authorNotes: number; editorNotes: number; changes: Array<{ kind: string; before: string; after: string }> }>
  index: { headwords: number; subEntries: number; locators: number }
  outputs: Array<{ format: string; path: string }>
}

/** What the test reads from each spine item once Chromium has parsed it. */
interface Page {
  file: string
  ids: string[]
  links: string[]
  noterefs: Array<{ href: string; id: string }>
  endnotes: Array<{ id: string; firstLink: string | null; section: string | null; text: string }>
  /** Elements with a citable number: the number, and the text the element starts with. */
  numbered: Array<{ number: string; start: string }>
  locators: string[]
  pagebreaks: Array<{ id: string; label: string | null; next: string | null }>
  text: string
  /** The letters and digits of the text, note marks left out: the witness's words must be found in it. */
  letters: string
  errors: string[]
}

const chromium = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium'
const report = JSON.parse(readFileSync(join(dist, 'report.json'), 'utf8')) as Report
/** What the edition holds, as the build counted it: the EPUB must carry all of it. */
const sum = (of: (d: Report['documents'][number]) => number) => report.documents.reduce((n, d) => n + of(d), 0)
const screens = join(dist, 'screens/epub')
// A copy of the built EPUB (and whether the PDF's page map was there), so the checks read one consistent state.
const work = mkdtempSync(join(tmpdir(), 'folio-epub-check-'))
const epubPath = join(work, 'book.epub')
writeFileSync(epubPath, readFileSync(join(dist, report.outputs.find((o) => o.format === 'epub')!.path)))

/** Build only the EPUB into a fresh folder (with more environment variables), and return its bytes and progress. */
async function buildEpub(env: Record<string, string> = {}): Promise<{ bytes: Buffer; stderr: string }> {
  const out = mkdtempSync(join(tmpdir(), 'folio-epub-'))
  const result = await folioAsync(['build', '--format', 'epub', '--out', out], project, env)
  if (result.code !== 0) throw new Error(`EPUB build failed:\n${result.stderr}`)
  return { bytes: readFileSync(join(out, report.outputs.find((o) => o.format === 'epub')!.path)), stderr: result.stderr }
}

async function unzip(bytes: Buffer, into: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(bytes)
  const files = new Map<string, Buffer>()
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue
    const data = await entry.async('nodebuffer')
    files.set(entry.name, data)
    mkdirSync(dirname(join(into, entry.name)), { recursive: true })
    writeFileSync(join(into, entry.name), data)
  }
  return files
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** A reading system's theme: page and text colours, and its link colour (reading systems recolour links too). */
const themes = {
  light: { background: '#ffffff', color: '#000000', link: '#0b57d0' },
  dark: { background: '#121212', color: '#e0e0e0', link: '#8ab4f8' },
}
const widths = { phone: { width: 360, height: 740 }, tablet: { width: 800, height: 1200 } }

interface Layout {
  file: string
  /** Widths of the index's top-level entries (the first of each letter among them). */
  entries: Array<{ text: string; width: number; first: boolean }>
  /** Note sections and how many notes with visible text each holds. */
  noteSections: Array<{ label: string; visible: number }>
  /** Words laid out on more than one line. */
  broken: string[]
  /** Text below 4.5:1 against its background. */
  lowContrast: string[]
  /** Headings that end a column, their text in the next one. */
  headingsAtFoot: string[]
  /** Apparatus tables wider than the page, or with a cell narrower than its longest word. */
  cramped: string[]
  /** Apparatus cells a reading system would hyphenate (hyphens: auto). */
  hyphenated: string[]
}

/**
 * Lay the body out in columns of the viewport's size, as Calibre's viewer and Foliate page a chapter, and report the
 * headings left at a column's foot; then the apparatus tables that do not fit the page's width.
 */
function pagedLayout(viewport: { width: number; height: number }): Pick<Layout, 'headingsAtFoot' | 'cramped' | 'hyphenated'> {
  const style = document.createElement('style')
  // No gap and no padding: column k spans [k·width, (k+1)·width). Foliate's WebKit does not keep a heading with
  // what follows for break-after: avoid (Chromium does): laid out as WebKit does, without it.
  style.textContent = `html, body { margin: 0; } body { box-sizing: border-box; padding: 0; width: ${viewport.width}px; height: ${viewport.height}px; column-width: ${viewport.width}px; column-gap: 0; column-fill: auto; }
    *, *::before, *::after { break-after: auto !important; page-break-after: auto !important; }`
  document.head.append(style)
  const column = (r: DOMRect) => Math.floor((r.left + 1) / viewport.width)
  const following = (el: Element): Element | null => {
    for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) {
      for (let next = e.nextElementSibling; next; next = next.nextElementSibling) if ((next.textContent ?? '').trim() && next.getClientRects().length > 0) return next
    }
    return null
  }
  const headingsAtFoot: string[] = []
  for (const heading of document.querySelectorAll('h1, h2, h3, .headnote-label')) {
    const text = document.createRange()
    text.selectNodeContents(heading)
    const rects = [...text.getClientRects()].filter((r) => r.width > 0)
    const next = following(heading)
    if (rects.length === 0 || !next) continue
    const first = [...next.getClientRects()][0]!
    if (column(first) !== column(rects.at(-1)!)) headingsAtFoot.push(`${heading.tagName.toLowerCase()} “${(heading.textContent ?? '').trim().slice(0, 40)}”`)
  }
  style.remove()
  const cramped: string[] = []
  const hyphenated: string[] = []
  for (const table of document.querySelectorAll('table.changes')) {
    if (table.getBoundingClientRect().width > document.body.clientWidth + 1) cramped.push(`table wider than the page: ${Math.round(table.getBoundingClientRect().width)}px`)
    for (const cell of table.querySelectorAll('th, td')) {
      if (getComputedStyle(cell).hyphens !== 'manual') hyphenated.push((cell.textContent ?? '').slice(0, 30))
      if (cell.scrollWidth > cell.clientWidth + 1) cramped.push(`cell “${(cell.textContent ?? '').slice(0, 30)}”: ${cell.scrollWidth}px in ${cell.clientWidth}px`)
    }
  }
  return { headingsAtFoot, cramped, hyphenated }
}

/** Spine items in reading order, from the package document. */
function spine(opf: string): string[] {
  const hrefs = new Map([...opf.matchAll(/<item id="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]))
  return [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => hrefs.get(m[1]!)!)
}

const root = mkdtempSync(join(tmpdir(), 'folio-epub-unzipped-'))
let files: Map<string, Buffer>
let opf: string
let pages: Page[]
let browser: Browser
const shots = new Map<string, Uint8Array>()
// The builds start together and are awaited by their own tests.
let builds: Promise<Array<{ bytes: Buffer; stderr: string }>>
const layouts: Array<Layout & { theme: string; size: string }> = []

beforeAll(async () => {
  files = await unzip(readFileSync(epubPath), root)
  opf = files.get('OEBPS/content.opf')!.toString('utf8')
  // An EPUB alone, which takes the print page map the suite's build made; one with no earlier page map, which lays
  // out the print book for it. Each is compared with the suite's build: three builds, byte for byte.
  builds = Promise.all([buildEpub(), buildEpub({ FOLIO_CACHE: mkdtempSync(join(tmpdir(), 'folio-cache-')) })])

  browser = await puppeteer.launch({ executablePath: chromium, args: ['--no-sandbox'] })
  const page = await browser.newPage()
  await page.setRequestInterception(true)
  const local = pathToFileURL(root).href
  page.on('request', (request) => void (request.url().startsWith(local) ? request.continue() : request.abort()))
  // Each spine item's errors, over every load of it.
  const errors = new Map(spine(opf).map((file) => [file, [] as string[]]))
  let loading = ''
  page.on('pageerror', (error) => errors.get(loading)!.push(String(error)))
  page.on('requestfailed', (request) => errors.get(loading)!.push(`failed: ${request.url()}`))
  pages = []
  mkdirSync(screens, { recursive: true })
  // Each spine item is loaded once per width: at the tablet's, what Chromium parsed is read and two are shot; at
  // each, the theme (colours only) is swapped on the loaded page, and what colours cannot change (line breaks,
  // widths, visible notes) is measured in the first theme.
  for (const [size, viewport] of Object.entries(widths)) {
    await page.setViewport(viewport)
    for (const file of spine(opf)) {
      loading = file
      await page.goto(pathToFileURL(join(root, 'OEBPS', file)).href, { waitUntil: 'load' })
      if (size === 'tablet') {
        await page.evaluate(() => document.fonts.ready)
        const info = await page.evaluate(() => {
          const ops = 'http://www.idpf.org/2007/ops'
          const typed = (type: string) => [...document.querySelectorAll('*')].filter((e) => (e.getAttributeNS(ops, 'type') ?? '').split(/\s+/).includes(type))
          return {
            ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
            links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!),
            noterefs: typed('noteref').map((a) => ({ href: a.getAttribute('href')!, id: a.id })),
            endnotes: typed('endnote').map((f) => ({ id: f.id, firstLink: f.querySelector('a')?.getAttribute('href') ?? null, section: f.closest('section')?.getAttribute('role') ?? null, text: f.textContent ?? '' })),
            numbered: [...document.querySelectorAll('[data-number]')].map((e) => ({ number: e.getAttribute('data-number')!, start: (e.textContent ?? '').slice(0, 20) })),
            locators: typed('index-locator').map((a) => a.getAttribute('href')!),
            pagebreaks: typed('pagebreak').map((s) => ({ id: s.id, label: s.getAttribute('aria-label'), next: s.nextElementSibling?.id || s.parentElement?.id || null })),
            text: document.body.textContent ?? '',
            letters: (() => {
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
              let text = ''
              for (let node = walker.nextNode(); node; node = walker.nextNode()) if (!node.parentElement?.closest('a.noteref, a.note-backlink')) text += node.nodeValue
              return text
            })(),
          }
        })
        pages.push({ file, ...info, errors: errors.get(file)! })
        if (file === 'doc-1.xhtml' || file === 'index.xhtml') shots.set(file, await page.screenshot({ path: join(screens, file.replace('.xhtml', '.png')) }))
      }
      const style = await page.addStyleTag({ content: '/* the reading system’s theme */' })
      for (const [theme, colours] of Object.entries(themes)) {
        const measureLayout = theme === Object.keys(themes)[0]
        await style.evaluate((el, css) => void (el.textContent = css), `html, body { background: ${colours.background}; color: ${colours.color}; } a:link, a:visited { color: ${colours.link}; }`)
        await page.evaluate(() => document.fonts.ready)
        const layout = await page.evaluate((background: string, measureLayout: boolean) => {
          const ops = 'http://www.idpf.org/2007/ops'
          const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number)
          const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16))
          const luminance = ([r, g, b]: number[]) => {
            const c = [r!, g!, b!].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
            return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!
          }
          /** The element's text colour as drawn: its alpha and every opacity up the tree blended over the page. */
          const drawn = (el: Element, bg: number[]) => {
            const [r, g, b, a = 1] = rgb(getComputedStyle(el).color)
            let alpha = a
            for (let e: Element | null = el; e; e = e.parentElement) alpha *= Number(getComputedStyle(e).opacity)
            return [r!, g!, b!].map((v, i) => v * alpha + bg[i]! * (1 - alpha))
          }
          const ratio = (x: number[], y: number[]) => {
            const [l1, l2] = [luminance(x), luminance(y)].sort((p, q) => q - p)
            return (l1! + 0.05) / (l2! + 0.05)
          }
          const lowContrast: string[] = []
          const broken: string[] = []
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const el = node.parentElement!
            if (!node.nodeValue!.trim() || el.closest('[hidden], title, style')) continue
            // Hashes in code may break anywhere (break-all): they are not words.
            const words = !el.closest('code')
            if (el.getClientRects().length === 0) continue
            // Against the nearest background drawn behind the text (a highlight's, or the page's).
            let behind = hex(background)
            for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) {
              const [r, g, b, a = 1] = rgb(getComputedStyle(e).backgroundColor)
              if (a > 0) {
                behind = [r!, g!, b!]
                break
              }
            }
            const contrast = ratio(drawn(el, behind), behind)
            if (contrast < 4.5) lowContrast.push(`${el.tagName.toLowerCase()}.${el.className}: ${contrast.toFixed(2)} “${node.nodeValue!.trim().slice(0, 30)}”`)
            // Words between spaces and hyphens: a line may end at a hyphen of a compound.
            if (words && measureLayout) for (const m of node.nodeValue!.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’]*[\p{L}\p{N}]/gu)) {
              const range = document.createRange()
              range.setStart(node, m.index!)
              range.setEnd(node, m.index! + m[0].length)
              const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)))
              if (lines.size > 1) broken.push(`${el.tagName.toLowerCase()}.${el.className}: ${m[0]}`)
            }
          }
          if (!measureLayout) return { entries: [], noteSections: [], broken, lowContrast }
          const list = [...document.querySelectorAll('*')].find((e) => (e.getAttributeNS(ops, 'type') ?? '') === 'index-entry-list')
          const entries = list
            ? [...list.children].filter((li) => !li.classList.contains('index-letter')).map((li) => ({ text: (li.textContent ?? '').slice(0, 30), width: li.getBoundingClientRect().width, first: li.previousElementSibling?.classList.contains('index-letter') ?? false }))
            : []
          const noteSections = [...document.querySelectorAll('section.notes')].map((s) => ({
            label: s.getAttribute('aria-labelledby') ?? '',
            visible: [...s.querySelectorAll('li')].filter((li) => li.getBoundingClientRect().height > 0 && (li.textContent ?? '').trim().length > 2).length,
          }))
          return { entries, noteSections, broken, lowContrast }
        }, colours.background, measureLayout)
        // Paged as a reading system pages a chapter, in columns the height of the screen (once per width).
        const paged = measureLayout ? await page.evaluate(pagedLayout, viewport) : { headingsAtFoot: [], cramped: [], hyphenated: [] }
        layouts.push({ file, theme, size, ...layout, ...paged })
      }
    }
  }
  await page.close()
}, 600_000)

afterAll(async () => {
  await browser?.close()
})

/** Resolve `href` as written in `from` to `file#id`. */
function target(from: string, href: string): string {
  return href.startsWith('#') ? `${from}${href}` : href
}

function allIds(): Set<string> {
  return new Set(pages.flatMap((p) => p.ids.map((id) => `${p.file}#${id}`)))
}

describe('EPUB content', () => {
  it('renders every spine item in Chromium without page errors or failed requests', () => {
    expect(pages.length).toBeGreaterThan(5)
    expect(pages.filter((p) => p.errors.length > 0).map((p) => `${p.file}: ${p.errors.join('; ')}`)).toEqual([])
    // Checked on the captured bytes: a concurrent build may swap tests/.dist after they were written.
    expect([...shots.keys()].sort()).toEqual(['doc-1.xhtml', 'index.xhtml'])
    for (const png of shots.values()) expect(png.length).toBeGreaterThan(10_000)
  })

  it('every link resolves to an element of the EPUB', () => {
    const ids = allIds()
    const broken = pages.flatMap((p) => p.links.filter((href) => !/^[a-z]+:/.test(href)).map((href) => target(p.file, href)).filter((t) => t.includes('#') && !ids.has(t)).map((t) => `${p.file} → ${t}`))
    expect(broken).toEqual([])
  })

  it('every note reference leads to an endnote, in an endnotes section, that links back to a reference', () => {
    const noterefs = pages.flatMap((p) => p.noterefs.map((r) => ({ file: p.file, at: r.id ? `${p.file}#${r.id}` : '', to: target(p.file, r.href) })))
    const endnotes = new Map<string, Page['endnotes'][number] & { file: string }>(pages.flatMap((p) => p.endnotes.map((f) => [`${p.file}#${f.id}`, { ...f, file: p.file }])))
    // One reference for each note of the documents, the authors' and the editors'.
    expect(noterefs.length).toBe(sum((d) => d.authorNotes + d.editorNotes))
    expect(noterefs.length).toBeGreaterThan(0)
    expect(noterefs.filter((r) => !endnotes.has(r.to)).map((r) => r.to)).toEqual([])
    const refIds = new Set<string>(noterefs.map((r) => r.at).filter(Boolean))
    const unlinked = [...endnotes].filter(([, f]) => f.section !== 'doc-endnotes' || !f.firstLink || !refIds.has(target(f.file, f.firstLink)))
    expect(unlinked.map(([id]) => id)).toEqual([])
  })

  it('keeps notes in the flow: no footnote asides, which Foliate and other WebKit readers hide', () => {
    const xhtml = [...files].filter(([name]) => name.endsWith('.xhtml')).map(([, data]) => data.toString('utf8')).join('')
    expect(xhtml).not.toMatch(/epub:type="footnote"|<aside/)
    expect(pages.flatMap((p) => p.endnotes).filter((n) => n.text.trim().length < 3)).toEqual([])
  })

  it('shows every citable paragraph number as text at the start of its paragraph', () => {
    const numbered = pages.flatMap((p) => p.numbered)
    expect(numbered.length).toBe(sum((d) => d.paragraphs))
    expect(numbered.length).toBeGreaterThan(0)
    expect(numbered.filter((n) => !n.start.startsWith(`${n.number} `))).toEqual([])
    // Not generated content: conversions to TXT and AZW3 drop it.
    expect(files.get('OEBPS/style.css')!.toString('utf8')).not.toMatch(/content:\s*attr/)
  })

  it('sets no fixed colour for text: the reading system’s themes decide', () => {
    const css = files.get('OEBPS/style.css')!.toString('utf8')
    expect(css.match(/(^|[^-])color:[^;}]*/gm) ?? []).toEqual([])
    expect(css.match(/#[0-9a-f]{3,8}\b|rgba?\(/gi) ?? []).toEqual([])
  })

  it('keeps authors’ notes and editor’s notes apart, each group labelled', () => {
    const doc = (name: string) => files.get(`OEBPS/${name}`)!.toString('utf8')
    const all = [...files.keys()].filter((f) => /doc-\d+\.xhtml$/.test(f)).map((f) => doc(f.slice('OEBPS/'.length)))
    expect(all.some((x) => x.includes('class="note note-author"'))).toBe(true)
    expect(all.some((x) => x.includes('class="note note-editor"'))).toBe(true)
    for (const x of all) if (x.includes('note-editor"')) expect(x).toContain('Editor’s notes</h2>')
    // The source's own notes heading opens the authors' endnotes section, so the contents never lead to an empty heading.
    const withOwn = all.filter((x) => x.includes('class="notes notes-author"'))
    expect(withOwn.length).toBeGreaterThan(0)
    for (const x of withOwn) expect(x).toMatch(/<section epub:type="endnotes" role="doc-endnotes" class="notes notes-author" aria-labelledby="((?!notes-)[^"]+)">(<span epub:type="pagebreak"[^>]*><\/span>)?<h2 id="\1">/)
  })

  it('index locators are EPUB Indexes locators that reach the marked occurrences', () => {
    const index = pages.find((p) => p.file === 'index.xhtml')!
    const ids = allIds()
    expect(index.locators.length).toBe(report.index.locators)
    expect(index.locators.length).toBeGreaterThan(0)
    expect(index.locators.map((href) => target(index.file, href)).filter((t) => !ids.has(t))).toEqual([])
    const xhtml = files.get('OEBPS/index.xhtml')!.toString('utf8')
    expect(xhtml).toMatch(/<section id="index" epub:type="index" role="doc-index"/)
    expect(xhtml.match(/epub:type="index-entry"/g)!.length).toBe(report.index.headwords + report.index.subEntries)
    // Each letter is an item of its own before its first entry, never inside it.
    expect(xhtml).not.toMatch(/<li[^>]*epub:type="index-entry"[^>]*><span[^>]*index-letter/)
    const letters = [...xhtml.matchAll(/<li class="index-letter">(?:<span epub:type="pagebreak"[^>]*><\/span>)?<h2 id="index-([A-Z#])">\1<\/h2><\/li><li [^>]*epub:type="index-entry"/g)]
    expect(letters.length).toBe([...xhtml.matchAll(/<a href="#index-[A-Z#]">/g)].length)
  })

  it('has a nested table of contents, landmarks and an NCX', () => {
    const nav = files.get('OEBPS/toc.xhtml')!.toString('utf8')
    expect(nav).toMatch(/<nav epub:type="toc"[\s\S]*<ol>[\s\S]*<li><a href="doc-1\.xhtml">[\s\S]*<ol>[\s\S]*doc-1\.xhtml#/)
    for (const type of ['cover', 'toc', 'bodymatter']) expect(nav).toContain(`epub:type="${type}"`)
    expect(files.get('OEBPS/toc.ncx')!.toString('utf8')).toContain('<navPoint')
    // The index as a landmark of the package's guide, which Calibre and Kindle read.
    expect(opf).toMatch(/<guide>[\s\S]*<reference type="index" title="Index" href="index\.xhtml"\/>[\s\S]*<\/guide>/)
  })

  it('states the accessibility and identity metadata, with dates from the sources', () => {
    const edition = readFileSync(join(project, 'sources/edition.yaml'), 'utf8')
    const date = edition.match(/^date: (\S+)/m)![1]
    expect(opf).toContain(`<meta property="dcterms:modified">${date}T00:00:00Z</meta>`)
    expect(opf).toMatch(/<dc:identifier id="pub-id">urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/)
    expect(opf).toContain('<meta refines="#editor" property="role" scheme="marc:relators">edt</meta>')
    // Each accessibility feature claimed is one the book's files have, and each they have is claimed.
    const xhtml = [...files].filter(([name]) => name.endsWith('.xhtml')).map(([, data]) => data.toString('utf8'))
    const images = xhtml.flatMap((x) => [...x.matchAll(/<img [^>]*>/g)].map((m) => m[0]))
    const holds = {
      tableOfContents: xhtml.some((x) => x.includes('epub:type="toc"')),
      index: xhtml.some((x) => x.includes('role="doc-index"')),
      readingOrder: true,
      structuralNavigation: xhtml.some((x) => /<h[1-6][ >]/.test(x)),
      alternativeText: images.length > 0 && images.every((i) => / alt="[^"]+"/.test(i)),
      printPageNumbers: xhtml.some((x) => x.includes('epub:type="page-list"')),
      pageBreakMarkers: xhtml.some((x) => x.includes('epub:type="pagebreak"')),
      pageNavigation: xhtml.some((x) => x.includes('epub:type="page-list"')),
    }
    const claimed = [...opf.matchAll(/schema:accessibilityFeature">([^<]+)</g)].map((m) => m[1])
    expect(claimed.sort()).toEqual(Object.keys(holds).filter((f) => holds[f as keyof typeof holds]).sort())
    const summary = opf.match(/schema:accessibilitySummary">([^<]+)</)![1]!
    expect(summary).toContain('endnotes')
    expect(summary).not.toContain('footnotes')
    expect(opf).toContain('<meta property="dcterms:conformsTo" id="conformance">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>')
    // The editor as editor (not author), with a sort name; the people the sources name as contributors.
    expect(opf).toMatch(/<meta refines="#editor" property="file-as">[^<]+<\/meta>/)
    const contributors = [...opf.matchAll(/<dc:contributor id="([^"]+)">([^<]+)<\/dc:contributor>\s*<meta refines="#\1" property="role" scheme="marc:relators">(\w+)</g)].map((m) => `${m[2]} ${m[3]}`)
    const named = readFileSync(join(project, 'sources/documents/02-interview-maga-communism/document.yaml'), 'utf8').match(/\{ name: ([^,]+), role: interviewer \}/)![1]!
    expect(contributors).toContain(`${named} ivr`)
    // A second identifier, which Calibre shows (it keeps urn:uuid identifiers to itself).
    expect(opf).toMatch(/<dc:identifier id="edition-id">folio:[^<]+@[^<]+<\/dc:identifier>/)
  })

  it('has a raster cover image from Chromium, which Calibre and Kindle conversions can use', () => {
    expect(opf).toMatch(/<item id="cover-image" href="images\/cover\.jpg" media-type="image\/jpeg" properties="cover-image"\/>/)
    const jpeg = files.get('OEBPS/images/cover.jpg')!
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff])
    // The size from the JPEG's frame header (SOF0 or SOF2).
    const sof = jpeg.findIndex((b, i) => b === 0xff && (jpeg[i + 1] === 0xc0 || jpeg[i + 1] === 0xc2))
    expect([jpeg.readUInt16BE(sof + 7), jpeg.readUInt16BE(sof + 5)]).toEqual([1600, 2400])
  })

  it('centres every line of the title page', async () => {
    const page = await browser.newPage()
    await page.goto(pathToFileURL(join(root, 'OEBPS/titlepage.xhtml')).href, { waitUntil: 'load' })
    const aligns = await page.evaluate(() => [...document.querySelectorAll('.titlepage h1, .titlepage p')].map((e) => getComputedStyle(e).textAlign))
    await page.close()
    expect(aligns.length).toBeGreaterThan(3)
    expect(new Set(aligns)).toEqual(new Set(['center']))
  })


  it('embeds TrueType subsets of the fonts that cover every character of the text, with their licence', () => {
    const fonts = [...files].filter(([name]) => name.endsWith('.ttf')).map(([name, data]) => ({ name, font: create(data) as Font }))
    expect(fonts.length).toBeGreaterThan(4)
    expect([...files.keys()].filter((f) => /\.woff2?$/.test(f))).toEqual([])
    // Subsets: each with fewer glyphs than its shipped face, and each keeps the copyright notice of its name table.
    for (const { name, font } of fonts) {
      const shipped = create(fontFile(fontFaces.find((f) => name.endsWith(`/${f.file}.ttf`))!, 'woff')) as Font
      expect(font.numGlyphs, name).toBeLessThan(shipped.numGlyphs)
      expect(font.copyright, name).toBe(shipped.copyright)
    }
    // Subsetting loses no character of the text that the shipped faces have.
    const shipped = fontFaces.map((f) => create(fontFile(f, 'woff')) as Font)
    const text = [...new Set(pages.map((p) => p.text).join(''))].filter((ch) => !/\s/.test(ch) && shipped.some((font) => font.hasGlyphForCodePoint(ch.codePointAt(0)!)))
    expect(text.length).toBeGreaterThan(100)
    expect(text.filter((ch) => !fonts.some(({ font }) => font.hasGlyphForCodePoint(ch.codePointAt(0)!)))).toEqual([])
    // The licence names the holder the fonts themselves name (Adobe), not the packages' "Google Inc." line.
    const licence = pages.find((p) => p.file === 'font-licences.xhtml')!.text
    expect(licence).toContain('SIL OPEN FONT LICENSE')
    expect(licence).toContain((create(fontFile(fontFaces[0]!, 'woff')) as Font).copyright)
    expect(licence).not.toContain('Google')
    // Cyrillic words are marked as Russian: tests/languages.test.ts, for every format.
  })

  it('contains every word of each witness in its chapter, except text recorded as removed or changed', () => {
    const tokens = (text: string) => text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []
    for (const doc of report.documents) {
      // Compared without spaces and punctuation: the edition may split a run the scrape had joined (`Founded2020`).
      const chapter = tokens(pages.find((p) => p.file === `doc-${doc.id}.xhtml`)!.letters).join('')
      // Removed furniture, and the readings of emendations and mixed-script letters, are in the apparatus instead.
      const changed = new Set(doc.changes.filter((c) => ['chrome', 'emendation', 'homoglyph'].includes(c.kind)).flatMap((c) => tokens(c.before)))
      const witness = readFileSync(join(project, doc.witness.path), 'utf8')
      const lost = [...new Set(tokens(witness))].filter((t) => !chapter.includes(t) && !changed.has(t))
      expect(lost, `document ${doc.id}`).toEqual([])
    }
  })
})

describe('EPUB builds', () => {
  it('an EPUB built alone from the same sources is byte-identical to the EPUB of the whole build', async () => {
    const [a] = await builds
    expect(sha256(a!.bytes)).toBe(sha256(readFileSync(epubPath)))
    // The page map was not made again: the whole build's was taken (its model is the same).
    expect(a!.stderr).toMatch(/^ +pdf \(pagemap\.json of an earlier build, same model\)/m)
  }, 240_000)

  it('built alone, with no page map made earlier, lays out the print book for its page list: the same EPUB', async () => {
    const [, alone] = await builds
    expect(alone!.stderr).toMatch(/^ +pdf \(pagemap\.json\) +\d+ ms/m)
    expect(alone!.stderr).toContain('0 warnings')
    expect(sha256(alone!.bytes)).toBe(sha256(readFileSync(epubPath)))
  }, 240_000)

  it('turns the print page map into page-break markers before the mapped blocks and a page list', async () => {
    const nav = files.get('OEBPS/toc.xhtml')!.toString('utf8')
    const pagemap = JSON.parse(readFileSync(join(dist, 'pagemap.json'), 'utf8')) as Record<string, number>
    const chapters = [...files].filter(([name]) => /^OEBPS\/(doc-\d+|introduction|apparatus|index)\.xhtml$/.test(name))
    const markers = chapters.flatMap(([name, data]) =>
      [...data.toString('utf8').matchAll(/<span epub:type="pagebreak" role="doc-pagebreak" id="page-(\d+)" aria-label="(\d+)" class="pagebreak"><\/span><[a-z0-9]+ [^>]*?id="([^"]+)"/g)].map((m) => ({ file: name.slice('OEBPS/'.length), page: Number(m[1]), label: Number(m[2]), next: m[3]! }))
    )
    // A marker for every page of the print edition that the map reaches, each once.
    const marked = [...files].filter(([name]) => name.endsWith('.xhtml')).flatMap(([, data]) => [...data.toString('utf8').matchAll(/epub:type="pagebreak"[^>]* id="page-(\d+)"/g)].map((m) => Number(m[1])))
    expect(marked.sort((x, y) => x - y)).toEqual([...new Set(Object.values(pagemap))].sort((x, y) => x - y))
    expect(markers.length).toBeGreaterThan(0)
    for (const m of markers) {
      expect(m.label).toBe(m.page)
      // The element after the marker is where the print edition's page begins.
      expect(pagemap[m.next], m.next).toBe(m.page)
      expect(nav).toContain(`<a href="${m.file}#page-${m.page}">${m.page}</a>`)
    }
    const pages = markers.map((m) => m.page)
    expect(pages).toEqual([...pages].sort((x, y) => x - y))
    // The NCX's page list too, for reading systems that read EPUB 2 navigation (Calibre, Kindle conversion).
    const ncx = files.get('OEBPS/toc.ncx')!.toString('utf8')
    expect(ncx).toContain(`<meta name="dtb:totalPageCount" content="${ncx.match(/<pageTarget /g)!.length}"/>`)
    expect(ncx.match(/<pageTarget /g)!.length).toBe(nav.match(/<a href="[^"]+#page-\d+">/g)!.length)
    for (const m of markers) expect(ncx).toMatch(new RegExp(`<pageTarget id="page-target-${m.page}" type="normal" value="${m.page}" playOrder="\\d+">\\s*<navLabel>\\s*<text>${m.page}</text>\\s*</navLabel>\\s*<content src="${m.file.replace('.', '\\.')}#page-${m.page}"/>`))
    expect(nav).toContain('epub:type="page-list"')
    expect(opf).toContain('printPageNumbers')
    // The page source that Ace requires of a book with page breaks.
    expect(opf).toMatch(/<dc:source id="page-source">[^<]+<\/dc:source>\s*<meta refines="#page-source" property="source-of">pagination<\/meta>/)
  })
})

describe('EPUB layout in Chromium with the book’s CSS (phone and tablet, light and dark)', () => {
  it('lays out the first index entry of each letter as wide as the others', () => {
    const index = layouts.filter((l) => l.entries.length > 0)
    const letters = readFileSync(join(root, 'OEBPS/index.xhtml'), 'utf8').match(/<li class="index-letter">/g)?.length ?? 0
    expect(letters).toBeGreaterThan(0)
    expect(index.length).toBe(Object.keys(widths).length)
    for (const l of index) {
      const widest = Math.max(...l.entries.map((e) => e.width))
      expect(l.entries.filter((e) => e.first).length, `${l.size} ${l.theme}`).toBe(letters)
      expect(l.entries.filter((e) => Math.abs(e.width - widest) > 1).map((e) => e.text), `${l.size} ${l.theme}`).toEqual([])
    }
  })

  it('leaves no note section empty', () => {
    const sections = layouts.flatMap((l) => l.noteSections.map((s) => ({ ...s, at: `${l.file} ${l.size} ${l.theme}` })))
    // Every note section of the book, at each width.
    const written = spine(opf).reduce((n, file) => n + (readFileSync(join(root, 'OEBPS', file), 'utf8').match(/<section [^>]*class="notes[ "]/g) ?? []).length, 0)
    expect(written).toBeGreaterThan(0)
    expect(sections.length).toBe(written * Object.keys(widths).length)
    expect(sections.filter((s) => s.visible === 0).map((s) => `${s.at}: ${s.label}`)).toEqual([])
  })

  it('breaks no word across lines (Chromium here does not hyphenate)', () => {
    expect(layouts.flatMap((l) => l.broken.map((b) => `${l.file} ${l.size}: ${b}`))).toEqual([])
  })

  it('leaves no heading at the foot of a page, paged in columns at phone and tablet size, as WebKit pages them', () => {
    expect(layouts.filter((l) => l.theme === 'light').flatMap((l) => l.headingsAtFoot.map((h) => `${l.file} ${l.size}: ${h}`))).toEqual([])
  })

  it('fits the apparatus tables to a phone, no word hyphenated or squeezed', () => {
    const apparatus = layouts.filter((l) => l.file === 'apparatus.xhtml' && l.theme === 'light')
    expect(apparatus.length).toBe(2)
    expect(apparatus.flatMap((l) => [...l.cramped, ...l.hyphenated].map((c) => `${l.size}: ${c}`))).toEqual([])
  })

  it('stacks the apparatus tables on a phone also where the page is laid out wider than the screen (Foliate)', async () => {
    // Foliate lays a chapter out in a viewport wider than its page: only the screen's width tells a phone.
    const page = await browser.newPage()
    const cdp = await page.createCDPSession()
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 900, height: 740, deviceScaleFactor: 1, mobile: false, screenWidth: 360, screenHeight: 740 })
    await page.goto(pathToFileURL(join(root, 'OEBPS/apparatus.xhtml')).href, { waitUntil: 'load' })
    const displays = await page.evaluate(() => [...document.querySelectorAll('table.changes')].map((t) => `${getComputedStyle(t).display} ${getComputedStyle(t.querySelector('thead')!).display}`))
    await page.close()
    // A table for each kind of change listed in a document's record (layout changes are counted, not listed).
    expect(displays.length).toBe(report.documents.reduce((n, d) => n + new Set(d.changes.map((c) => c.kind).filter((k) => k !== 'layout')).size, 0))
    expect(displays.length).toBeGreaterThan(0)
    expect(displays.filter((d) => d !== 'block none')).toEqual([])
  })

  it('keeps all text at 4.5:1 contrast or more in both themes', () => {
    expect(layouts.flatMap((l) => l.lowContrast.map((c) => `${l.file} ${l.theme}: ${c}`))).toEqual([])
  })
})
