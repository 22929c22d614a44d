/** Lays one print document out in Chromium with Paged.js, in one pass, and prints it to PDF. */
import { EnvironmentError } from '../../environment.ts'
import type { Printer } from './browser.ts'
import { guardedPage } from './browser.ts'
import type { PageOf } from './locators.ts'
import type { Site } from './server.ts'

export interface Layout {
  pages: number
  /** The page each element id first appears on. */
  pageOf: Map<string, number>
  /** Text that runs past the text block: must stay empty. */
  overfull: Array<{ page: number; text: string; by: number }>
  /** The pages the back matter shows, as they were when the layout reached it. */
  backMatterPages: Map<string, number>
  pdf: Uint8Array
}

interface LayoutResult {
  pages: number
  pageOf: Record<string, number>
  overfull: Layout['overfull']
}

/** The content of the back matter sections by id, given the pages of everything before them. */
export type BackMatter = (pageOf: PageOf) => Record<string, string>

/**
 * A book takes as long as it is long, so there is no deadline for the whole layout: Chromium has hung (or
 * Paged.js loops) when it lays out no page for this long, or prints for this long plus a second per page.
 */
const stallTimeout = 120_000

export async function paginate(printer: Printer, site: Site, path: string, html: string, backMatter: BackMatter, progress: (pages: number) => void): Promise<Layout> {
  site.put(path, { type: 'text/html; charset=utf-8', body: html })
  const page = await guardedPage(printer, site.origin)
  const backMatterPages = new Map<string, number>()
  const stall = watchdog(`Chromium laid out no page of ${path} for ${stallTimeout / 1000} s: it hung, or Paged.js loops on some content (a machine this busy may just need a retry)`)
  try {
    await page.exposeFunction('folioBackMatter', (pageOf: Record<string, number>) =>
      backMatter((id) => {
        if (pageOf[id] !== undefined) backMatterPages.set(id, pageOf[id])
        return pageOf[id]
      })
    )
    await page.exposeFunction('folioLaidOut', (pages: number) => {
      stall.kick()
      progress(pages)
    })
    // The layout reports its end through a call back, not as the result of one protocol call lasting minutes.
    let finish: (result: LayoutResult) => void = () => {}
    let fail: (error: Error) => void = () => {}
    const finished = new Promise<LayoutResult>((resolve, reject) => ((finish = resolve), (fail = reject)))
    await page.exposeFunction('folioFinished', (result: LayoutResult) => finish(result))
    await page.exposeFunction('folioFailed', (message: string) => fail(new Error(`laying out ${path}: ${message}`)))
    const layout = async () => {
      await page.goto(`${site.origin}${path}`, { waitUntil: 'load', timeout: stallTimeout })
      await page.evaluate('void window.folioPaginate().then(folioFinished, (e) => folioFailed(e.stack || String(e)))')
      const result = await finished
      stall.stop()
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: stallTimeout + result.pages * 1000 })
      return { pages: result.pages, pageOf: new Map(Object.entries(result.pageOf)), overfull: result.overfull, backMatterPages, pdf }
    }
    return await Promise.race([layout(), stall.stalled])
  } finally {
    stall.stop()
    await page.browserContext().close().catch(() => {})
  }
}

function watchdog(message: string) {
  let timer: NodeJS.Timeout | undefined
  let fail: (error: Error) => void = () => {}
  const stalled = new Promise<never>((_, reject) => (fail = reject))
  const kick = () => {
    clearTimeout(timer)
    timer = setTimeout(() => fail(new EnvironmentError(message)), stallTimeout)
  }
  kick()
  return { stalled, kick, stop: () => clearTimeout(timer) }
}
