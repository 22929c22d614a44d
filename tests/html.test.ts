/** The HTML reading edition, built from the real sources: structure against the model, links, validators, browser. */
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Element, Root } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { toHtml } from 'hast-util-to-html'
import { h } from 'hastscript'
import { links, vnu } from '../src/check/html.ts'
import puppeteer, { type Browser, type Page } from 'puppeteer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildEdition } from '../src/edition/edition.ts'
import { pageFile } from '../src/render/html/files.ts'
import { linksInPage, linksToPages, markLinks } from '../src/render/html/links.ts'
import { size } from '../src/render/html/landing.ts'
import { renderModel, textOf } from '../src/render/model.ts'
import { dist, project } from './helpers.ts'

const require = createRequire(import.meta.url)
const edition = buildEdition(join(project, 'sources'))
const model = renderModel(edition)
const { slug } = edition.sources.edition
const site = join(dist, 'html')
const archivePath = join(dist, `${slug}.html`)
const screens = join(dist, 'screens')
const sitePages = () => readdirSync(site).filter((f) => f.endsWith('.html'))
const allPages = () => [...sitePages().map((f) => join(site, f)), archivePath]

const parsed = new Map<string, Root>()
const tree = (path: string) => parsed.get(path) ?? parsed.set(path, fromHtml(readFileSync(path, 'utf8'))).get(path)!
const elements = (root: Root | Element, test: (e: Element) => boolean = () => true): Element[] => {
  const found: Element[] = []
  const walk = (node: Root | Element) => {
    for (const child of node.children)
      if (child.type === 'element') {
        if (test(child)) found.push(child)
        walk(child)
      }
  }
  walk(root)
  return found
}
const hasClass = (name: string) => (e: Element) => ((e.properties.className as string[] | undefined) ?? []).includes(name)
const ids = (root: Root) => new Set(elements(root, (e) => e.properties.id !== undefined).map((e) => String(e.properties.id)))
const page = (partId: string) => tree(join(site, pageFile(partId)))
const documents = model.parts.filter((p) => p.role === 'document')

