/** The print PDF writer: the edition (and its reading packets) laid out by Paged.js in Chromium, with a page map. */
import pMap from 'p-map'
import { fail } from '../../edition/diagnostics.ts'
import type { Model } from '../model.ts'
import type { WriteContext } from '../writer.ts'
import { publishAssets, type Assets } from './assets.ts'
import { backMatter, chunkHtml, chunksOf, linkTargets } from './book.ts'
import { launch, type Printer } from './browser.ts'
import type { Titles } from './front-matter.ts'
import { withMetadata } from './metadata.ts'
import { mergeChunks, type PrintedChunk } from './merge.ts'
import { titleBookmarks } from './outline.ts'
import { tagStructure } from './tags.ts'
import type { PageOf } from './locators.ts'
import { paginate, type Layout } from './paginate.ts'
import { serve, type Site } from './server.ts'

interface Job {
  path: string
  model: Model
  titles: Titles
  /** The full book in the default size: its page map feeds the EPUB page-list. */
  pagemap: boolean
}

/**
 * The largest witness a PDF lays out. A document is one part of the book, which Paged.js lays out in one renderer
 * (parts are never split): a 400 KB witness took 110 s for 177 pages on a loaded machine, one of 7.9 MB exhausted
 * memory after minutes. A larger document is refused before any layout; HTML and EPUB take witnesses up to the
 * import limit (8 MB), the EPUB then without print page numbers.
 */
export const maxPrintWitnessBytes = 512 * 1024

function refuseUnprintable(ctx: WriteContext): void {
  const numbers = ctx.options.packet?.documents
  for (const doc of ctx.edition.documents) {
    if (numbers && !numbers.includes(doc.source.number)) continue
    const bytes = Buffer.byteLength(doc.source.witness)
    if (bytes > maxPrintWitnessBytes)
      fail(doc.source.witnessPath, { line: 1, column: 1 }, `witness is ${(bytes / 1024).toFixed(0)} KB; the PDF lays out documents of at most ${maxPrintWitnessBytes / 1024} KB`, 'F-PDF-001', 'build the other formats (--format html,epub), or split the source into several documents')
  }
}

export default async function writePdf(ctx: WriteContext): Promise<void> {
  refuseUnprintable(ctx)
  // Chromium starts on the other core while Node makes the models and the first books' HTML (printBook).
  const printer = launch()
  printer.catch(() => {}) // awaited by every book, which fails with it
  // Chromium is closed once every book is printed, while Node puts the last one's PDF together.
  let closing: Promise<void> | undefined
  const close = () => (closing ??= printer.then((p) => p.close(), () => {}))
  let site: Site | undefined
  try {
    // Waiting for the server to listen lets the launch go as far as starting Chromium's process.
    site = await serve()
    const assets = publishAssets(site, ctx.options.pageSize)
    // Run for the EPUB's page-list alone (`ctx.only`), only the book that gives the page map is laid out.
    const todo = jobs(ctx).filter((job) => !ctx.only || job.pagemap)
    let unprinted = todo.length
    // Two books at a time: a layout keeps one renderer process, so one core, busy. Written in job order.
    const books = await pMap(
      todo,
      async (job) => {
        const start = performance.now()
        const book = await printBook(printer, site!, assets, job, ctx.progress, () => void (--unprinted === 0 && close()))
        ctx.progress(`${job.path}: ${book.pages} pages in ${((performance.now() - start) / 1000).toFixed(1)} s`)
        return { job, ...book }
      },
      { concurrency: 2 }
    )
    for (const { job, pdf, pages, pageOf } of books) {
      ctx.write(job.path, pdf, { pages })
      if (job.pagemap) ctx.write('pagemap.json', pagemapJson(job.model, pageOf))
    }
    const { refused } = await printer
    if (refused.length > 0) throw new Error(`the print pages asked for ${refused.length} resources outside the build (refused): ${[...new Set(refused)].slice(0, 5).join(', ')}`)
  } finally {
    await site?.close()
    await close()
  }
}

function jobs(ctx: WriteContext): Job[] {
  const { meta } = ctx.model
  const size = ctx.options.pageSize === 'a4' ? '' : `-${ctx.options.pageSize}`
  const packet = (name: string, title: string, documents: number[]): Job => ({
    path: `packets/${name}${size}.pdf`,
    model: ctx.modelFor(documents, { title }),
    titles: { title, subtitle: `Documents ${documents.join(', ')}`, from: meta.title },
    pagemap: false,
  })
  if (ctx.options.packet) return [packet(ctx.options.packet.name, ctx.options.packet.title, ctx.options.packet.documents)]
  return [
    { path: `${meta.slug}${size}.pdf`, model: ctx.model, titles: { title: meta.title, subtitle: meta.subtitle }, pagemap: size === '' },
    ...Object.entries(ctx.edition.sources.edition.packets).map(([name, p]) => packet(name, p.title, p.documents)),
  ]
}

/**
 * The book's chunks, laid out two at a time. Each begins on a recto: where it begins in the book is known once
 * the chunks before it are laid out, and only its page numbers (set at print), its place in the book's page map
 * and its back matter (which waits for them) depend on it. Each is printed as soon as it can be and its renderer
 * closed, but the first, whose contents list the pages of all, once all are laid out.
 */
