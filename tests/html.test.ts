/**
 * The HTML reading edition, built from the real sources: structure against the model, the witnesses, the browser.
 * Its validators (Nu HTML Checker, internal links) run once for the suite, in tests/check.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { runInNewContext } from 'node:vm'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { Element, Root } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { toHtml } from 'hast-util-to-html'
import { h } from 'hastscript'
import MiniSearch from 'minisearch'
import puppeteer, { type Browser, type Page } from 'puppeteer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildEdition } from '../src/edition/edition.ts'
import { pageFile } from '../src/render/html/files.ts'
import { linksInPage, linksToPages } from '../src/render/html/links.ts'
import { size } from '../src/render/html/landing.ts'
import { sitePage } from '../src/render/html/site-page.ts'
import { editionSchema } from '../src/edition/sources.ts'
import { compactIndex, indexJson, processTerm, searchDocument, searchOptions, spellingGroups, type SearchEntry } from '../src/render/html/search-index.ts'
import { renderModel } from '../src/render/model.ts'
import { partContent, textOf, writerContent } from '../src/render/content.ts'
import { miniSources, project } from './helpers.ts'
import { dist } from './setup/dist.ts'

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

  it('puts the headnote before each document and every citable number in the margin as an anchor by that number (#2.14), out of the tab order', () => {
    for (const part of documents) {
      const root = page(part.id)
      const headnote = elements(root, hasClass('headnote'))
      expect(headnote, part.id).toHaveLength(1)
      const numbered = elements(root, (e) => e.properties.dataNumber !== undefined)
      expect(numbered.length).toBeGreaterThan(0)
      for (const p of numbered) {
        const link = p.children.find((c): c is Element => c.type === 'element' && hasClass('pnum')(c))
        expect(link?.properties.href, String(p.properties.id)).toBe(`#${p.properties.dataNumber}`)
        expect(link?.properties.id).toBe(String(p.properties.dataNumber))
        expect(link?.properties.tabIndex).toBe(-1)
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
    // Each download is a copy inside the site (html/ deployed alone serves it), byte for byte the build's file.
    for (const file of candidates) {
      const link = downloads.find((a) => a.properties.href === `downloads/${file}`)
      const present = existsSync(join(dist, file))
      expect(Boolean(link), file).toBe(present)
      if (!link) continue
      expect(textOf(link)).toContain(size(readFileSync(join(dist, file)).length))
      expect(readFileSync(join(site, 'downloads', file)).equals(readFileSync(join(dist, file))), file).toBe(true)
    }
    for (const a of downloads) expect(resolve(site, String(a.properties.href)).startsWith(site + '/'), String(a.properties.href)).toBe(true)
    expect(downloads).toHaveLength(candidates.filter((f) => existsSync(join(dist, f))).length)
    // Nothing outside the site folder: it can be copied to any host as it is.
    for (const a of elements(root, (e) => e.tagName === 'a' && typeof e.properties.href === 'string' && !/^(https?:|mailto:|#)/.test(String(e.properties.href))))
      expect(resolve(site, String(a.properties.href).split('#')[0]!).startsWith(site + '/'), String(a.properties.href)).toBe(true)
  })

  it('names a page’s published address (canonical, og:url) only when edition.yaml states the site’s URL', () => {
    expect(model.meta.url).toBeUndefined()
    for (const file of sitePages()) expect(elements(tree(join(site, file)), (e) => e.properties.rel?.toString() === 'canonical' || e.properties.property === 'og:url'), file).toEqual([])
    const url = 'https://example.org/edition/'
    const stated = { ...model, meta: { ...model.meta, url } }
    for (const [file, address] of [['doc-2.html', `${url}doc-2.html`], ['index.html', url]] as const) {
      const root = fromHtml(sitePage(stated, { file, title: 'T', main: '', contents: '', scripts: [], bodyClass: '' }))
      expect(elements(root, (e) => e.tagName === 'link' && String(e.properties.rel) === 'canonical').map((e) => e.properties.href)).toEqual([address])
      expect(elements(root, (e) => e.properties.property === 'og:url').map((e) => e.properties.content)).toEqual([address])
    }
    const yaml = { ...edition.sources.edition }
    expect(editionSchema.safeParse({ ...yaml, url }).success).toBe(true)
    for (const bad of ['https://example.org/edition', 'ftp://example.org/', 'not a url']) expect(editionSchema.safeParse({ ...yaml, url: bad }).success, bad).toBe(false)
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

describe('search index', () => {
  const searched = documents.map((part) => searchDocument(part, pageFile(part.id)))
  const script = (name: string, global: string) => runInNewContext(`${readFileSync(join(site, name), 'utf8')}; ${global}`)

  it('is read back by the pages into the very index MiniSearch makes of the text, with its terms, counts and lengths', () => {
    const own = new MiniSearch<SearchEntry & { id: number }>({ ...searchOptions, processTerm })
    own.addAll(searched.flatMap((d) => d.entries).map((e, id) => ({ ...e, id })))
    const byTerm = (json: ReturnType<MiniSearch['toJSON']>) => ({ ...json, index: [...json.index].sort((a, b) => (a[0] < b[0] ? -1 : 1)) })
    const built = script('search-index.js', 'folioSearchIndex')
    expect(built).toEqual(compactIndex(searched, spellingGroups(model.index, Object.keys(model.meta.scriptLanguages))))
    expect(byTerm(indexJson(built))).toEqual(byTerm(own.toJSON()))
  })

  it('holds no text of the documents, and only the first words of each place among the snippets loaded at the first query', () => {
    const index = readFileSync(join(site, 'search-index.js'), 'utf8')
    const entries = searched.flatMap((d) => d.entries)
    const words = (text: string) => text.split(/\s+/).filter(Boolean)
    for (const e of entries) if (words(e.text).length >= 3) expect(index.includes(words(e.text).slice(0, 3).join(' ')), e.label).toBe(false)
    const snippets = script('search-snippets.js', 'folioSearchSnippets') as string[]
    expect(snippets).toHaveLength(entries.length)
    snippets.forEach((s, i) => {
      expect(s.length).toBeLessThanOrEqual(101)
      expect(entries[i]!.text.replace(/\s+/g, ' ').trim().startsWith(s.replace(/…$/, ''))).toBe(true)
    })
    const text = entries.reduce((sum, e) => sum + e.text.length, 0)
    expect(snippets.join('').length).toBeLessThan(text / 2)
  })
})

describe('the edition against its witnesses', () => {
  const report = () => JSON.parse(readFileSync(join(dist, 'report.json'), 'utf8')) as { documents: Array<{ id: number; changes: Array<{ kind: string; line: number; before: string; after: string }> }> }
  const marked = ['emendation', 'sic', 'homoglyph', 'supplied']

  it('marks every emended, supplied and mixed-script place of report.json in the text, linked to its apparatus row and back', () => {
    const apparatus = page('apparatus')
    let count = 0
    const counted = new Set<string>()
    const shown = new Set<string>()
    for (const doc of report().documents) {
      const root = page(`doc-${doc.id}`)
      for (const e of elements(root, (e) => e.properties.id !== undefined && marked.some((kind) => hasClass(`change-${kind}`)(e)))) shown.add(String(e.properties.id))
      doc.changes.forEach((change, k) => {
        if (!marked.includes(change.kind) || change.after === '') return
        const id = `c${doc.id}-${k}`
        const mark = elements(root, (e) => e.properties.id === id)[0]
        expect(mark, `${id} ${change.after}`).toBeDefined()
        expect(hasClass(`change-${change.kind}`)(mark!)).toBe(true)
        expect(mark!.properties.href).toBe(`${pageFile('apparatus')}#ap-${id}`)
        expect(String(mark!.properties.title)).toContain(change.before === '' ? 'not in the source' : `“${change.before}”`)
        // The mark holds the edition's reading (a reading split by an index mark is marked in pieces).
        expect(textOf(mark!).length).toBeGreaterThan(0)
        expect(change.after.startsWith(textOf(mark!))).toBe(true)
        const row = elements(apparatus, (e) => e.properties.id === `ap-${id}`)[0]
        expect(row, `apparatus row of ${id}`).toBeDefined()
        expect(elements(row!, hasClass('locator'))[0]!.properties.href).toBe(`${pageFile(`doc-${doc.id}`)}#${id}`)
        counted.add(id)
        count++
      })
    }
    // The texts mark those places and no others.
    expect([...shown].sort()).toEqual([...counted].sort())
    expect(count).toBeGreaterThan(0)
  })

  it('shows each witness on its page byte for byte, line-numbered as report.json counts lines, every change highlighted and linked into the edition', () => {
    for (const part of documents) {
      const source = edition.documents[part.number! - 1]!.source
      const root = tree(join(site, `witness-${part.id}.html`))
      const pre = elements(root, hasClass('witness-text'))[0]!
      expect(textOf(pre)).toBe(source.witness)
      const lines = elements(pre, hasClass('wl'))
      expect(lines.map((l) => l.properties.id)).toEqual(source.witness.replace(/\n$/, '').split('\n').map((_, i) => `L${i + 1}`))
      const changes = report().documents.find((d) => d.id === part.number)!.changes
      const links = elements(pre, hasClass('w-change'))
      // Each change is one link, or one per line it spans; each on the line report.json gives.
      const first = new Map<string, Element>()
      for (const a of links) if (!first.has(String(a.properties.ariaLabel))) first.set(String(a.properties.ariaLabel), a)
      expect(links.length).toBeGreaterThanOrEqual(changes.length)
      for (const a of links) {
        const [file, id] = String(a.properties.href).split('#')
        expect(file).toBe(pageFile(part.id))
        expect(ids(page(part.id)).has(id!), String(a.properties.href)).toBe(true)
      }
      for (const change of changes) {
        const line = lines[change.line - 1]!
        expect(elements(line, hasClass('w-change')).some((a) => String(a.properties.ariaLabel).endsWith(`Witness line ${change.line}`)), `${change.kind} at line ${change.line}`).toBe(true)
      }
    }
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
  async function open(url: string, options: { width?: number; dark?: boolean; allow?: string; bypassCsp?: boolean } = {}): Promise<Page> {
    const tab = await browser.newPage()
    // axe is injected as an inline script, which the pages' Content-Security-Policy (rightly) refuses.
    if (options.bypassCsp) await tab.setBypassCSP(true)
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
    // The dark scheme changes colours only (the next test holds the site's CSS to that), so in the dark the rules
    // that read colours run again on the same loaded page; the others would see the same page as in the light.
    // The archive is the site's part articles with the site's styles (tested below): its parts' colours are those
    // of the pages, and on it the colour rules read what is its own, around the parts.
    const colourRules = ['color-contrast', 'link-in-text-block']
    const problems: string[] = []
    const tab = await open('about:blank', { bypassCsp: true })
    for (const path of allPages()) {
      const parts = path === archivePath ? model.parts.map((p) => `#${p.id}`) : []
      await tab.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }])
      await tab.goto(fileUrl(path), { waitUntil: 'load' })
      await tab.evaluate(() => document.fonts.ready)
      await tab.addScriptTag({ content: axe })
      const runs = [
        { dark: false, context: { exclude: [] as string[] }, rules: null as string[] | null, off: parts.length > 0 ? colourRules : [] },
        ...(parts.length > 0 ? [{ dark: false, context: { exclude: parts }, rules: colourRules, off: [] }] : []),
        { dark: true, context: { exclude: parts }, rules: colourRules, off: [] },
      ]
      for (const { dark, context, rules, off } of runs) {
        await tab.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: dark ? 'dark' : 'light' }])
        const violations = (await tab.evaluate(
          async (context, rules, off) =>
            (
              await (window as any).axe.run(context.exclude.length > 0 ? context : document, {
                resultTypes: ['violations'],
                ...(rules ? { runOnly: { type: 'rule', values: rules } } : {}),
                rules: Object.fromEntries(off.map((id) => [id, { enabled: false }])),
              })
            ).violations,
          context,
          rules,
          off
        )) as Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>
        for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
          problems.push(`${relative(dist, path)}${dark ? ' (dark)' : ''}: ${v.id} ×${v.nodes.length} e.g. ${v.nodes[0]?.target.join(' ')}`)
      }
    }
    await tab.close()
    expect(problems).toEqual([])
  }, 600_000)

  it('makes the archive of the site’s part articles and the site’s styles (so that axe need not read their colours twice)', () => {
    const archive = tree(archivePath)
    const css = elements(archive, (e) => e.tagName === 'style').map((e) => textOf(e)).join('\n')
    expect(css).toContain(readFileSync(join(site, 'screen.css'), 'utf8').trim())
    // The same markup but for the links, which are fragments in the archive.
    const bare = (e: Element): string => toHtml(JSON.parse(JSON.stringify(e), (key, value) => (key === 'href' ? undefined : value)))
    for (const part of model.parts) expect(bare(elements(archive, (e) => e.properties.id === part.id)[0]!), part.id).toBe(bare(elements(page(part.id), (e) => e.properties.id === part.id)[0]!))
  })

  it('changes nothing but colours in the dark scheme (so that axe’s other rules need not run in it again)', () => {
    const css = [...readdirSync(site, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.css')).map((f) => readFileSync(join(site, f), 'utf8')), ...elements(tree(archivePath), (e) => e.tagName === 'style').map((e) => textOf(e))]
    const blocks = css.flatMap((text) =>
      [...text.matchAll(/@media[^{]*prefers-color-scheme:\s*dark[^{]*\{/g)].map((m) => {
        let depth = 1
        let i = m.index! + m[0].length
        for (; depth > 0; i++) depth += text[i] === '{' ? 1 : text[i] === '}' ? -1 : 0
        return text.slice(m.index! + m[0].length, i - 1)
      })
    )
    expect(blocks.length).toBeGreaterThan(0)
    // The declarations inside the rules of each block.
    const declarations = blocks.flatMap((b) => [...b.matchAll(/\{([^{}]*)\}/g)].flatMap((m) => m[1]!.split(';').map((d) => d.trim().replace(/\s+/g, ' ')).filter(Boolean)))
    expect(declarations.length).toBeGreaterThan(5)
    // Custom properties (what the rules read through var()) or colour properties, set to colours.
    const colour = /^(#[0-9a-f]{3,8}|rgba?\([^)]*\)|var\(--[\w-]+\)|transparent|currentcolor)$/i
    const colourProperty = /^(--[\w-]+|color|background(-color)?|border(-\w+)?-color|outline-color|text-decoration-color|caret-color|accent-color|fill|stroke)$/
    expect(declarations.filter((d) => !(colourProperty.test(d.split(':')[0]!.trim()) && colour.test(d.slice(d.indexOf(':') + 1).trim())))).toEqual([])
  })

  it('opens a note as a popover beside its reference, and takes screenshots at 390 and 1280 px, light and dark', async () => {
    // The document page with the most notes of both series.
    const part = documents.filter((p) => new Set(p.notes.map((n) => n.series)).size === 2).sort((a, b) => b.notes.length - a.notes.length)[0]!
    const note = part.notes.find((n) => n.series === 'author')!
    // Each page loaded once per width and shot in both schemes (the scheme changes colours only, see above).
    const schemes = async (tab: Page, shoot: (name: string) => Promise<unknown>, width: number) => {
      for (const dark of [false, true]) {
        await tab.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: dark ? 'dark' : 'light' }])
        await shoot(`${width}-${dark ? 'dark' : 'light'}`)
      }
    }
    for (const width of [390, 1280]) {
      const landing = await open(fileUrl(join(site, 'index.html')), { width })
      await schemes(landing, (name) => landing.screenshot({ path: join(screens, `html-landing-${name}.png`) }), width)
      await landing.close()

      const text = await open(fileUrl(join(site, pageFile(part.id))), { width })
      await text.evaluate((id) => document.getElementById(id)!.scrollIntoView({ block: 'center' }), note.refId)
      await text.click(`#${note.refId}`)
      const shown = await text.evaluate((id) => {
        const pop = document.getElementById(id)!
        const box = pop.getBoundingClientRect()
        return { open: pop.matches(':popover-open'), inside: box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth, focused: pop.contains(document.activeElement), hash: location.hash }
      }, `pop-${note.id}`)
      expect(shown).toEqual({ open: true, inside: true, focused: true, hash: '' })
      await schemes(text, (name) => text.screenshot({ path: join(screens, `html-document-note-${name}.png`) }), width)
      await text.keyboard.press('Escape')
      expect(await text.evaluate((id) => document.activeElement?.id === id, note.refId)).toBe(true)
      await text.close()

      const index = await open(fileUrl(join(site, pageFile('index'))), { width })
      await schemes(index, (name) => index.screenshot({ path: join(screens, `html-index-${name}.png`) }), width)
      await index.close()
    }
    expect(readdirSync(screens).filter((f) => f.startsWith('html-') && f.endsWith('.png'))).toHaveLength(12)
  })

  it('closes a note for its list link, on Tab past its last control and on Escape, focus back on its reference; opens a note inside a note beside its call', async () => {
    const part = documents.find((p) => p.notes.some((n) => n.content.some((c) => textOf(writerContent([c])) !== '' && JSON.stringify(c).includes('noteRef'))))!
    const outer = part.notes.find((n) => JSON.stringify(n.content).includes('noteRef'))!
    const tab = await open(fileUrl(join(site, pageFile(part.id))))
    const state = (id: string) =>
      tab.evaluate((id) => {
        const pop = document.getElementById(id)!
        const box = pop.getBoundingClientRect()
        return { open: pop.matches(':popover-open'), active: document.activeElement?.id || document.activeElement?.tagName, near: box.top > 8 || box.left > 8, hash: location.hash }
      }, id)
    const openOuter = async () => {
      await tab.evaluate((id) => document.getElementById(id)!.scrollIntoView({ block: 'center' }), outer.refId)
      await tab.click(`#${outer.refId}`)
    }
    // Tab past Close: the popover closes, focus is on the reference again.
    await openOuter()
    const controls = await tab.$$eval(`#pop-${outer.id} :is(a[href], button)`, (c) => c.length)
    for (let i = 0; i <= controls; i++) await tab.keyboard.press('Tab')
    expect(await state(`pop-${outer.id}`)).toMatchObject({ open: false, active: outer.refId })
    // A call inside the note opens its own note beside it, the outer one staying open; Escape closes the inner one.
    await openOuter()
    const inner = await tab.$eval(`#pop-${outer.id} a.noteref`, (a) => (a as HTMLAnchorElement).hash.slice(1))
    await tab.click(`#pop-${outer.id} a.noteref`)
    expect(await state(`pop-${inner}`)).toMatchObject({ open: true, active: `pop-${inner}`, near: true })
    expect((await state(`pop-${outer.id}`)).open).toBe(true)
    await tab.keyboard.press('Escape')
    expect((await state(`pop-${inner}`)).open).toBe(false)
    await tab.keyboard.press('Escape')
    expect(await state(`pop-${outer.id}`)).toMatchObject({ open: false, active: outer.refId })
    // Focus goes back as a note closes, not on a later task: both closed at once (two Escapes in a row), it is
    // on the outer reference, not left in the closed inner note.
    await openOuter()
    await tab.click(`#pop-${outer.id} a.noteref`)
    const afterBoth = await tab.evaluate((ids) => {
      for (const id of ids) document.getElementById(id)!.hidePopover()
      return document.activeElement?.id
    }, [`pop-${inner}`, `pop-${outer.id}`])
    expect(afterBoth).toBe(outer.refId)
    // "In the list of notes" goes to the note and closes the popover.
    await openOuter()
    await tab.click(`#pop-${outer.id} .note-popover-actions a`)
    expect(await state(`pop-${outer.id}`)).toMatchObject({ open: false, hash: `#${outer.id}` })
    expect(await tab.evaluate((id) => getComputedStyle(document.getElementById(id)!).backgroundColor !== 'rgba(0, 0, 0, 0)', outer.id)).toBe(true)
    await tab.close()
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

  it('breaks no word of the apparatus or the index across lines, and keeps their pages within the screen; keeps paragraph numbers clear of bullets, and gives note calls 24 px targets, at 390 and 1280 px', async () => {
    for (const width of [390, 1280]) {
      for (const [file, selector] of [[pageFile('apparatus'), 'table.changes'], [pageFile('index'), '.index-entry-list']] as const) {
        const tab = await open(fileUrl(join(site, file)), { width })
        const broken = await tab.evaluate((selector) => {
          const found: string[] = []
          for (const root of document.querySelectorAll(selector)) {
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
            for (let node = walker.nextNode(); node; node = walker.nextNode())
              // A line may end after a hyphen, a dash or an ellipsis ("Marxism-|Leninism", "…|unavoidable"), never elsewhere inside a word.
              for (const m of node.textContent!.matchAll(/[^\s\-‐–—…]+[\-‐–—…]?|…/g)) {
                const range = document.createRange()
                range.setStart(node, m.index!)
                range.setEnd(node, m.index! + m[0].length)
                const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)))
                if (tops.size > 1) found.push(m[0])
              }
          }
          return found
        }, selector)
        expect(broken, `${file} at ${width} px`).toEqual([])
        // Wider than the screen, the whole page would scroll sideways (the apparatus's five columns on a phone).
        expect(await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${file} at ${width} px: wider than the screen by`).toBeLessThanOrEqual(0)
        // On a phone a rule's count reads “N times”, “1 time”: the column's name is not shown there.
        if (width === 390 && file === pageFile('apparatus'))
          expect(
            await tab.evaluate(() => {
              const count = document.querySelector('tr.rule td:nth-child(2)')!
              const after = () => getComputedStyle(count, '::after').content
              const many = after()
              count.parentElement!.dataset.count = '1'
              return [many, after()]
            })
          ).toEqual(['" times"', '" time"'])
        await tab.close()
      }
      for (const part of documents) {
        const tab = await open(fileUrl(join(site, pageFile(part.id))), { width })
        const problems = await tab.evaluate(() => {
          const found: string[] = []
          const main = document.querySelector('main')!
          const text = main.getBoundingClientRect().left + parseFloat(getComputedStyle(main).paddingLeft)
          // Bullets and list numbers stand inside the text column: a number wholly left of it overlaps none.
          for (const pnum of document.querySelectorAll('li > .pnum')) if (pnum.getBoundingClientRect().right > text + 0.5) found.push(`number ${pnum.textContent} over the list`)
          for (const ref of document.querySelectorAll('main a.noteref')) {
            const box = ref.getBoundingClientRect()
            if (box.width < 24 || box.height < 24) found.push(`note call ${ref.textContent} ${box.width.toFixed(1)}×${box.height.toFixed(1)}`)
          }
          return found
        })
        expect(problems, `${part.id} at ${width} px`).toEqual([])
        await tab.close()
      }
    }
  })

  it('lands on paragraph 2.14 from #2.14 and #p2.14, and cites it with its address, in plain text, BibTeX and CSL-JSON', async () => {
    const part = documents[1]!
    const number = `${part.number}.14`
    for (const hash of [number, `p${number}`]) {
      const tab = await open(`${fileUrl(join(site, pageFile(part.id)))}#${hash}`)
      const landed = await tab.evaluate((number) => {
        const p = document.getElementById(number)!.parentElement!
        const box = p.getBoundingClientRect()
        return { number: p.dataset.number, inView: box.top >= 0 && box.top < innerHeight, marked: getComputedStyle(p).backgroundColor !== 'rgba(0, 0, 0, 0)', hash: location.hash }
      }, number)
      expect(landed).toEqual({ number, inView: true, marked: true, hash: `#${number}` })
      await tab.close()
    }
    const tab = await open(fileUrl(join(site, pageFile(part.id))))
    await tab.evaluate((number) => document.getElementById(number)!.scrollIntoView({ block: 'center' }), number)
    await tab.click(`[id="${number}"]`)
    const cited = await tab.evaluate(() => ({
      open: (document.getElementById('cite-dialog') as HTMLDialogElement).open,
      focused: document.getElementById('cite-dialog')!.contains(document.activeElement),
      plain: document.getElementById('cite-plain')!.textContent!,
      bibtex: document.getElementById('cite-bibtex')!.textContent!,
      csl: JSON.parse(document.getElementById('cite-csl')!.textContent!),
      witness: (document.getElementById('cite-witness') as HTMLAnchorElement).getAttribute('href'),
    }))
    expect(cited.open && cited.focused).toBe(true)
    const url = `${fileUrl(join(site, pageFile(part.id)))}#${number}`
    for (const piece of [part.title, `paragraph ${number}`, model.meta.title, `version ${model.meta.version}`, url]) expect(cited.plain).toContain(piece)
    expect(cited.bibtex).toMatch(/^@incollection\{/)
    expect(cited.bibtex).toContain(`url = {${url}}`)
    expect(cited.csl[0]).toMatchObject({ type: 'chapter', title: part.title, version: model.meta.version, URL: url, locator: number })
    const lines = part.witness!.lines.get(String(elements(page(part.id), (e) => e.properties.dataNumber === number)[0]!.properties.id))!
    expect(cited.witness).toBe(`witness-${part.id}.html#L${lines.from}`)
    await tab.keyboard.press('Escape')
    expect(await tab.evaluate(() => (document.getElementById('cite-dialog') as HTMLDialogElement).open)).toBe(false)
    await tab.close()
  })

  it('searches from an overlay opened by its button and by “/”, loading at most 60 KB (gzip) of script and data before the first keystroke', async () => {
    const tab = await open(fileUrl(join(site, pageFile(documents[0]!.id))))
    const isOpen = () => tab.$eval('#search-dialog', (d) => (d as HTMLDialogElement).open)
    const focused = () => tab.evaluate(() => document.activeElement?.id || document.activeElement?.className || document.activeElement?.tagName)
    // The button opens it and Escape closes it, focus back on the button.
    await tab.click('.search-open')
    expect([await isOpen(), await focused()]).toEqual([true, 'search-input'])
    await tab.keyboard.press('Escape')
    expect([await isOpen(), await focused()]).toEqual([false, 'search-open'])
    // "/" opens it from the page; typed in a field, it is the reader's character.
    await tab.evaluate(() => (document.activeElement as HTMLElement).blur())
    await tab.keyboard.press('/')
    expect(await isOpen()).toBe(true)
    await tab.waitForFunction(() => 'folioSearchIndex' in window && 'MiniSearch' in window)
    // What the page loaded before the first keystroke (the scripts it holds: Chromium keeps no resource timing of
    // file: URLs): its own, the engine and the index, none of the snippets.
    const loaded = await tab.evaluate(() => [...new Set([...[...document.scripts].map((s) => s.src), ...performance.getEntriesByType('resource').map((r) => r.name)])].filter((u) => u.endsWith('.js')))
    const files = loaded.map((u) => relative(site, fileURLToPath(u))).sort()
    const gzipped = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(site, f)), { level: 9 }).length, 0)
    expect(files).toEqual(['minisearch.js', 'notes.js', 'reader.js', 'search-index.js', 'search.js'])
    expect(gzipped).toBeLessThanOrEqual(60_000)
    await tab.type('#search-input', 'a/b')
    expect([await isOpen(), await tab.$eval('#search-input', (i) => (i as HTMLInputElement).value)]).toEqual([true, 'a/b'])

    const search = async (query: string) => {
      await tab.$eval('#search-input', (i) => ((i as HTMLInputElement).value = ''))
      await tab.type('#search-input', query)
      await tab.waitForFunction(() => document.getElementById('search-status')!.textContent!.includes('found') || document.querySelector('#search-results a .search-hit-text:not(:empty)'))
      return tab.$$eval('#search-results section', (sections) =>
        sections.map((s) => ({ title: s.querySelector('h3')!.textContent!, hits: [...s.querySelectorAll('a')].map((a) => ({ href: a.getAttribute('href')!, label: a.querySelector('.search-hit-label')!.textContent! })) }))
      )
    }
    const marked = (href: string) => decodeURIComponent(/\?mark=([^#]*)/.exec(href)![1]!).split(' ')
    const anchors = (groups: Awaited<ReturnType<typeof search>>) => groups.flatMap((g) => g.hits.map((h) => h.href.replace(/\?.*#/, '#')))
    // Where the model has a word, with or without accents, as result links: numbered paragraphs by number, notes by id.
    const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    const placesOf = (word: string) => {
      const has = (text: string) => new RegExp(`(?<!\\p{L})${word}(?!\\p{L})`, 'u').test(fold(text))
      return documents.flatMap((part) => [
        ...elements({ type: 'root', children: partContent(part) }, (e) => e.properties.dataNumber !== undefined && has(textOf(e))).map((e) => `${pageFile(part.id)}#${e.properties.dataNumber}`),
        ...part.notes.filter((n) => has(textOf(writerContent(n.content)))).map((n) => `${pageFile(part.id)}#${n.id}`),
      ])
    }

    // Results grouped by document: one section per document page, headed by its title.
    for (const query of ['Хаз', 'Kojeve', 'hazz', 'Lenin']) {
      const groups = await search(query)
      expect(groups.length, query).toBeGreaterThan(0)
      expect(new Set(groups.map((g) => g.hits[0]!.href.split('?')[0])).size).toBe(groups.length)
      for (const g of groups) {
        const part = documents.find((p) => pageFile(p.id) === g.hits[0]!.href.split('?')[0])!
        expect(g.title).toBe(part.title)
        for (const hit of g.hits) expect(hit.href.startsWith(`${pageFile(part.id)}?`)).toBe(true)
      }
    }
    // Other scripts and accents are found as written or without their accents; a near spelling finds the word.
    // A name in another script finds it as written and the places of the other spellings its index entry gives.
    const entry = model.index.find((e) => e.spellings.some((t) => fold(t) === 'хаз'))!
    const spelt = entry.spellings.filter((t) => !/[\s\p{P}]/u.test(t)).map(fold)
    expect(spelt.length).toBeGreaterThan(1)
    expect(placesOf('хаз').length).toBeGreaterThan(0)
    const byName = (await search('Хаз')).flatMap((g) => g.hits).filter((h) => marked(h.href).some((t) => spelt.includes(t)))
    expect(byName.map((h) => h.href.replace(/\?.*#/, '#')).sort()).toEqual([...new Set(spelt.flatMap(placesOf))].sort())
    expect(anchors(await search('Kojeve')).sort()).toEqual(placesOf('kojeve').sort())
    const haz = await search('hazz')
    expect(anchors(haz)).toEqual(expect.arrayContaining(placesOf('haz')))
    for (const g of haz) for (const hit of g.hits) expect(marked(hit.href)).toContain('haz')
    // The word itself before the words it begins: "Lenin" before "Marxism-Leninism" alone, first and in every group.
    const lenin = await search('Lenin')
    expect(lenin[0]!.hits[0] && marked(lenin[0]!.hits[0].href)).toContain('lenin')
    expect(lenin.flatMap((g) => g.hits).some((h) => !marked(h.href).includes('lenin'))).toBe(true)
    for (const g of lenin) {
      const exact = g.hits.map((h) => marked(h.href).includes('lenin'))
      expect(exact, g.title).toEqual([...exact].sort((a, b) => Number(b) - Number(a)))
    }
    // The snippets come at the first query, short; the words found marked in them.
    expect(await tab.evaluate(() => [...document.scripts].some((s) => s.src.endsWith('/search-snippets.js')))).toBe(true)
    await tab.waitForSelector('#search-results .search-hit-text mark')

    // Escape closes with a query typed too (Firefox's search field would spend it on clearing the query).
    await tab.keyboard.press('Escape')
    expect(await isOpen()).toBe(false)

    // axe on the open overlay, light and dark.
    for (const dark of [false, true]) {
      const overlay = await open(fileUrl(join(site, pageFile(documents[1]!.id))), { dark, bypassCsp: true, width: dark ? 390 : 1280 })
      await overlay.keyboard.press('/')
      await overlay.type('#search-input', 'Lenin')
      await overlay.waitForSelector('#search-results .search-hit-text mark')
      await overlay.screenshot({ path: join(screens, `html-search-${dark ? '390-dark' : '1280-light'}.png`) })
      await overlay.addScriptTag({ content: axe })
      const violations = (await overlay.evaluate(async () => (await (window as any).axe.run(document, { resultTypes: ['violations'] })).violations)) as Array<{ id: string; nodes: unknown[] }>
      expect(violations.map((v) => `${v.id} ×${v.nodes.length}`), dark ? 'dark' : 'light').toEqual([])
      await overlay.close()
    }
    // The tab the keys go to in front again (a tab opened since took the browser's focus; on a busy machine the
    // keys below then reached no field: the results were still the last query's).
    await tab.bringToFront()
    // “/” opens it again, in the tab in front (pressed before the overlays' tabs opened, it raced their focus).
    await tab.keyboard.press('/')
    expect([await isOpen(), await focused()]).toEqual([true, 'search-input'])

    // The arrow keys reach the results; Enter on the field opens the first, whose page marks the words found.
    await search('Kojeve')
    await tab.keyboard.press('ArrowDown')
    const first = await tab.evaluate(() => document.activeElement!.getAttribute('href'))
    expect(first).toBe(await tab.$eval('#search-results a', (a) => a.getAttribute('href')))
    await tab.keyboard.press('ArrowUp')
    expect(await focused()).toBe('search-input')
    await Promise.all([tab.waitForNavigation({ waitUntil: 'load' }), tab.keyboard.press('Enter')])
    const arrived = await tab.evaluate(() => {
      const target = document.getElementById(decodeURIComponent(location.hash.slice(1)))!
      const block = target.closest('[data-number]') ?? target
      const top = block.getBoundingClientRect().top
      return { marks: [...document.querySelectorAll('mark.search-mark')].map((m) => ({ text: m.textContent, inBlock: block.contains(m) })), inView: top >= 0 && top < innerHeight }
    })
    expect(arrived.marks.length).toBeGreaterThan(0)
    for (const m of arrived.marks) expect({ ...m, text: fold(m.text!) }).toEqual({ text: 'kojeve', inBlock: true })
    expect(arrived.inView).toBe(true)
    await tab.click('.search-marks button')
    expect(await tab.evaluate(() => [document.querySelectorAll('mark.search-mark').length, location.search, document.querySelector('.search-marks')])).toEqual([0, '', null])
    await tab.close()
    expect(refused).toEqual([])
  })

  it('requests nothing from the network while viewing the site', () => {
    expect(refused).toEqual([])
  })

  it('folio serve rebuilds the HTML when a source changes and the open page reloads', async () => {
    // A one-document edition: what is watched and reloaded does not depend on the size of the edition.
    const scratch = miniSources()
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
  // Text and attributes that look like links must come out as they went in; so must the content itself.
  const lookalike = 'a href="#p1" and <p1>#p1'
  const content = () => [h('p', [h('a', { href: '#p1' }, 'first'), h('a', { href: '#n"2' }, 'second'), h('a', { href: 'https://example.org/#p1', title: lookalike }, lookalike), h('a', { href: '#part-b' }, 'top'), lookalike])]
  const partOf = new Map([['p1', 'part-a'], ['n"2', 'part-b'], ['part-b', 'part-b']])

  it('sends a link to an id in another part to that part’s page, and leaves every other text and attribute as it was', () => {
    const nodes = content()
    const before = structuredClone(nodes)
    const page = fromHtml(toHtml(linksToPages('part-a', partOf)(nodes)), { fragment: true })
    const anchors = (page.children[0] as Element).children.filter((c): c is Element => c.type === 'element')
    expect(anchors.map((a) => a.properties.href)).toEqual(['#p1', `${pageFile('part-b')}#n"2`, 'https://example.org/#p1', pageFile('part-b')])
    expect(anchors[2]!.properties.title).toBe(lookalike)
    expect(textOf(anchors[2]!)).toBe(lookalike)
    expect(textOf(page.children[0] as Element)).toBe(`firstsecond${lookalike}top${lookalike}`)
    expect(nodes).toEqual(before)
  })

  it('leaves every link a fragment in the one-file archive', () => {
    expect(toHtml(linksInPage(content()))).toBe(toHtml(content()))
  })
})