describe('pages', () => {
  it('writes one page per part, the part wrapped in an element with its id, in English', () => {
    for (const part of model.parts) {
      const root = page(part.id)
      expect(elements(root, (e) => e.properties.id === part.id), part.id).toHaveLength(1)
      expect(elements(root, (e) => e.tagName === 'html')[0]!.properties.lang).toBe('en')
    }
  })

  it('puts the headnote before each document and every citable number in the margin as a permalink', () => {
    for (const part of documents) {
      const root = page(part.id)
      const headnote = elements(root, hasClass('headnote'))
      expect(headnote, part.id).toHaveLength(1)
      const numbered = elements(root, (e) => e.properties.dataNumber !== undefined)
      expect(numbered.length).toBeGreaterThan(0)
      for (const p of numbered) {
        const link = p.children.find((c): c is Element => c.type === 'element' && hasClass('pnum')(c))
        expect(link?.properties.href, String(p.properties.id)).toBe(`#${p.properties.id}`)
        expect(textOf(link!)).toBe(String(p.properties.dataNumber))
      }
    }
  })

  it('has a popover and a listed note with a back-link for every note of the model, in two distinct series', () => {
    for (const part of documents) {
      const root = page(part.id)
      const popovers = elements(root, (e) => e.properties.popover !== undefined)
      expect(popovers.length, part.id).toBe(part.notes.length)
      for (const series of ['author', 'editor'] as const) {
        const notes = part.notes.filter((n) => n.series === series)
        expect(elements(root, (e) => e.tagName === 'li' && hasClass(`note-${series}`)(e)).length).toBe(notes.length)
        expect(popovers.filter(hasClass(`note-${series}`)).length).toBe(notes.length)
        for (const note of notes) {
          const item = elements(root, (e) => e.properties.id === note.id)[0]!
          expect(elements(item, hasClass('note-backlink'))[0]!.properties.href).toBe(`#${note.refId}`)
        }
      }
    }
  })

  it('lists every index entry of the model, grouped by letter with a letter navigation', () => {
    const root = page('index')
    const groups = elements(root, hasClass('index-group'))
    const entries = groups.flatMap((g) => elements(g, (e) => e.tagName === 'ul').slice(0, 1).flatMap((ul) => ul.children.filter((c): c is Element => c.type === 'element')))
    expect(entries).toHaveLength(model.index.length)
    expect(elements(elements(root, hasClass('index-letters'))[0]!, (e) => e.tagName === 'a')).toHaveLength(new Set(model.index.map((e) => e.letter)).size)
    const locators = model.index.reduce((n, e) => n + e.locators.length + e.sub.reduce((m, s) => m + s.locators.length, 0), 0)
    expect(elements(root, hasClass('index-locator'))).toHaveLength(locators)
  })

  it('shows on the landing page the edition, each document with its summary, and a download for each file present, with its size', () => {
    const root = tree(join(site, 'index.html'))
    const text = textOf(elements(root, (e) => e.tagName === 'main')[0]!)
    expect(text).toContain(model.meta.title)
    expect(text).toContain(model.meta.version)
    expect(text).toContain(model.meta.date)
    expect(elements(root, hasClass('document-card'))).toHaveLength(documents.length)
    const downloads = elements(root, hasClass('download'))
    const candidates = [`${slug}.pdf`, `${slug}.epub`, `${slug}.html`, ...Object.keys(edition.sources.edition.packets).map((p) => `packets/${p}.pdf`)]
    for (const file of candidates) {
      const link = downloads.find((a) => a.properties.href === `../${file}`)
      const present = existsSync(join(dist, file))
      expect(Boolean(link), file).toBe(present)
      if (link) expect(textOf(link)).toContain(size(readFileSync(join(dist, file)).length))
    }
    expect(downloads).toHaveLength(candidates.filter((f) => existsSync(join(dist, f))).length)
    expect(elements(root, (e) => e.properties.href === '../editions/index.html')).toHaveLength(existsSync(join(dist, 'editions/index.html')) ? 1 : 0)
  })

  it('ships the fonts with their licence, covering every character of the document pages', () => {
    const css = readFileSync(join(site, 'fonts/fonts.css'), 'utf8')
    expect(existsSync(join(site, 'fonts/OFL.txt'))).toBe(true)
    const ranges = [...css.matchAll(/unicode-range: ([^;]+);/g)].flatMap((m) =>
      m[1]!.split(',').map((r) => {
        const [from, to] = r.trim().slice(2).split('-')
        return [parseInt(from!, 16), parseInt(to ?? from!, 16)] as const
      })
    )
    for (const [, file] of css.matchAll(/url\('([^']+)'\)/g)) expect(existsSync(join(site, 'fonts', file!)), file).toBe(true)
    const text = documents.map((part) => textOf(elements(page(part.id), (e) => e.tagName === 'body')[0]!)).join('')
    const uncovered = [...new Set(text)].filter((c) => /\S/.test(c)).filter((c) => !ranges.some(([a, b]) => c.codePointAt(0)! >= a && c.codePointAt(0)! <= b))
    expect(uncovered).toEqual([])
  })

  it('writes the one-file archive with every part, its notes and index, and no outside resource', () => {
    const root = tree(archivePath)
    for (const part of model.parts) expect(elements(root, (e) => e.properties.id === part.id), part.id).toHaveLength(1)
    expect(elements(root, (e) => e.properties.popover !== undefined)).toHaveLength(model.parts.reduce((n, p) => n + p.notes.length, 0))
    expect(elements(root, (e) => e.tagName === 'link' || (e.tagName === 'script' && e.properties.src !== undefined))).toEqual([])
    for (const a of elements(root, (e) => e.tagName === 'a' && typeof e.properties.href === 'string')) {
      const href = String(a.properties.href)
      if (!/^(https?|mailto):/.test(href)) expect(href.startsWith('#'), href).toBe(true)
    }
    const css = elements(root, (e) => e.tagName === 'style').map((e) => textOf(e)).join('')
    expect([...css.matchAll(/url\(([^)]+)\)/g)].every((m) => m[1]!.replace(/'/g, '').startsWith('data:'))).toBe(true)
  })
})

describe('links', () => {
  it('resolves every internal link and anchor: notes both ways, index locators, contents, permalinks, downloads', () => {
    const result = links(dist, allPages())
    expect(result.problems).toEqual([])
    expect(result.checked).toBeGreaterThan(model.index.length)
  })
})

describe('Nu HTML Checker', () => {
  it('finds no errors on any page', async () => {
    const result = await vnu(allPages(), 'html')
    expect(result.unavailable).toBeUndefined()
    expect(result.problems).toEqual([])
  })
})

describe('in Chromium', () => {
  let browser: Browser
  const refused: string[] = []
  const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

  beforeAll(async () => {
    mkdirSync(screens, { recursive: true })
    const profile = mkdtempSync(join(tmpdir(), 'folio-chromium-'))
    browser = await puppeteer.launch({
      executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium',
      userDataDir: profile,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    })
  })
  afterAll(async () => {
    await browser?.close()
  })

  /** A page that may load file: and data: URLs (and `allow`) only; anything else is refused and recorded. */
  async function open(url: string, options: { width?: number; dark?: boolean; allow?: string } = {}): Promise<Page> {
    const tab = await browser.newPage()
    await tab.setViewport({ width: options.width ?? 1280, height: options.width && options.width < 600 ? 844 : 800 })
    await tab.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: options.dark ? 'dark' : 'light' }])
    await tab.setRequestInterception(true)
    tab.on('request', (request) => {
      const to = request.url()
      if (/^(file|data|about):/.test(to) || (options.allow && to.startsWith(options.allow))) return void request.continue()
      refused.push(to)
      void request.abort()
    })
    await tab.goto(url, { waitUntil: 'load' })
    await tab.evaluate(() => document.fonts.ready)
    return tab
  }
  const fileUrl = (path: string) => pathToFileURL(path).href

  it('has no serious or critical axe violations on any page, light or dark', async () => {
    const problems: string[] = []
    for (const path of allPages())
      for (const dark of [false, true]) {
        const tab = await open(fileUrl(path), { dark })
        await tab.addScriptTag({ content: axe })
        const violations = (await tab.evaluate(async () => (await (window as any).axe.run(document, { resultTypes: ['violations'] })).violations)) as Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>
        for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
          problems.push(`${relative(dist, path)}${dark ? ' (dark)' : ''}: ${v.id} ×${v.nodes.length} e.g. ${v.nodes[0]?.target.join(' ')}`)
        await tab.close()
      }
    expect(problems).toEqual([])
  }, 600_000)

  it('opens a note as a popover beside its reference, and takes screenshots at 390 and 1280 px, light and dark', async () => {
    // The document page with the most notes of both series.
    const part = documents.filter((p) => new Set(p.notes.map((n) => n.series)).size === 2).sort((a, b) => b.notes.length - a.notes.length)[0]!
    const note = part.notes.find((n) => n.series === 'author')!
    for (const width of [390, 1280])
      for (const dark of [false, true]) {
        const name = `${width}-${dark ? 'dark' : 'light'}`
        const landing = await open(fileUrl(join(site, 'index.html')), { width, dark })
        await landing.screenshot({ path: join(screens, `html-landing-${name}.png`) })
        await landing.close()

        const text = await open(fileUrl(join(site, pageFile(part.id))), { width, dark })
        await text.evaluate((id) => document.getElementById(id)!.scrollIntoView({ block: 'center' }), note.refId)
        await text.click(`#${note.refId}`)
        const shown = await text.evaluate((id) => {
          const pop = document.getElementById(id)!
          const box = pop.getBoundingClientRect()
          return { open: pop.matches(':popover-open'), inside: box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth, focused: pop.contains(document.activeElement), hash: location.hash }
        }, `pop-${note.id}`)
        expect(shown).toEqual({ open: true, inside: true, focused: true, hash: '' })
        await text.screenshot({ path: join(screens, `html-document-note-${name}.png`) })
        await text.keyboard.press('Escape')
        expect(await text.evaluate((id) => document.activeElement?.id === id, note.refId)).toBe(true)
        await text.close()

        const index = await open(fileUrl(join(site, pageFile('index'))), { width, dark })
        await index.screenshot({ path: join(screens, `html-index-${name}.png`) })
        await index.close()
      }
    expect(readdirSync(screens).filter((f) => f.startsWith('html-') && f.endsWith('.png'))).toHaveLength(12)
  })

  it('highlights the paragraph of an index locator on arrival', async () => {
    const locator = model.index.flatMap((e) => e.locators).find((l) => l.part.startsWith('doc-'))!
    const tab = await open(`${fileUrl(join(site, pageFile('index')))}`)
    const href = await tab.$eval(`a.index-locator[href$="#${locator.mark}"]`, (a) => (a as HTMLAnchorElement).href)
    await tab.goto(href)
    const marked = await tab.evaluate((mark) => {
      const block = document.getElementById(mark)!.closest('p, h1, h2, h3, li')!
      return getComputedStyle(block).backgroundColor !== getComputedStyle(document.body).backgroundColor && getComputedStyle(block).backgroundColor !== 'rgba(0, 0, 0, 0)'
    }, locator.mark)
    expect(marked).toBe(true)
    await tab.close()
  })

  it('finds words offline from file://, with or without accents, linking to paragraphs', async () => {
    const word = 'Kojève'
    const occurrences = model.parts.filter((p) => p.role === 'document').flatMap((p) => [...p.body, ...p.notes.flatMap((n) => n.content)]).filter((n) => textOf(n).includes(word)).length
    expect(occurrences).toBeGreaterThan(0)
    for (const query of [word, 'kojeve']) {
      const tab = await open(`${fileUrl(join(site, 'search.html'))}?q=${encodeURIComponent(query)}`)
      const results = await tab.$$eval('#search-results a', (links) => links.map((a) => (a as HTMLAnchorElement).getAttribute('href')!))
      expect(results.length, query).toBeGreaterThanOrEqual(1)
      const [file, id] = results[0]!.split('#')
      expect(ids(tree(join(site, file!))).has(id!)).toBe(true)
      expect(await tab.$eval('#search-results mark', (m) => m.textContent)).toBe(word)
      await tab.close()
    }
    expect(refused).toEqual([])
  })

  it('requests nothing from the network while viewing the site', () => {
    expect(refused).toEqual([])
  })

  it('folio serve rebuilds the HTML when a source changes and the open page reloads', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'folio-serve-'))
    cpSync(join(project, 'sources'), join(scratch, 'sources'), { recursive: true })
    const server = spawn(process.execPath, [join(project, 'bin/folio.js'), 'serve', '--port', '0', '--sources', join(scratch, 'sources'), '--out', join(scratch, 'dist')], { cwd: project })
    try {
      let log = ''
      server.stderr.on('data', (chunk) => (log += chunk))
      const url = await new Promise<string>((found, fail) => {
        let out = ''
        server.stdout.on('data', (chunk) => {
          out += chunk
          const m = /serving (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out)
          if (m) found(m[1]!)
        })
        server.on('exit', (code) => fail(new Error(`folio serve exited with ${code}`)))
      })
      expect(existsSync(join(scratch, 'dist/html/index.html'))).toBe(true)
      const tab = await open(url, { allow: url.replace(/\/html\/$/, '') })
      expect(await tab.$eval('h1', (h) => h.textContent)).toBe(model.meta.title)
      const yaml = join(scratch, 'sources/edition.yaml')
      const changed = `${model.meta.title} (draft)`
      writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/^title: .*$/m, `title: ${changed}`))
      // A rebuild takes seconds alone, much longer while the rest of the suite builds editions beside it.
      await tab.waitForFunction((title) => document.querySelector('h1')?.textContent === title, { timeout: 240_000 }, changed).catch((error: Error) => {
        throw new Error(`${error.message}\nfolio serve said:\n${log}`)
      })
      expect(readFileSync(join(scratch, 'dist/html/index.html'), 'utf8')).not.toContain('__reload')
      await tab.close()
    } finally {
      server.kill('SIGTERM')
      rmSync(scratch, { recursive: true, force: true })
    }
  }, 300_000)
})

