/** The EPUB on the real edition: validators, notes, index, page list, fidelity to the witnesses, determinism, rendering. */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import JSZip from 'jszip'
import puppeteer, { type Browser } from 'puppeteer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fontFaces } from '../src/render/fonts.ts'
import { ace as checkAce, epubcheck as checkEpub, epubcheckTs } from '../src/check/epub.ts'
import { dist, folioAsync, project } from './helpers.ts'

interface Report {
  documents: Array<{ id: number; witness: { path: string }; changes: Array<{ kind: string; before: string; after: string }> }>
  outputs: Array<{ format: string; path: string }>
}

/** What the test reads from each spine item once Chromium has parsed it. */
interface Page {
  file: string
  ids: string[]
  links: string[]
  noterefs: Array<{ href: string; id: string }>
  footnotes: Array<{ id: string; firstLink: string | null; role: string | null }>
  locators: string[]
  pagebreaks: Array<{ id: string; label: string | null; next: string | null }>
  text: string
  /** The letters and digits of the text, note marks left out: the witness's words must be found in it. */
  letters: string
  errors: string[]
}

const chromium = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium'
const report = JSON.parse(readFileSync(join(dist, 'report.json'), 'utf8')) as Report
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
// Slow checks start together and are awaited by their own tests.
let epubcheck: ReturnType<typeof checkEpub>
let ace: ReturnType<typeof checkAce>
let builds: Promise<Array<{ bytes: Buffer; stderr: string }>>

