/** `folio build`: the edition into a fresh folder, swapped into place only when every output succeeded. */
import { createHash } from 'node:crypto'
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { buildEdition, type Edition } from './edition/edition.ts'
import { makeEachTime, type Remember } from './memory.ts'
import { toMarkdown } from './edition/markdown.ts'
import { renderModel, type Model } from './render/model.ts'
import type { PageSize, WriteContext, Writer } from './render/writer.ts'
import { report, type Output } from './report.ts'
import { walkFiles } from './walk-files.ts'

export interface BuildOptions {
  sources: string
  out: string
  formats: string[]
  pageSize?: PageSize
  packet?: { name: string; title: string; documents: number[] }
  /** Called as each stage ends, with its duration in ms. */
  progress?: (stage: string, ms: number) => void
  /** Values kept from the last build (`folio serve`): unchanged documents and files are not made again. */
  remember?: Remember
}

export interface BuildResult {
  edition: Edition
  outputs: Output[]
}

/**
 * The writers, in the order they run: the PDF first (its page map feeds the EPUB page-list), the HTML last
 * (its landing page shows the sizes of the other downloads).
 */
const writers: Record<string, () => Promise<Writer>> = {
  pdf: async () => (await import('./render/pdf/index.ts')).default,
  epub: async () => (await import('./render/epub/index.ts')).default,
  html: async () => (await import('./render/html/index.ts')).default,
}

export const allFormats = ['markdown', ...Object.keys(writers)]

export async function build(options: BuildOptions): Promise<BuildResult> {
  const timings: Record<string, number> = {}
  const done = (name: string, start: number) => {
    timings[name] = Math.round(performance.now() - start)
    options.progress?.(name, timings[name]!)
  }
  const timed = <T>(name: string, work: () => T): T => {
    const start = performance.now()
    const result = work()
    done(name, start)
    return result
  }
  const stage = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    const start = performance.now()
    const result = await work()
    done(name, start)
    return result
  }
  const remember = options.remember ?? makeEachTime
  const edition = buildEdition(options.sources, timed, remember)
  const staging = `${options.out}.staging-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  // Start from the current dist/ so that a partial build (one format) keeps the other outputs. Hard links, not
  // copies: `write` replaces a file, never writes into it, so dist/ stays as it was until the swap.
  mkdirSync(staging, { recursive: true })
  for (const file of walkFiles(options.out)) {
    mkdirSync(dirname(join(staging, file)), { recursive: true })
    linkSync(join(options.out, file), join(staging, file))
  }
  try {
    const written: string[] = []
    const described = new Map<string, Output>()
    const write = (path: string, data: string | Uint8Array) => {
      const full = join(staging, path)
      const bytes = typeof data === 'string' ? Buffer.from(data) : data
      // A file that already holds these bytes (a link to the last build's) is kept: under `folio serve` an edit
      // changes few of the files, and reading one is much cheaper than replacing it.
      if (!holds(full, bytes)) {
        mkdirSync(dirname(full), { recursive: true })
        rmSync(full, { force: true })
        writeFileSync(full, bytes)
      }
      written.push(path)
      described.set(path, describe(path, bytes))
    }
    if (options.formats.includes('markdown'))
      await stage('markdown', () => {
        rmSync(join(staging, 'markdown'), { recursive: true, force: true })
        for (const d of edition.documents) write(`markdown/${d.source.slug}.md`, toMarkdown(d))
      })
    const pages = new Map<string, number>()
    // The hast every writer renders from (parts, notes, index, apparatus): built once, timed as its own stage.
    let model: Model | undefined
    for (const [format, load] of Object.entries(writers)) {
      if (!options.formats.includes(format)) continue
      model ??= timed('model', () => renderModel(edition, { remember }))
      const writer = await load()
      const ctx: WriteContext = {
        edition,
        model,
        modelFor: (documents) => renderModel(edition, { documents, remember }),
        write: (path, data, info) => {
          write(path, data)
          if (info?.pages) pages.set(path, info.pages)
        },
        read: (path) => (existsSync(join(staging, path)) ? readFileSync(join(staging, path)) : undefined),
        sizeOf: (path) => (existsSync(join(staging, path)) ? statSync(join(staging, path)).size : undefined),
        staging,
        options: { pageSize: options.pageSize ?? 'a4', packet: options.packet },
        progress: (message) => options.progress?.(`${format}: ${message}`, -1),
        remember,
      }
      await stage(format, () => writer(ctx))
    }
    const outputs = written.map((path) => ({ ...described.get(path)!, ...(pages.has(path) ? { pages: pages.get(path) } : {}) }))
    write('report.json', reportJson(edition, outputs, timings, remember))
    swap(staging, options.out)
    return { edition, outputs }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    throw error
  }
}

/**
 * report.json. What it says of a document (counts, words, every change) stays as it is while the document does:
 * it is remembered by the document's inputs.
 */
function reportJson(edition: Edition, outputs: Output[], timings: Record<string, number>, remember: Remember): string {
  const documents = edition.documents.flatMap((d) => remember(`report\0${d.inputs}`, () => report({ ...edition, documents: [d] }, [], {}).documents))
  return JSON.stringify({ ...report({ ...edition, documents: [] }, outputs, timings), documents }, null, 2) + '\n'
}

function describe(path: string, bytes: Uint8Array): Output {
  const format = path.split('/')[0] === 'markdown' || path.split('/')[0] === 'html' ? path.split('/')[0]! : path.split('.').at(-1)!
  return { format, path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }
}

/** Whether the file at `path` holds exactly `bytes` (one of another size is not read). */
function holds(path: string, bytes: Uint8Array): boolean {
  return statSync(path, { throwIfNoEntry: false })?.size === bytes.length && readFileSync(path).equals(bytes)
}

/** Replace `out` by `staging` with two renames, so a reader never sees a half-written dist/. */
function swap(staging: string, out: string) {
  const old = `${out}.old-${process.pid}`
  if (existsSync(out)) renameSync(out, old)
  renameSync(staging, out)
  rmSync(old, { recursive: true, force: true })
}

/** A path as the user would type it: relative below the working folder, absolute elsewhere. */
export function relativeOut(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel === '' || rel.startsWith('..') ? path : rel
}
