/** `folio build`: the edition into a fresh folder, swapped into place only when every output succeeded. */
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { buildEdition, type Edition } from './edition/edition.ts'
import { toMarkdown } from './edition/markdown.ts'
import { report, type Output } from './report.ts'

export interface BuildOptions {
  sources: string
  out: string
  formats: string[]
  /** Called as each stage ends, with its duration in ms. */
  progress?: (stage: string, ms: number) => void
}

export interface BuildResult {
  edition: Edition
  outputs: Output[]
}

export const allFormats = ['markdown', 'html', 'epub', 'pdf']

export async function build(options: BuildOptions): Promise<BuildResult> {
  const timings: Record<string, number> = {}
  const stage = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    const start = performance.now()
    const result = await work()
    timings[name] = Math.round(performance.now() - start)
    options.progress?.(name, timings[name]!)
    return result
  }
  const edition = await stage('edition', () => buildEdition(options.sources))
  const staging = `${options.out}.staging-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  // Start from the current dist/ so that a partial build (one format) keeps the other outputs.
  if (existsSync(options.out)) cpSync(options.out, staging, { recursive: true })
  else mkdirSync(staging, { recursive: true })
  try {
    const written: string[] = []
    const write = (path: string, data: string | Uint8Array) => {
      const full = join(staging, path)
      mkdirSync(dirname(full), { recursive: true })
      writeFileSync(full, data)
      written.push(path)
    }
    if (options.formats.includes('markdown'))
      await stage('markdown', () => {
        rmSync(join(staging, 'markdown'), { recursive: true, force: true })
        for (const d of edition.documents) write(`markdown/${d.source.slug}.md`, toMarkdown(d))
      })
    const outputs = written.map((path) => describe(staging, path))
    write('report.json', JSON.stringify(report(edition, outputs, timings), null, 2) + '\n')
    swap(staging, options.out)
    return { edition, outputs }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    throw error
  }
}

function describe(root: string, path: string): Output {
  const bytes = readFileSync(join(root, path))
  const format = path.startsWith('markdown/') ? 'markdown' : path.split('.').at(-1)!
  return { format, path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }
}

/** Replace `out` by `staging` with two renames, so a reader never sees a half-written dist/. */
function swap(staging: string, out: string) {
  const old = `${out}.old-${process.pid}`
  if (existsSync(out)) renameSync(out, old)
  renameSync(staging, out)
  rmSync(old, { recursive: true, force: true })
}

export function relativeOut(path: string): string {
  return relative(process.cwd(), path) || path
}