beforeAll(async () => {
  files = await unzip(readFileSync(epubPath), root)
  opf = files.get('OEBPS/content.opf')!.toString('utf8')
  epubcheck = checkEpub(epubPath)
  ace = checkAce(epubPath)
  // Two EPUBs alone, which take the print page map the suite's build made; one with no earlier page map, which
  // lays out the print book for it.
  builds = Promise.all([buildEpub(), buildEpub(), buildEpub({ FOLIO_CACHE: mkdtempSync(join(tmpdir(), 'folio-cache-')) })])

  browser = await puppeteer.launch({ executablePath: chromium, args: ['--no-sandbox'] })
  const page = await browser.newPage()
  await page.setViewport({ width: 700, height: 1000 })
  await page.setRequestInterception(true)
  const local = pathToFileURL(root).href
  page.on('request', (request) => (request.url().startsWith(local) ? request.continue() : request.abort()))
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(String(error)))
  page.on('requestfailed', (request) => errors.push(`failed: ${request.url()}`))
  pages = []
  mkdirSync(screens, { recursive: true })
  for (const href of spine(opf)) {
    errors.length = 0
    await page.goto(pathToFileURL(join(root, 'OEBPS', href)).href, { waitUntil: 'load' })
    await page.evaluate(() => document.fonts.ready)
    const info = await page.evaluate(() => {
      const ops = 'http://www.idpf.org/2007/ops'
      const typed = (type: string) => [...document.querySelectorAll('*')].filter((e) => (e.getAttributeNS(ops, 'type') ?? '').split(/\s+/).includes(type))
      return {
        ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
        links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!),
        noterefs: typed('noteref').map((a) => ({ href: a.getAttribute('href')!, id: a.id })),
        footnotes: typed('footnote').map((f) => ({ id: f.id, firstLink: f.querySelector('a')?.getAttribute('href') ?? null, role: f.getAttribute('role') })),
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
    pages.push({ file: href, ...info, errors: [...errors] })
    if (href === 'doc-1.xhtml' || href === 'index.xhtml') shots.set(href, await page.screenshot({ path: join(screens, href.replace('.xhtml', '.png')) }))
  }
}, 300_000)

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

describe('EPUB validators', () => {
  it('passes EPUBCheck (Debian, 4.x) with no errors and no warnings', async () => {
    const result = await epubcheck
    expect(result.unavailable).toBeUndefined()
    expect(result.problems).toEqual([])
  }, 180_000)

  it('passes epubcheck-ts (EPUBCheck 5 rules) with no errors and no warnings', async () => {
    const result = await epubcheckTs(epubPath)
    expect(result.unavailable).toBeUndefined()
    expect(result.problems).toEqual([])
  }, 120_000)

  it('has no Ace by DAISY violations of any impact', async () => {
    const result = await ace
    expect(result.unavailable).toBeUndefined()
    expect(result.problems).toEqual([])
    // Ace read this book (a missing or unreadable file also gives an empty list of violations).
    expect(result.report!['earl:testSubject'].metadata['dc:identifier']).toBe(opf.match(/<dc:identifier id="pub-id">([^<]+)</)![1])
    expect(result.report!['earl:result']['earl:outcome']).toBe('pass')
  }, 240_000)
})

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

  it('every note reference leads to a footnote that links back to a reference', () => {
    const noterefs = pages.flatMap((p) => p.noterefs.map((r) => ({ file: p.file, at: r.id ? `${p.file}#${r.id}` : '', to: target(p.file, r.href) })))
    const footnotes = new Map<string, Page['footnotes'][number] & { file: string }>(pages.flatMap((p) => p.footnotes.map((f) => [`${p.file}#${f.id}`, { ...f, file: p.file }])))
    expect(noterefs.length).toBeGreaterThan(50)
    expect(noterefs.filter((r) => !footnotes.has(r.to)).map((r) => r.to)).toEqual([])
    const refIds = new Set<string>(noterefs.map((r) => r.at).filter(Boolean))
    const unlinked = [...footnotes].filter(([, f]) => f.role !== 'doc-footnote' || !f.firstLink || !refIds.has(target(f.file, f.firstLink)))
    expect(unlinked.map(([id]) => id)).toEqual([])
  })

  it('keeps authors’ notes and editor’s notes apart, each group labelled', () => {
    const doc = (name: string) => files.get(`OEBPS/${name}`)!.toString('utf8')
    const all = [...files.keys()].filter((f) => /doc-\d+\.xhtml$/.test(f)).map((f) => doc(f.slice('OEBPS/'.length)))
    expect(all.some((x) => x.includes('class="note note-author"'))).toBe(true)
    expect(all.some((x) => x.includes('class="note note-editor"'))).toBe(true)
    for (const x of all) if (x.includes('note-editor"')) expect(x).toContain('Editor’s notes</h2>')
  })

  it('index locators are EPUB Indexes locators that reach the marked occurrences', () => {
    const index = pages.find((p) => p.file === 'index.xhtml')!
    const ids = allIds()
    expect(index.locators.length).toBeGreaterThan(100)
    expect(index.locators.map((href) => target(index.file, href)).filter((t) => !ids.has(t))).toEqual([])
    const xhtml = files.get('OEBPS/index.xhtml')!.toString('utf8')
    expect(xhtml).toMatch(/<section id="index" epub:type="index" role="doc-index"/)
    expect(xhtml.match(/epub:type="index-entry"/g)!.length).toBeGreaterThan(50)
  })

  it('has a nested table of contents, landmarks and an NCX', () => {
    const nav = files.get('OEBPS/toc.xhtml')!.toString('utf8')
    expect(nav).toMatch(/<nav epub:type="toc"[\s\S]*<ol>[\s\S]*<li><a href="doc-1\.xhtml">[\s\S]*<ol>[\s\S]*doc-1\.xhtml#/)
    for (const type of ['cover', 'toc', 'bodymatter']) expect(nav).toContain(`epub:type="${type}"`)
    expect(files.get('OEBPS/toc.ncx')!.toString('utf8')).toContain('<navPoint')
  })

  it('states the accessibility and identity metadata, with dates from the sources', () => {
    const edition = readFileSync(join(project, 'sources/edition.yaml'), 'utf8')
    const date = edition.match(/^date: (\S+)/m)![1]
    expect(opf).toContain(`<meta property="dcterms:modified">${date}T00:00:00Z</meta>`)
    expect(opf).toMatch(/<dc:identifier id="pub-id">urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/)
    expect(opf).toContain('<meta refines="#editor" property="role" scheme="marc:relators">edt</meta>')
    for (const feature of ['tableOfContents', 'index', 'readingOrder', 'structuralNavigation']) expect(opf).toContain(`schema:accessibilityFeature">${feature}<`)
    expect(opf).toContain('<meta property="dcterms:conformsTo" id="conformance">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>')
    expect(opf).toMatch(/properties="cover-image"/)
  })


  it('embeds the fonts with their licence, and the fonts cover every character of the text', () => {
    const fonts = [...files.keys()].filter((f) => f.endsWith('.woff'))
    expect(fonts.length).toBe(fontFaces.length)
    expect(pages.some((p) => p.text.includes('SIL OPEN FONT LICENSE'))).toBe(true)
    const ranges = fontFaces.flatMap((f) => f.range.split(',').map((r) => r.trim().replace(/^U\+/i, '').split('-').map((h) => parseInt(h.replace(/\?/g, '0'), 16))))
    const covered = (c: number) => ranges.some(([from, to]) => c === from || (to !== undefined && c >= from! && c <= to))
    const missing = new Set([...pages.map((p) => p.text).join('')].filter((ch) => !/\s/.test(ch) && !covered(ch.codePointAt(0)!)))
    expect([...missing]).toEqual([])
    // Cyrillic text is marked as Russian, for hyphenation and speech.
    const russian = [...pages.map((p) => files.get(`OEBPS/${p.file}`)!.toString('utf8')).join('').matchAll(/<(\w+) [^>]*lang="ru"[^>]*>([\s\S]*?)<\/\1>/g)]
    expect(russian.some((m) => /\p{Script=Cyrillic}/u.test(m[2]!.replace(/<[^>]+>/g, '')))).toBe(true)
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
  it('two builds from the same sources are byte-identical, and the same as the EPUB of the whole build', async () => {
    const [a, b] = await builds
    expect(sha256(a!.bytes)).toBe(sha256(b!.bytes))
    expect(sha256(a!.bytes)).toBe(sha256(readFileSync(epubPath)))
    // The page map was not made again: the whole build's was taken (its model is the same).
    expect(a!.stderr).toMatch(/^ +pdf \(pagemap\.json of an earlier build, same model\)/m)
  }, 240_000)

  it('built alone, with no page map made earlier, lays out the print book for its page list: the same EPUB', async () => {
    const [, , alone] = await builds
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
    expect(markers.length).toBeGreaterThan(20)
    for (const m of markers) {
      expect(m.label).toBe(m.page)
      // The element after the marker is where the print edition's page begins.
      expect(pagemap[m.next], m.next).toBe(m.page)
      expect(nav).toContain(`<a href="${m.file}#page-${m.page}">${m.page}</a>`)
    }
    const pages = markers.map((m) => m.page)
    expect(pages).toEqual([...pages].sort((x, y) => x - y))
    expect(nav).toContain('epub:type="page-list"')
    expect(opf).toContain('printPageNumbers')
    // The page source that Ace requires of a book with page breaks.
    expect(opf).toMatch(/<dc:source id="page-source">[^<]+<\/dc:source>\s*<meta refines="#page-source" property="source-of">pagination<\/meta>/)
  })
})
