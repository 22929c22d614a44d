/** The print PDF writer: the edition (and its reading packets) laid out by Paged.js in Chromium, with a page map. */
import pMap from 'p-map'
import type { Model } from '../model.ts'
import type { WriteContext } from '../writer.ts'
import { publishAssets, type Assets } from './assets.ts'
import { backMatter, bookHtml } from './book.ts'
import { launch, type Printer } from './browser.ts'
import type { Titles } from './front-matter.ts'
import { withMetadata } from './metadata.ts'
import { paginate, type Layout } from './paginate.ts'
import { serve, type Site } from './server.ts'

interface Job {
  path: string
  model: Model
  titles: Titles
  /** The full book in the default size: its page map feeds the EPUB page-list. */
  pagemap: boolean
}

export default async function writePdf(ctx: WriteContext): Promise<void> {
  const printer = await launch()
  const site = await serve()
  try {
    const assets = publishAssets(site, ctx.options.pageSize)
    // Two books at a time: a layout keeps one renderer process, so one core, busy. Written in job order.
    const books = await pMap(
      jobs(ctx),
      async (job) => {
        const start = performance.now()
        const book = await printBook(printer, site, assets, job, ctx.progress)
        ctx.progress(`${job.path}: ${book.layout.pages} pages in ${((performance.now() - start) / 1000).toFixed(1)} s`)
        return { job, ...book }
      },
      { concurrency: 2 }
    )
    for (const { job, pdf, layout } of books) {
      ctx.write(job.path, pdf, { pages: layout.pages })
      if (job.pagemap) ctx.write('pagemap.json', pagemapJson(job.model, layout))
    }
    if (printer.refused.length > 0) throw new Error(`the print pages asked for ${printer.refused.length} resources outside the build (refused): ${[...new Set(printer.refused)].slice(0, 5).join(', ')}`)
  } finally {
    await site.close()
    await printer.close()
  }
}

function jobs(ctx: WriteContext): Job[] {
  const { meta } = ctx.model
  const size = ctx.options.pageSize === 'a4' ? '' : `-${ctx.options.pageSize}`
  const packet = (name: string, title: string, documents: number[]): Job => ({
    path: `packets/${name}${size}.pdf`,
    model: ctx.modelFor(documents),
    titles: { title, subtitle: `Documents ${documents.join(', ')}`, from: meta.title },
    pagemap: false,
  })
  if (ctx.options.packet) return [packet(ctx.options.packet.name, ctx.options.packet.title, ctx.options.packet.documents)]
  return [
    { path: `${meta.slug}${size}.pdf`, model: ctx.model, titles: { title: meta.title, subtitle: meta.subtitle }, pagemap: size === '' },
    ...Object.entries(ctx.edition.sources.edition.packets).map(([name, p]) => packet(name, p.title, p.documents)),
  ]
}

async function printBook(printer: Printer, site: Site, assets: Assets, job: Job, progress: (message: string) => void): Promise<{ pdf: Uint8Array; layout: Layout }> {
  const page = `/${job.path.replace(/\.pdf$/, '')}.html`
  const laidOut = (pages: number) => pages % 50 === 0 && progress(`${job.path}: ${pages} pages laid out`)
  const layout = await paginate(printer, site, page, bookHtml(job.model, { titles: job.titles, ...assets }), (pageOf) => backMatter(job.model, pageOf), laidOut)
  const moved = [...layout.backMatterPages].filter(([id, n]) => layout.pageOf.get(id) !== n)
  if (moved.length > 0) throw new Error(`${job.path}: ${moved.length} elements moved after the back matter showed their pages, e.g. #${moved[0]![0]} from p. ${moved[0]![1]} to p. ${layout.pageOf.get(moved[0]![0])}`)
  const missing = [...job.model.partOf.keys()].filter((id) => !layout.pageOf.has(id))
  if (missing.length > 0) throw new Error(`${job.path}: ${missing.length} elements of the edition are on no page, e.g. #${missing.slice(0, 5).join(', #')}`)
  if (layout.overfull.length > 0) throw new Error(`${job.path}: ${layout.overfull.length} lines run into the margin, e.g. p. ${layout.overfull[0]!.page} “${layout.overfull[0]!.text}”`)
  const { meta } = job.model
  const pdf = await withMetadata(layout.pdf, {
    title: job.titles.from ? `${job.titles.title} (${job.titles.from})` : job.titles.subtitle ? `${job.titles.title}: ${job.titles.subtitle}` : job.titles.title,
    author: `${meta.editor} (editor)`,
    subject: meta.description,
    keywords: job.model.parts.filter((p) => p.role === 'document').map((p) => p.title),
    language: meta.language,
    date: meta.date,
  })
  return { pdf, layout }
}

/** Element id → page, for every element of the edition's parts (paragraphs, headings, notes, index marks). */
function pagemapJson(model: Model, layout: Layout): string {
  const ids = [...model.partOf.keys()]
  return JSON.stringify(Object.fromEntries(ids.map((id) => [id, layout.pageOf.get(id)!])), null, 1) + '\n'
}