async function printBook(printing: Promise<Printer>, site: Site, assets: Assets, job: Job, progress: (message: string) => void, allPrinted: () => void): Promise<{ pdf: Uint8Array; pages: number; pageOf: Map<string, number> }> {
  const chunks = chunksOf(job.model)
  const targets = chunks.length > 1 ? linkTargets(job.model, chunks) : []
  const pageOf = new Map<string, number>()
  const starts = chunks.map(() => deferred<number>())
  starts[0]!.resolve(1)
  const printed: PrintedChunk[] = []
  let front: Layout | undefined
  let pages = 0
  // The first chunk is printed once every chunk is laid out (its contents list their pages), beside their prints.
  const allLaidOut = deferred<void>()
  let unlaid = chunks.length
  const frontPrinted = allLaidOut.promise.then(() => front!.print(pageOf, targets, 1))
  frontPrinted.catch(() => {}) // awaited below, once the other chunks are printed
  try {
    await pMap(
      chunks.entries(),
      async ([i, chunk]) => {
        const html = chunkHtml(job.model, chunk, { titles: job.titles, ...assets })
        const path = `/${job.path.replace(/\.pdf$/, '')}-${i + 1}.html`
        const inBook = async (local: PageOf): Promise<PageOf> => {
          const shift = (await starts[i]!.promise) - 1
          return (id) => pageOf.get(id) ?? (local(id) === undefined ? undefined : local(id)! + shift)
        }
        const laidOut = (n: number) => chunks.length === 1 && n % 50 === 0 && progress(`${job.path}: ${n} pages laid out`)
        const layout = await paginate(await printing, site, path, html, i, async (local) => backMatter(job.model, await inBook(local)), laidOut)
        try {
          const firstPage = await starts[i]!.promise
          const global = (n: number | undefined) => n && n + firstPage - 1
          const moved = [...layout.backMatterPages].filter(([id, n]) => layout.pageOf.get(id) !== n)
          if (moved.length > 0) throw new Error(`${job.path}: ${moved.length} elements moved after the back matter showed their pages, e.g. #${moved[0]![0]} from p. ${global(moved[0]![1])} to p. ${global(layout.pageOf.get(moved[0]![0]))}`)
          if (layout.overfull.length > 0) throw new Error(`${job.path}: ${layout.overfull.length} lines run into the margin, e.g. p. ${global(layout.overfull[0]!.page)} “${layout.overfull[0]!.text}”`)
          for (const [id, n] of layout.pageOf) pageOf.set(id, n + firstPage - 1)
          const end = firstPage - 1 + layout.pages
          if (chunks.length > 1) progress(`${job.path}: pages ${firstPage}–${end} laid out`)
          if (i + 1 < chunks.length) starts[i + 1]!.resolve(end % 2 === 1 ? end + 2 : end + 1)
          else pages = end
          if (i === 0) front = layout
          if (--unlaid === 0) allLaidOut.resolve()
          if (i === 0) return
          printed[i] = { ...(await layout.print(pageOf, targets, firstPage)), firstPage }
        } catch (error) {
          starts.forEach((s) => s.reject(error))
          throw error
        }
        await layout.close()
      },
      { concurrency: 2 }
    )
    printed[0] = { ...(await frontPrinted), firstPage: 1 }
  } finally {
    await front?.close()
  }
  allPrinted()
  const missing = [...job.model.partOf.keys()].filter((id) => !pageOf.has(id))
  if (missing.length > 0) throw new Error(`${job.path}: ${missing.length} elements of the edition are on no page, e.g. #${missing.slice(0, 5).join(', #')}`)
  const { meta } = job.model
  const book = await mergeChunks(printed)
  titleBookmarks(book, printed.flatMap((c) => c.headings))
  tagStructure(book)
  const pdf = await withMetadata(book, {
    title: job.titles.from ? `${job.titles.title} (${job.titles.from})` : job.titles.subtitle ? `${job.titles.title}: ${job.titles.subtitle}` : job.titles.title,
    author: meta.editor,
    subject: meta.description,
    keywords: job.model.parts.filter((p) => p.role === 'document').map((p) => p.title),
    language: meta.language,
    identifier: `${meta.slug}@${meta.version}/${job.path}`,
    date: meta.date,
  })
  return { pdf, pages, pageOf }
}

/** A promise with its resolve and reject (Promise.withResolvers, Node 22). */
function deferred<T>() {
  let resolve: (value: T) => void = () => {}
  let reject: (error: unknown) => void = () => {}
  const promise = new Promise<T>((yes, no) => ((resolve = yes), (reject = no)))
  promise.catch(() => {}) // a chunk that never gets to wait for it must not leave it unhandled
  return { promise, resolve, reject }
}

/** Element id → page, for every element of the edition's parts (paragraphs, headings, notes, index marks). */
function pagemapJson(model: Model, pageOf: Map<string, number>): string {
  const ids = [...model.partOf.keys()]
  return JSON.stringify(Object.fromEntries(ids.map((id) => [id, pageOf.get(id)!])), null, 1) + '\n'
}
