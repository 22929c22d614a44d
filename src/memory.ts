/** Values made from inputs, kept from one build to the next by a long-lived process (`folio serve`). */
import { createHash } from 'node:crypto'

/** A value made from `input` (a string holding all it depends on), or the one the last build made from it. */
export type Remember = <T>(input: string, make: () => T) => T

/**
 * A short stand-in for the inputs of a value, carried on the value (`inputs`) so that what is made from it can be
 * remembered by it: a document's apparatus by its imported document's digest, its part of the model by that.
 */
export function digest(...inputs: string[]): string {
  const hash = createHash('sha256')
  // Each input with its length, so that no two lists of inputs run together into the same text.
  for (const input of inputs) hash.update(`${input.length}:`).update(input)
  return hash.digest('base64')
}

/**
 * The key of a value made from `inputs`: a digest of them whole (strings, numbers, bytes, arrays, maps, plain
 * objects such as a model or a tree), so that no input is left out of a key by hand.
 */
export function keyOf(...inputs: unknown[]): string {
  const hash = createHash('sha256')
  const add = (value: unknown): void => {
    if (typeof value === 'string') hash.update(`s${value.length}:`).update(value)
    else if (value instanceof Uint8Array) hash.update(`b${value.length}:`).update(value)
    else if (Array.isArray(value)) {
      hash.update(`[${value.length}:`)
      value.forEach(add)
    } else if (value instanceof Map) add([...value])
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
export const makeEachTime: Remember = (_, make) => make()

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
      return <T>(input: string, make: () => T): T => {
        const key = createHash('sha256').update(input).digest('base64')
        const value = now.has(key) ? now.get(key) : previous.has(key) ? previous.get(key) : make()
        now.set(key, value)
        return value as T
      }
    },
  }
}
