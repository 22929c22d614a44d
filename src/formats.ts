/**
 * The output formats, listed once: what each writes, what it reads of another's outputs, its writer and its
 * validators. `folio build`, the CLI's usage and `--format`, `release`, `verify`, `check` and the HTML site's
 * downloads all read this list; a new format is a writer module and one entry here.
 */
import type { EditionMeta } from './edition/sources.ts'
import type { CheckResult } from './check/run.ts'
import type { BuildSettings, WriteContext } from './render/writer.ts'

export interface OutputFile {
  /** Relative to dist/. A path ending in `/` is a folder the format owns with all it holds. */
  path: string
  /** What the HTML site's downloads list calls the file; unlisted when absent. */
  download?: string
}

export interface Format {
  name: string
  /** Said in the CLI's usage: what the format is. */
  summary: string
  /** The files it writes for this edition with these settings. */
  outputs(meta: EditionMeta, settings: BuildSettings): OutputFile[]
  /**
   * Outputs of other formats it reads (`pagemap.json`): the build makes them for it, with the default settings, when
   * they are not among the outputs of this build, and gives them through `ctx.read` only (not into dist/).
   */
  needs?: string[]
  /** Made by every build, asked for or not (report.json). */
  always?: boolean
  write(ctx: WriteContext): Promise<void>
  /** The validators of `folio check` for the format's files found in dist/ (none found: say what is missing). */
  check?(files: string[], dist: string, sources: string): Promise<CheckResult[]>
}

/** The settings a build has without options: the default page size, the whole edition. */
export const defaultSettings: BuildSettings = { pageSize: 'a4' }

const pageSuffix = (settings: BuildSettings) => (settings.pageSize === 'a4' ? '' : `-${settings.pageSize}`)

const missing = (checker: string, what: string): CheckResult => ({ checker, target: what, problems: [`${what} is missing: run \`folio build\` first`] })

/**
 * In the order they run: what a format reads of another's outputs comes earlier (the PDF's page map feeds the EPUB
 * page-list); the HTML site lists the sizes of the other downloads, so it comes after them; report.json describes
 * every output, so it comes last.
 */
const registry: Format[] = [
  {
    name: 'markdown',
    summary: 'normalised Markdown per document (markdown/)',
    outputs: () => [{ path: 'markdown/' }],
    write: async (ctx) => (await import('./render/markdown/index.ts')).default(ctx),
  },
  {
    name: 'pdf',
    summary: 'print PDF and reading packets, with the page map (pagemap.json) the EPUB page-list comes from',
    outputs(meta, settings) {
      const size = pageSuffix(settings)
      const packet = (name: string, title: string): OutputFile => ({ path: `packets/${name}${size}.pdf`, download: `PDF reading packet: ${title}` })
      if (settings.packet) return [packet(settings.packet.name, settings.packet.title), { path: 'packets/' }]
      return [
        { path: `${meta.slug}${size}.pdf`, download: 'PDF for print and reading' },
        ...Object.entries(meta.packets).map(([name, p]) => packet(name, p.title)),
        { path: 'packets/' },
        ...(size === '' ? [{ path: 'pagemap.json' }] : []),
      ]
    },
    write: async (ctx) => (await import('./render/pdf/index.ts')).default(ctx),
    async check(files, dist) {
      const pdfs = files.filter((f) => f.endsWith('.pdf'))
      if (pdfs.length === 0) return [missing('qpdf --check', 'a .pdf')]
      const { pdffonts, qpdf } = await import('./check/pdf.ts')
      return Promise.all(pdfs.flatMap((f) => [qpdf(`${dist}/${f}`), pdffonts(`${dist}/${f}`)]))
    },
  },
  {
    name: 'epub',
    summary: 'EPUB 3 for e-readers, with the print page-list',
    outputs: (meta) => [{ path: `${meta.slug}.epub`, download: 'EPUB for e-readers' }],
    needs: ['pagemap.json'],
    write: async (ctx) => (await import('./render/epub/index.ts')).default(ctx),
    async check(files, dist) {
      if (files.length === 0) return [missing('EPUBCheck', 'an .epub')]
      const { ace, epubcheck, epubcheckTs } = await import('./check/epub.ts')
      const results: CheckResult[] = []
      // One at a time: Ace and EPUBCheck each start a heavy process.
      for (const f of files) results.push(await epubcheck(`${dist}/${f}`), await epubcheckTs(`${dist}/${f}`), await ace(`${dist}/${f}`))
      return results
    },
  },
  {
    name: 'html',
    summary: 'the reading edition as a static site (html/) and as one file',
    outputs: (meta) => [{ path: 'html/' }, { path: `${meta.slug}.html`, download: 'The whole edition in one HTML file' }],
    write: async (ctx) => (await import('./render/html/index.ts')).default(ctx),
    async check(files, dist) {
      const { htmlFiles, links, vnu } = await import('./check/html.ts')
      const site = `${dist}/html`
      const pages = htmlFiles(site)
      const archives = files.filter((f) => !f.includes('/')).map((f) => `${dist}/${f}`)
      if (pages.length === 0) return [missing('Nu HTML Checker', 'html/')]
      const { relative } = await import('node:path')
      return Promise.all([vnu([...pages, ...archives], relative(process.cwd(), site) || site), links(site, pages), ...archives.map((a) => links(dist, [a]))])
    },
  },
  {
    name: 'report',
    summary: 'report.json: what the edition contains and how it was made (always built)',
    outputs: () => [{ path: 'report.json' }],
    always: true,
    write: async (ctx) => (await import('./render/report/index.ts')).default(ctx),
    async check(files, dist, sources) {
      if (files.length === 0) return [missing('fidelity', 'report.json')]
      const { fidelity } = await import('./check/fidelity.ts')
      return [fidelity(dist, sources)]
    },
  },
]

/** Every format, in the order they run. */
export function formats(): readonly Format[] {
  return registry
}

export function formatNamed(name: string): Format | undefined {
  return registry.find((f) => f.name === name)
}

/**
 * Add a format (a plugin, or a test's): it runs, and its downloads are listed, before the HTML site, which lists
 * the downloads written before it. Returns what takes it out again (a test's format, once the test has run).
 */
export function registerFormat(format: Format): () => void {
  if (formatNamed(format.name)) throw new Error(`a format named “${format.name}” is already registered`)
  registry.splice(registry.findIndex((f) => f.name === 'html'), 0, format)
  return () => void registry.splice(registry.indexOf(format), 1)
}

/** Whether `path` (relative to dist/) is one of `outputs`, or inside one of its folders. */
export function isOutput(path: string, outputs: OutputFile[]): boolean {
  return outputs.some((o) => (o.path.endsWith('/') ? path.startsWith(o.path) : path === o.path))
}

/** The format that writes `path` in any page size, or undefined (a file no format writes, e.g. the archive's). */
export function formatOf(path: string, meta: EditionMeta): Format | undefined {
  const sizes: Array<BuildSettings['pageSize']> = ['a4', 'letter', 'a5']
  return registry.find((f) => sizes.some((pageSize) => isOutput(path, f.outputs(meta, { pageSize }))))
}
