/**
 * Values made from inputs, kept from one build to the next: in a long-lived process (`folio serve`: each document as
 * imported, each part of the model, what a writer makes of a part), and on disk in the user's cache folder
 * (~/.cache/folio/) for what is slow to make and depends on nothing but its inputs and Folio itself (Chromium's
 * drawing of the EPUB cover, font subsets, minified scripts, the PDF's page map that the EPUB reads). The one way
 * every such value's key is made: `keyOf` its inputs.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { chromiumPath } from './environment.ts'
import { projectPath } from './paths.ts'
import { walkFiles } from './walk-files.ts'

/**
 * A value of kind `kind` made from `inputs`, or the one the last build made from the same (its key is
 * `keyOf(kind, inputs)`: never composed by hand).
 */
export interface Remember {
  <T>(kind: string, inputs: unknown[], make: () => T): T
  /** Whether values are kept for a later build: what a build is handed then is not its own to change. */
  readonly keeps: boolean
}

/**
 * The key of a value made from `inputs`: a digest of them whole (strings, numbers, bytes, arrays, maps, sets,
 * plain objects such as a model or a tree), so that no input is left out of a key by hand. Values made from
 * others carry their key (`inputs`), and what is made from them is keyed by it.
 */
export function keyOf(...inputs: unknown[]): string {
  return digest(inputs)
}

/**
 * `keyOf`, with the digests of objects at depths `cached` (from, to) kept in `known` by identity: a memory hands
 * out the same objects build after build (a part, its body), and no value it holds is changed (`Remember.keeps`).
 */
function digest(value: unknown, known?: WeakMap<object, string>, cached: [number, number] = [0, -1], depth = 0): string {
  const hash = createHash('sha256')
  // Text goes to the hash in long runs: an update per field cost more than the hashing (the same bytes either way).
  let text = ''
  const put = (more: string) => {
    text += more
    if (text.length > 1 << 16) flush()
  }
  const flush = () => {
    hash.update(text)
    text = ''
  }
  const add = (value: unknown, depth: number, own = false): void => {
    if (known && !own && depth >= cached[0] && depth <= cached[1] && typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
      let d = known.get(value)
      if (d === undefined) known.set(value, (d = digest(value, known, cached, depth)))
      put(`#${d};`)
    } else if (typeof value === 'string') put(`s${value.length}:${value}`)
    else if (value instanceof Uint8Array) {
      put(`b${value.length}:`)
      flush()
      hash.update(value)
    } else if (Array.isArray(value)) {
      put(`[${value.length}:`)
      for (const v of value) add(v, depth + 1)
    } else if (value instanceof Map || value instanceof Set) add([...value], depth, true)
    else if (value instanceof Date) add(`date ${value.toISOString()}`, depth)
    else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value)
      put(`{${entries.length}:`)
      for (const [k, v] of entries) {
        add(k, depth + 1)
        add(v, depth + 1)
      }
    } else put(`v${String(value)};`)
  }
  add(value, depth, true)
  flush()
  return hash.digest('base64')
}

/** No memory: every value is made afresh (a one-off `folio build`). */
export const makeEachTime: Remember = Object.assign(<T>(_kind: string, _inputs: unknown[], make: () => T): T => make(), { keeps: false })

/**
 * A memory across builds: `next()` starts a build and returns its `remember`, which hands out the values the
 * previous build made from the same inputs; values no build asked for since are dropped.
 */
export function buildMemory(): { next(): Remember } {
  let last = new Map<string, unknown>()
  let current = new Map<string, unknown>()
  // The digests of each value's inputs and of their fields (a part's text, its body), by identity.
  const known = new WeakMap<object, string>()
  return {
    next() {
      last = current
      current = new Map()
      const now = current
      const previous = last
      const remember = <T>(kind: string, inputs: unknown[], make: () => T): T => {
        const key = digest([kind, inputs], known, [2, 3])
        const value = now.has(key) ? now.get(key) : previous.has(key) ? previous.get(key) : make()
        now.set(key, value)
        return value as T
      }
      return Object.assign(remember, { keeps: true })
    },
  }
}

/**
 * The cache folder: the user's (`$XDG_CACHE_HOME/folio`, else `~/.cache/folio`), never beside the program, which an
 * installed Folio may not write to and should not change; FOLIO_CACHE moves it (tests use an empty one to make the
 * files afresh).
 */
