/** Lays one print document out in Chromium with Paged.js and, when asked, prints it to PDF. */
import type { Printer } from './browser.ts'
import { guardedPage } from './browser.ts'
import type { Site } from './server.ts'

export interface Layout {
  pages: number
  /** The page each element id first appears on. */
  pageOf: Map<string, number>
  /** Text that runs past the text block: must stay empty. */
  overfull: Array<{ page: number; text: string; by: number }>
  pdf?: Uint8Array
}

/** Layout plus printing of the longest book here takes well under a minute; past this it is a hang. */
const layoutTimeout = 240_000

export async function paginate(printer: Printer, site: Site, path: string, html: string, print: boolean): Promise<Layout> {
  site.put(path, { type: 'text/html; charset=utf-8', body: html })
  const page = await guardedPage(printer, site.origin)
  try {
    return await deadline(
      (async () => {
        await page.goto(`${site.origin}${path}`, { waitUntil: 'load', timeout: layoutTimeout })
        const result = (await page.evaluate('window.folioPaginate()')) as { pages: number; pageOf: Record<string, number>; overfull: Layout['overfull'] }
        const pdf = print ? await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: layoutTimeout }) : undefined
        return { pages: result.pages, pageOf: new Map(Object.entries(result.pageOf)), overfull: result.overfull, pdf }
      })(),
      `laying out ${path} with Paged.js did not finish within ${layoutTimeout / 1000} s (Chromium hung or the layout loops)`
    )
  } finally {
    await page.browserContext().close().catch(() => {})
  }
}

function deadline<T>(work: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), layoutTimeout)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}