describe('links between parts', () => {
  // Text that looks like a marked link, or like the marks Folio once used, must come out as it went in.
  const lookalike = 'a href="<p1>#p1" and \uE000p1\uE001#p1'
  const markup = toHtml(
    markLinks([
      h('p', [h('a', { href: '#p1' }, 'first'), h('a', { href: '#n"2' }, 'second'), h('a', { href: 'https://example.org/#p1', title: lookalike }, lookalike), lookalike]),
    ])
  )
  const partOf = new Map([['p1', 'part-a'], ['n"2', 'part-b']])

  it('sends a link to an id in another part to that part’s page, and leaves every other text and attribute as it was', () => {
    const page = fromHtml(linksToPages(markup, 'part-a', partOf), { fragment: true })
    const anchors = (page.children[0] as Element).children as Element[]
    expect(anchors.slice(0, 3).map((a) => a.properties.href)).toEqual(['#p1', `${pageFile('part-b')}#n"2`, 'https://example.org/#p1'])
    expect(anchors[2]!.properties.title).toBe(lookalike)
    expect(textOf(anchors[2]!)).toBe(lookalike)
    expect(textOf(page.children[0] as Element)).toBe(`firstsecond${lookalike}${lookalike}`)
  })

  it('gives every link its fragment again in the one-file archive', () => {
    expect(linksInPage(markup)).toBe(toHtml([h('p', [h('a', { href: '#p1' }, 'first'), h('a', { href: '#n"2' }, 'second'), h('a', { href: 'https://example.org/#p1', title: lookalike }, lookalike), lookalike])]))
  })
})
