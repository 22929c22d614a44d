/**
 * Writes tests/setup/durations.json, the order of a clone's first run (tests/setup/order.ts), from vitest's record of
 * the last whole run here and the time its build took: run it after `npm test`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { status } from './build.ts'

const project = new URL('../..', import.meta.url).pathname
const cache = join(project, 'node_modules/.vite/vitest')
const runs = readdirSync(cache).map((d) => JSON.parse(readFileSync(join(cache, d, 'results.json'), 'utf8')) as { results: Array<[string, { duration: number }]> })
const files = Object.fromEntries(
  runs
    .flatMap((r) => r.results)
    .map(([key, r]) => [key.slice(key.indexOf(':') + 1), Math.round(r.duration / 100) * 100] as const)
    .sort((a, b) => b[1] - a[1])
)
const build = (JSON.parse(readFileSync(status, 'utf8')) as { ms: number }).ms
writeFileSync(new URL('durations.json', import.meta.url), JSON.stringify({ build: Math.round(build / 100) * 100, files }, null, 2) + '\n')
