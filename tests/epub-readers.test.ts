/**
 * The EPUB as reading systems meet it, beyond the validators: Calibre's conversions to TXT and AZW3 (Kindle), and
 * every spine item laid out by Chromium with the book's own CSS at phone and tablet width, in a light and a dark
 * reading-system theme.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import JSZip from 'jszip'
import puppeteer, { type Browser } from 'puppeteer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { project } from './helpers.ts'
import { dist } from './setup/dist.ts'

const run = promisify(execFile)
const report = JSON.parse(readFileSync(join(dist, 'report.json'), 'utf8')) as {
  documents: Array<{ paragraphs: number; changes: Array<{ kind: string }> }>
  outputs: Array<{ format: string; path: string }>
}
/** The paragraphs with a citable number, as the build counted them. */
const paragraphs = report.documents.reduce((n, d) => n + d.paragraphs, 0)
const work = mkdtempSync(join(tmpdir(), 'folio-epub-readers-'))
const epub = join(work, 'book.epub')
writeFileSync(epub, readFileSync(join(dist, report.outputs.find((o) => o.format === 'epub')!.path)))

/** The unzipped EPUB, and its numbered paragraphs (number → the words that follow it). */
const root = join(work, 'unzipped')
let numbered: Array<{ number: string; opening: string }> = []
let spine: string[] = []

