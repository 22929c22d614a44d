/**
 * Values made from inputs, kept from one build to the next by a long-lived process (`folio serve`), and the one
 * way every such value's key is made: `keyOf` its inputs.
 */
import { createHash } from 'node:crypto'

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
  const hash = createHash('sha256')
  const add = (value: unknown): void => {
    if (typeof value === 'string') hash.update(`s${value.length}:`).update(value)
    else if (value instanceof Uint8Array) hash.update(`b${value.length}:`).update(value)
    else if (Array.isArray(value)) {
      hash.update(`[${value.length}:`)
      value.forEach(add)
    } else if (value instanceof Map || value instanceof Set) add([...value])
    else if (value instanceof Date) add(`date ${value.toISOString()}`)
    else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value)
      hash.update(`{${entries.length}:`)
      for (const [k, v] of entries) {
        add(k)
        add(v)
      }
    } else hash.update(`v${String(value)};`)
  }
  add(inputs)
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
  return {
    next() {
      last = current
      current = new Map()
      const now = current
      const previous = last
      const remember = <T>(kind: string, inputs: unknown[], make: () => T): T => {
        const key = keyOf(kind, inputs)
        const value = now.has(key) ? now.get(key) : previous.has(key) ? previous.get(key) : make()
        now.set(key, value)
        return value as T
      }
      return Object.assign(remember, { keeps: true })
    },
  }
}
