/**
 * The reading edition in a second engine: the site as Firefox (Gecko, through WebDriver BiDi) lays it out and runs
 * it, at a phone's and a desktop's width, light and dark. tests/html.test.ts holds the site's own tests in Chromium;
 * these are what a reader on Firefox would meet first: no page wider than the screen, a script that runs, the notes
 * opening as pop-ups inside the screen, the search, and text that can be read in either scheme.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import puppeteer, { type Browser, type Page } from 'puppeteer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dist } from './setup/dist.ts'

const firefox = '/usr/bin/firefox-esr'
const absent = existsSync(firefox) ? undefined : 'Firefox is not installed (apt-get install -y firefox-esr)'
const site = join(dist, 'html')
const url = (page: string) => pathToFileURL(join(site, page)).href
const widths = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 900 },
]
/** One page of each kind the site has. */
const pages = ['index.html', 'introduction.html', 'doc-2.html', 'witness-doc-2.html', 'apparatus.html', 'part-index.html', 'colophon.html']

/** WCAG's contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r, g, bl] = rgb.match(/[\d.]+/g)!.slice(0, 3).map((v) => Number(v) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/** The text colour of the first element each selector finds, and the colour behind it (the first ancestor's that is not transparent). */
function coloursOf(tab: Page, selectors: string[]): Promise<Array<[string, string]>> {
  return tab.evaluate((selectors) => {
    const behind = (el: Element | null): string => {
      for (; el; el = el.parentElement) {
        const c = getComputedStyle(el).backgroundColor
        if (c !== 'transparent' && !/rgba\(.*, 0\)$/.test(c)) return c
      }
      return 'rgb(255, 255, 255)'
    }
    return selectors.map((selector): [string, string] => {
      const el = document.querySelector(selector)!
      return [getComputedStyle(el).color, behind(el)]
    })
  }, selectors)
}

describe.skipIf(absent)('the site in Firefox', () => {
  let light: Browser
  let dark: Browser
  const errors: string[] = []
  const open = async (browser: Browser, page: string, width = widths[1]!): Promise<Page> => {
    const tab = await browser.newPage()
    tab.on('pageerror', (e) => errors.push(`${page}: ${String(e)}`))
    await tab.setViewport({ width: width.width, height: width.height })
    await tab.goto(url(page), { waitUntil: 'load' })
    return tab
  }
  beforeAll(async () => {
    const launch = (prefs: Record<string, unknown>) => puppeteer.launch({ browser: 'firefox', executablePath: firefox, headless: true, extraPrefsFirefox: prefs })
    // 0: the pages are told the reader prefers dark (Firefox's override of the system's scheme).
    ;[light, dark] = await Promise.all([launch({ 'layout.css.prefers-color-scheme.content-override': 1 }), launch({ 'layout.css.prefers-color-scheme.content-override': 0 })])
  }, 120_000)
  afterAll(async () => {
    await Promise.all([light?.close(), dark?.close()])
  })

  it('lays out each kind of page within the screen at a phone’s and a desktop’s width, with no script error', async () => {
    const wider: string[] = []
    for (const width of widths) {
      const tab = await open(light, pages[0]!, width)
      for (const page of pages) {
        await tab.goto(url(page), { waitUntil: 'load' })
        const over = await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
        if (over > 0) wider.push(`${page} at ${width.width} px: ${over} px wider`)
      }
      await tab.close()
    }
    expect(wider).toEqual([])
    expect(errors).toEqual([])
  })

  it('opens a note as a pop-up inside the screen from its reference, and Escape closes it', async () => {
    for (const width of widths) {
      const tab = await open(light, 'doc-2.html', width)
      const ref = (await tab.$('a.noteref'))!
      await ref.evaluate((a) => a.scrollIntoView({ block: 'center' }))
      await ref.click()
      await tab.waitForFunction(() => document.querySelector('.note-popover:popover-open') !== null)
      const shown = await tab.evaluate(() => {
        const pop = document.querySelector('.note-popover:popover-open')!
        const box = pop.getBoundingClientRect()
        return { label: pop.querySelector('.note-popover-label')!.textContent, inside: box.left >= 0 && box.top >= 0 && box.right <= innerWidth && box.bottom <= innerHeight, text: pop.textContent!.length }
      })
      expect(shown, width.name).toMatchObject({ inside: true })
      expect(shown.label, width.name).toMatch(/note/i)
      expect(shown.text).toBeGreaterThan(40)
      await tab.keyboard.press('Escape')
      expect(await tab.evaluate(() => document.querySelector('.note-popover:popover-open'))).toBe(null)
      await tab.close()
    }
  })

  it('searches from “/”: results that lead to the edition’s pages', async () => {
    const tab = await open(light, 'doc-1.html', widths[0])
    await tab.keyboard.press('/')
    await tab.waitForFunction(() => (document.getElementById('search-dialog') as HTMLDialogElement).open && 'folioSearchIndex' in window && 'MiniSearch' in window)
    await tab.type('#search-input', 'Lenin')
    await tab.waitForFunction(() => document.querySelectorAll('#search-results a').length > 0)
    const hrefs = await tab.$$eval('#search-results a', (links) => links.map((a) => a.getAttribute('href')!))
    expect(hrefs.length).toBeGreaterThan(5)
    for (const href of hrefs) expect(existsSync(join(site, href.split(/[?#]/)[0]!)), href).toBe(true)
    await tab.close()
  })

  it('sets text that reads in the light scheme and in the dark one (contrast at least 7:1 for the body, 4.5:1 for notes and the apparatus)', async () => {
    const measured: Record<string, Record<string, number>> = {}
    for (const [scheme, browser] of [['light', light], ['dark', dark]] as const) {
      const tab = await open(browser, 'doc-2.html')
      expect(await tab.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(scheme === 'dark')
      const [body, notes] = await coloursOf(tab, ['main p[data-number]', '.notes li p'])
      await tab.goto(url('apparatus.html'), { waitUntil: 'load' })
      const [apparatus] = await coloursOf(tab, ['main td'])
      measured[scheme] = { body: contrast(...body!), notes: contrast(...notes!), apparatus: contrast(...apparatus!) }
      await tab.close()
    }
    for (const scheme of ['light', 'dark']) {
      expect(measured[scheme]!.body, `${scheme} body`).toBeGreaterThanOrEqual(7)
      expect(measured[scheme]!.notes, `${scheme} notes`).toBeGreaterThanOrEqual(4.5)
      expect(measured[scheme]!.apparatus, `${scheme} apparatus`).toBeGreaterThanOrEqual(4.5)
    }
  })
})