export const cacheFolder = () => process.env.FOLIO_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'folio')

/**
 * What fixes the versions of the packages Folio runs with: its lock file in a checkout, npm's record of the
 * installed tree in an installed program (which has no lock file), its package.json at the least.
 */
function lockedPackages(): Buffer {
  const file = ['package-lock.json', 'node_modules/.package-lock.json'].map((f) => projectPath(f)).find((f) => statSync(f, { throwIfNoEntry: false })?.isFile())
  return readFileSync(file ?? projectPath('package.json'))
}

let folio: string | undefined
/** Folio's own inputs, part of every key on disk: src/, styles/, templates/, the locked packages, Chromium. */
export function folioItself(): string {
  if (folio === undefined) {
    const files = ['src', 'styles', 'templates'].flatMap((dir) => walkFiles(projectPath(dir)).map((f) => `${dir}/${f}`))
    const chromium = chromiumPath()
    const browser = chromium ? statSync(chromium) : undefined
    folio = keyOf(
      files,
      files.map((f) => readFileSync(projectPath(f))),
      lockedPackages(),
      [chromium, browser?.size, browser?.mtimeMs]
    )
  }
  return folio
}

/**
 * The files kept on disk under `key`, or undefined when one of them is not there (or cannot be read: the cache
 * only ever saves time, so a build goes on without it).
 */
export function keptFiles(key: string, paths: Iterable<string>): Map<string, Buffer> | undefined {
  const files = new Map<string, Buffer>()
  try {
    for (const path of paths) {
      const file = join(cacheFolder(), fileName(key, path))
      if (!statSync(file, { throwIfNoEntry: false })?.isFile()) return undefined
      files.set(path, readFileSync(file))
    }
  } catch {
    return undefined
  }
  return files
}

/**
 * Keep `files` on disk under `key`; each written whole, then renamed, so that builds side by side never read half of
 * one. Where the cache folder cannot be written (a read-only home, a full disk), nothing is kept and the build goes on.
 */
export function keepFiles(key: string, files: Map<string, Uint8Array>): void {
  try {
    mkdirSync(cacheFolder(), { recursive: true })
    for (const [path, data] of files) {
      const file = join(cacheFolder(), fileName(key, path))
      const staging = `${file}.tmp-${process.pid}`
      try {
        writeFileSync(staging, data)
        renameSync(staging, file)
      } finally {
        rmSync(staging, { force: true })
      }
    }
    // The newest files only: a key is kept while it is among the last ones used.
    const present = readdirSync(cacheFolder())
      .filter((name) => keptName.test(name))
      .map((name) => ({ name, time: statSync(join(cacheFolder(), name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    for (const old of present.sort((a, b) => b.time - a.time).slice(keptOnDisk)) rmSync(join(cacheFolder(), old.name), { force: true })
  } catch {
    // A cache that cannot be kept is made again next time.
  }
}

/** How many files the cache keeps: a few builds' worth of covers, font subsets, scripts and page maps. */
const keptOnDisk = 256

/** A file the cache keeps (a key's 44 characters, then the file's name): none other in its folder is touched. */
const keptName = /^[\w-]{44}-[^/]+$/
const fileName = (key: string, path: string) => `${key.replace(/[/+=]/g, '_')}-${path.replace(/\//g, '_')}`

/**
 * What `make` makes from `inputs`, which with Folio itself are all it depends on: taken from disk when a build on
 * this machine made it already, else made and kept.
 */
export function madeOnce(kind: string, inputs: unknown[], make: () => Uint8Array | string): Buffer {
  const { kept, keep } = onDisk(kind, inputs)
  return kept ?? keep(make())
}

/** `madeOnce` for a maker that takes its time (a browser's drawing). */
export async function madeOnceAsync(kind: string, inputs: unknown[], make: () => Promise<Uint8Array>): Promise<Buffer> {
  const { kept, keep } = onDisk(kind, inputs)
  return kept ?? keep(await make())
}

/** The file of `kind` kept for `inputs`, if any, and how to keep it once made. */
function onDisk(kind: string, inputs: unknown[]) {
  const key = keyOf(kind, inputs, folioItself())
  const keep = (made: Uint8Array | string): Buffer => {
    const data = Buffer.from(made)
    keepFiles(key, new Map([[kind, data]]))
    return data
  }
  return { kept: keptFiles(key, [kind])?.get(kind), keep }
}
