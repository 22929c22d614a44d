/**
 * Files one format reads of another's (the registry's `needs`, e.g. the PDF's page map for the EPUB page-list),
 * kept between builds under node_modules/.cache/folio/ by a key made of all they were made from: the model of the
 * whole edition, the writer's name and Folio itself (src/, styles/, templates/, the locked packages, Chromium).
 * A build that needs such a file and does not make it takes it from here, or runs its writer for it alone.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromiumPath } from './environment.ts'
import { keyOf } from './memory.ts'
import { projectPath } from './paths.ts'
import { walkFiles } from './walk-files.ts'

/** The cache folder; FOLIO_CACHE moves it (tests use an empty one to make the files afresh). */
const folder = () => process.env.FOLIO_CACHE || projectPath('node_modules/.cache/folio')

let folio: string | undefined
/** Folio's own inputs: what a writer is beside the model it is given. */
function folioItself(): string {
  if (folio === undefined) {
    const files = ['src', 'styles', 'templates'].flatMap((dir) => walkFiles(projectPath(dir)).map((f) => `${dir}/${f}`))
    const chromium = chromiumPath()
    const browser = chromium ? statSync(chromium) : undefined
    folio = keyOf(
      files,
      files.map((f) => readFileSync(projectPath(f))),
      readFileSync(projectPath('package-lock.json')),
      [chromium, browser?.size, browser?.mtimeMs]
    )
  }
  return folio
}

/** The key of the files `paths` that writer `format` makes from `model`. */
export function reuseKey(format: string, paths: Iterable<string>, model: unknown): string {
  return keyOf(format, [...paths].sort(), model, folioItself())
}

/** The files kept under `key`, or undefined when one of them is not there. */
export function reused(key: string, paths: Iterable<string>): Map<string, Buffer> | undefined {
  const files = new Map<string, Buffer>()
  for (const path of paths) {
    const file = join(folder(), fileName(key, path))
    if (!statSync(file, { throwIfNoEntry: false })?.isFile()) return undefined
    files.set(path, readFileSync(file))
  }
  return files
}

/** Keep `files` under `key`; each written whole, then renamed, so that builds side by side never read half of one. */
export function keep(key: string, files: Map<string, Uint8Array>): void {
  mkdirSync(folder(), { recursive: true })
  for (const [path, data] of files) {
    const file = join(folder(), fileName(key, path))
    const staging = `${file}.tmp-${process.pid}`
    writeFileSync(staging, data)
    try {
      renameSync(staging, file)
    } catch {
      rmSync(staging, { force: true })
    }
  }
  // The newest files only: a key is kept while it is among the last few models built.
  const present = readdirSync(folder()).map((name) => ({ name, time: statSync(join(folder(), name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
  for (const old of present.sort((a, b) => b.time - a.time).slice(kept)) rmSync(join(folder(), old.name), { force: true })
}

/** How many files the cache keeps. */
const kept = 32

const fileName = (key: string, path: string) => `${key.replace(/[/+=]/g, '_')}-${path.replace(/\//g, '_')}`