async function unzip(): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(epub))
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue
    mkdirSync(dirname(join(root, entry.name)), { recursive: true })
    writeFileSync(join(root, entry.name), await entry.async('nodebuffer'))
  }
  const opf = readFileSync(join(root, 'OEBPS/content.opf'), 'utf8')
  const hrefs = new Map([...opf.matchAll(/<item id="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]))
  spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => hrefs.get(m[1]!)!)
}

const calibre = existsSync('/usr/bin/ebook-convert') ? undefined : 'Calibre is not installed (apt-get install -y calibre)'

describe.skipIf(calibre)('Calibre conversions (ebook-convert to TXT and AZW3)', () => {
  let txt = ''
  let logs: string[] = []
  let azw3Meta = ''
  let epubMeta = ''
  let mobiHeader = ''
  let mobiFonts = 0
  let cover: Buffer | undefined

  beforeAll(async () => {
    await unzip()
    const [toTxt, toAzw3, meta] = await Promise.all([
      run('ebook-convert', [epub, join(work, 'book.txt')], { maxBuffer: 64 << 20 }),
      run('ebook-convert', [epub, join(work, 'book.azw3')], { maxBuffer: 64 << 20 }),
      run('ebook-meta', [epub]),
    ])
    logs = [toTxt.stdout + toTxt.stderr, toAzw3.stdout + toAzw3.stderr]
    epubMeta = meta.stdout
    txt = readFileSync(join(work, 'book.txt'), 'utf8')
    azw3Meta = (await run('ebook-meta', [join(work, 'book.azw3'), `--get-cover=${join(work, 'azw3-cover.jpg')}`])).stdout
    if (existsSync(join(work, 'azw3-cover.jpg'))) cover = readFileSync(join(work, 'azw3-cover.jpg'))
    await run('calibre-debug', ['--inspect-mobi', join(work, 'book.azw3')], { cwd: work, maxBuffer: 64 << 20 })
    mobiHeader = readFileSync(join(work, 'decompiled_book/header.txt'), 'utf8')
    mobiFonts = readdirSync(join(work, 'decompiled_book/fonts')).length
    // The numbered blocks of the EPUB, each with the first words of its text.
    for (const file of spine) {
      const xhtml = readFileSync(join(root, 'OEBPS', file), 'utf8')
      for (const m of xhtml.matchAll(/<(p|li) [^>]*data-number="([^"]+)"[^>]*>(?:<span epub:type="pagebreak"[^>]*><\/span>)?<span class="pnum">\2<\/span> ([\s\S]*?)<\/\1>/g)) {
        const words = m[3]!.replace(/<[^>]+>/g, '').replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))).trim().split(/\s+/).slice(0, 3).join(' ')
        numbered.push({ number: m[2]!, opening: words })
      }
    }
  }, 300_000)

  it('converts without errors', () => {
    for (const log of logs) expect(log).not.toMatch(/Traceback|\bERROR\b/)
  })

  it('keeps every paragraph number in the TXT, at the start of its paragraph', () => {
    expect(numbered.length).toBe(paragraphs)
    expect(numbered.length).toBeGreaterThan(0)
    const lines = new Set(txt.split('\n').map((line) => line.trim().split(/\s+/).slice(0, 4).join(' ')))
    // A note mark right after a word runs into it in plain text ("word1"), so the opening is matched up to its third word.
    const found = (n: { number: string; opening: string }) => [...lines].some((line) => line.startsWith(`${n.number} ${n.opening.split(' ').slice(0, 2).join(' ')}`))
    expect(numbered.filter((n) => !found(n)).map((n) => `${n.number} ${n.opening}`)).toEqual([])
  })

  it('keeps index sub-entries and letter links apart in the TXT', () => {
    const from = txt.lastIndexOf('Index of Names and Subjects')
    const index = txt.slice(from, txt.indexOf('Colophon', from))
    expect(index).toMatch(/^A B C D /m)
    // Each sub-entry starts a line of its own, not run into its entry's line.
    const xhtml = readFileSync(join(root, 'OEBPS/index.xhtml'), 'utf8')
    const subentries = [...xhtml.matchAll(/<ul class="index-entry-list"><li [^>]*><span class="index-term"[^>]*>(?:<i>)?([^<]+)</g)].map((m) => m[1]!.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))))
    // The first sub-entry of each entry that has sub-entries (sources/index.yaml).
    const entries = (parse(readFileSync(join(project, 'sources/index.yaml'), 'utf8')) as { entries: Array<{ sub?: unknown[] }> }).entries
    expect(subentries.length).toBe(entries.filter((e) => (e.sub?.length ?? 0) > 0).length)
    expect(subentries.length).toBeGreaterThan(0)
    const starts = index.split('\n').map((line) => line.trim())
    expect(subentries.filter((term) => !starts.some((line) => line.startsWith(`${term} `) || line === term))).toEqual([])
  })

  it('gives the AZW3 a cover, a thumbnail and the embedded fonts', () => {
    expect(mobiHeader).toMatch(/CoverOffset \(201\): \d+/)
    expect(mobiHeader).toMatch(/ThumbOffset \(202\): \d+/)
    expect(cover?.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]))
    const fonts = readdirSync(join(root, 'OEBPS/fonts')).length
    expect(mobiFonts).toBe(fonts)
  })

  it('shows title, editor, identifier and language in ebook-meta', () => {
    const opf = readFileSync(join(root, 'OEBPS/content.opf'), 'utf8')
    const editor = opf.match(/<dc:creator id="editor">([^<]+)</)![1]!
    const title = opf.match(/<dc:title id="title">([^<]+)</)![1]!
    const edition = opf.match(/<dc:identifier id="edition-id">([^<]+)</)![1]!
    expect(epubMeta).toMatch(new RegExp(`^Title +: ${title}`, 'm'))
    expect(epubMeta).toMatch(new RegExp(`^Author\\(s\\) +: ${editor}`, 'm'))
    expect(epubMeta).toMatch(new RegExp(`^Identifiers +: .*${edition.replace(/[.@]/g, '\\$&')}`, 'm'))
    expect(epubMeta).toMatch(/^Languages +: eng$/m)
    expect(azw3Meta).toMatch(new RegExp(`^Author\\(s\\) +: ${editor}`, 'm'))
  })
})

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

describe('EPUB layout in Chromium with the book’s CSS (phone and tablet, light and dark)', () => {
  let browser: Browser
  const layouts: Array<Layout & { theme: string; size: string }> = []

  beforeAll(async () => {
    if (spine.length === 0) await unzip()
    browser = await puppeteer.launch({ executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] })
    const page = await browser.newPage()
    await page.setRequestInterception(true)
    const local = pathToFileURL(root).href
    page.on('request', (request) => void (request.url().startsWith(local) ? request.continue() : request.abort()))
    // Each spine item is loaded once per width; the theme (colours only) is swapped on the loaded page, and what
    // colours cannot change (line breaks, widths, visible notes) is measured in the first theme.
    for (const [size, viewport] of Object.entries(widths)) {
      await page.setViewport(viewport)
      for (const file of spine) {
        await page.goto(pathToFileURL(join(root, 'OEBPS', file)).href, { waitUntil: 'load' })
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
    const written = spine.reduce((n, file) => n + (readFileSync(join(root, 'OEBPS', file), 'utf8').match(/<section [^>]*class="notes[ "]/g) ?? []).length, 0)
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
