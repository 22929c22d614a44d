/** Starts Debian's Chromium for printing and opens pages that may reach only the loopback server. */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import puppeteer, { type Browser, type Page } from 'puppeteer'
import { chromiumArgs, EnvironmentError, requireChromium } from '../../environment.ts'
import { undoOnSignal } from '../../interrupt.ts'
import { processFolder } from '../../out-folder.ts'

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

/**
 * Kill, and wait for, every process started with `profile` (Chromium's browser, zygotes, renderers: each names
 * it on its command line, and the browser leads its own process group). Linux's /proc; elsewhere the pipe alone.
 */
function killUsing(profile: string) {
  const using = () =>
    (existsSync('/proc') ? readdirSync('/proc') : []).filter((pid) => {
      try {
        return /^\d+$/.test(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--user-data-dir=${profile}`) && !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
      } catch {
        return false // ended meanwhile
      }
    })
  for (const pid of using())
    for (const target of [-Number(pid), Number(pid)])
      try {
        process.kill(target, 'SIGKILL')
      } catch {} // not a group leader, or gone
  for (let waited = 0; waited < 2000 && using().length > 0; waited += 20) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)
}

/**
 * Remove the profile once nothing uses it. puppeteer's close waits for the browser process alone: a zygote and the
 * processes it forked (renderers, the storage service) can outlive it by a moment, under load or strace, and still
 * write into the profile while it is removed (ENOTEMPTY). They are killed and waited for first; the removal retries
 * as Node's does for a folder that something still fills (`maxRetries`: ENOTEMPTY, EBUSY, EPERM, 100 ms apart).
 */
function removeProfile(profile: string) {
  killUsing(profile)
  rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
}

export async function launch(): Promise<Printer> {
  const executablePath = requireChromium()
  const profile = processFolder('chromium')
  // Registered before the launch: a signal may come while Chromium starts, before puppeteer gives its process.
  const forget = undoOnSignal(() => removeProfile(profile))
  let browser: Browser
  try {
    // Over a pipe, Chromium exits when Folio does, even when Folio is killed (-9). Signals are Folio's to handle
    // (interrupt.ts): the processes using the profile are killed, the profile removed, and Folio exits with one line.
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      pipe: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: [...args, `--user-data-dir=${profile}`],
      protocolTimeout,
    })
  } catch (error) {
    forget()
    removeProfile(profile)
    throw new EnvironmentError(`Chromium at ${executablePath} did not start (${(error as Error).message.split('\n')[0]}): reinstall it with \`apt-get install -y chromium\``)
  }
  return {
    browser,
    refused: [],
    async close() {
      forget()
      await browser.close()
      removeProfile(profile)
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
