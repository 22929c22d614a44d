/** Starts Debian's Chromium for printing and opens pages that may reach only the loopback server. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import puppeteer, { type Browser, type Page } from 'puppeteer'
import { chromiumArgs, EnvironmentError, requireChromium } from '../../environment.ts'

const args = [...chromiumArgs, '--font-render-hinting=none']

export interface Printer {
  browser: Browser
  /** URLs the pages asked for outside the loopback server (refused). */
  refused: string[]
  close(): Promise<void>
}

/**
 * No limit per DevTools call: printing a 1,300-page book is one call of many minutes. The layout has a stall
 * watchdog and the print a limit by its number of pages (paginate.ts).
 */
const protocolTimeout = 0

export async function launch(): Promise<Printer> {
  const executablePath = requireChromium()
  const profile = mkdtempSync(join(tmpdir(), 'folio-chromium-'))
  let browser: Browser
  try {
    browser = await puppeteer.launch({ executablePath, headless: true, args: [...args, `--user-data-dir=${profile}`], protocolTimeout })
  } catch (error) {
    rmSync(profile, { recursive: true, force: true })
    throw new EnvironmentError(`Chromium at ${executablePath} did not start (${(error as Error).message.split('\n')[0]}): reinstall it with \`apt-get install -y chromium\``)
  }
  return {
    browser,
    refused: [],
    async close() {
      await browser.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/**
 * A page whose requests outside `origin` are refused and recorded, alone in its own browser context: a fresh
 * renderer process, whose node ids (written into the PDF's structure tree) then do not depend on earlier pages.
 * Close it with `page.browserContext().close()`.
 */
export async function guardedPage(printer: Printer, origin: string): Promise<Page> {
  const context = await printer.browser.createBrowserContext()
  const page = await context.newPage()
  await page.setRequestInterception(true)
  page.on('request', (request) => {
    const url = request.url()
    if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url === 'about:blank') void request.continue()
    else {
      printer.refused.push(url)
      void request.abort('blockedbyclient')
    }
  })
  return page
}
