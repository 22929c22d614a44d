/**
 * The reading edition in a second engine: the site as Firefox (Gecko, through WebDriver BiDi) lays it out and runs
 * it, at a phone's and a desktop's width. tests/html.test.ts holds the site's own tests in Chromium (axe's contrast
 * checks, light and dark, among them: the colours are the stylesheet's in either engine); these are what a reader on
 * Firefox would meet first: no page wider than the screen, a script that runs, the notes opening as pop-ups inside
 * the screen, the search.
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

describe.skipIf(absent)('the site in Firefox', () => {
  let browser: Browser
  const errors: string[] = []
  const open = async (page: string, width = widths[1]!): Promise<Page> => {
    const tab = await browser.newPage()
    tab.on('pageerror', (e) => errors.push(`${page}: ${String(e)}`))
    await tab.setViewport({ width: width.width, height: width.height })
    await tab.goto(url(page), { waitUntil: 'load' })
    return tab
  }
  beforeAll(async () => {
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: firefox, headless: true })
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
  })

  it('lays out each kind of page within the screen at a phone’s and a desktop’s width, with no script error', async () => {
    const wider: string[] = []
    for (const width of widths) {
      const tab = await open(pages[0]!, width)
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
      const tab = await open('doc-2.html', width)
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
    expect(errors).toEqual([])
  })

  it('searches from “/”: results that lead to the edition’s pages', async () => {
    const tab = await open('doc-1.html', widths[0])
    await tab.keyboard.press('/')
    await tab.waitForFunction(() => (document.getElementById('search-dialog') as HTMLDialogElement).open && 'folioSearchIndex' in window && 'MiniSearch' in window)
    await tab.type('#search-input', 'Lenin')
    await tab.waitForFunction(() => document.querySelectorAll('#search-results a').length > 0)
    const hrefs = await tab.$$eval('#search-results a', (links) => links.map((a) => a.getAttribute('href')!))
    expect(hrefs.length).toBeGreaterThan(5)
    for (const href of hrefs) expect(existsSync(join(site, href.split(/[?#]/)[0]!)), href).toBe(true)
    await tab.close()
    expect(errors).toEqual([])
  })
})
