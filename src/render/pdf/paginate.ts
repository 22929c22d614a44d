/** Lays one print document (a book, or a chunk of one) out in Chromium with Paged.js, in one pass; prints it on demand. */
import { EnvironmentError } from '../../environment.ts'
import type { Printer } from './browser.ts'
import { guardedPage } from './browser.ts'
import type { PageOf } from './locators.ts'
import type { Site } from './server.ts'

/** A laid-out document, its page still open: `print` it once the whole book's pages are known, then `close` it. */
export interface Layout {
  pages: number
  /** The page each element id first appears on, counted from the document's first page (1). */
  pageOf: Map<string, number>
  /** Text that runs past the text block: must stay empty. */
  overfull: Array<{ page: number; text: string; by: number }>
  /** The pages the back matter shows, as they were when the layout reached it. */
  backMatterPages: Map<string, number>
  /**
   * The PDF, its pages numbered from `firstPage`, the contents' page numbers from the book's `pageOf`, and
   * destinations for the book's link `targets`; with the words of its headings, in order.
   */
  print(pageOf: Map<string, number>, targets: string[], firstPage: number): Promise<{ pdf: Uint8Array; headings: string[] }>
  close(): Promise<void>
}

interface LayoutResult {
  pages: number
  pageOf: Record<string, number>
  overfull: Layout['overfull']
}

/** The content of the back matter sections by id, given the pages of everything before them. */
export type BackMatter = (pageOf: PageOf) => Promise<Record<string, string>>

/**
 * A book takes as long as it is long, so there is no deadline for the whole layout: Chromium has hung (or
 * Paged.js loops) when it lays out no page for this long, or prints for this long plus a second per page.
 * FOLIO_STALL_SECONDS sets it otherwise (read at each layout; the tests make a layout stall).
 */
const stallTimeout = () => (Number(process.env.FOLIO_STALL_SECONDS) || 120) * 1000

/** Lays out `html`, chunk number `chunk` (from 0) of its book. */
export async function paginate(printer: Printer, site: Site, path: string, html: string, chunk: number, backMatter: BackMatter, progress: (pages: number) => void): Promise<Layout> {
  site.put(path, { type: 'text/html; charset=utf-8', body: html })
  const page = await guardedPage(printer, site.origin)
  const close = () => page.browserContext().close().catch(() => {})
  const backMatterPages = new Map<string, number>()
  const timeout = stallTimeout()
  const stall = watchdog(timeout, `Chromium laid out no page of ${path} for ${timeout / 1000} s: it hung, or Paged.js loops on some content (a machine this busy may just need a retry)`)
  try {
    // The back matter may wait for other chunks of the book: no page is laid out meanwhile.
    await page.exposeFunction('folioBackMatter', async (pageOf: Record<string, number>) => {
      stall.stop()
      const sections = await backMatter((id) => {
        if (pageOf[id] !== undefined) backMatterPages.set(id, pageOf[id])
        return pageOf[id]
      })
      stall.kick()
      return sections
    })
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
      await page.goto(`${site.origin}${path.split('/').map(encodeURIComponent).join('/')}`, { waitUntil: 'load', timeout })
      await page.evaluate(`void window.folioPaginate(${chunk}).then(folioFinished, (e) => folioFailed(e.stack || String(e)))`)
      return await finished
    }
    const result = await Promise.race([layout(), stall.stalled])
    return {
      pages: result.pages,
      pageOf: new Map(Object.entries(result.pageOf)),
      overfull: result.overfull,
      backMatterPages,
      async print(pageOf, targets, firstPage) {
        type Window = { folioBeforePrint(pageOf: Record<string, number>, targets: string[], firstPage: number): string[] }
        const headings = await page.evaluate((pages, ids, first) => (window as unknown as Window).folioBeforePrint(pages, ids, first), Object.fromEntries(pageOf), targets, firstPage)
        return { pdf: await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: timeout + result.pages * 1000 }), headings }
      },
      close,
    }
  } catch (error) {
    await close()
    throw error
  } finally {
    stall.stop()
  }
}

function watchdog(timeout: number, message: string) {
  let timer: NodeJS.Timeout | undefined
  let fail: (error: Error) => void = () => {}
  const stalled = new Promise<never>((_, reject) => (fail = reject))
  const kick = () => {
    clearTimeout(timer)
    timer = setTimeout(() => fail(new EnvironmentError(message)), timeout)
  }
  kick()
  return { stalled, kick, stop: () => clearTimeout(timer) }
}
