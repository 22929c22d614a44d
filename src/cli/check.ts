/** `folio check`: the validators of every format (by the registry, in src/check/), run on its outputs in dist/, as one table. */
import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { editionSchema, readYaml } from '../edition/sources.ts'
import { formatOf, formats } from '../formats.ts'
import { walkFiles } from '../walk-files.ts'
import type { CheckResult } from '../check/run.ts'

export async function checkDist(dist: string, sources: string): Promise<CheckResult[]> {
  const meta = readYaml(join(sources, 'edition.yaml'), editionSchema)
  const files = existsSync(dist) ? walkFiles(dist) : []
  const results: CheckResult[] = []
  // One format at a time: EPUBCheck, Ace and vnu each start a heavy process.
  for (const format of formats()) if (format.check) results.push(...(await format.check(files.filter((f) => formatOf(f, meta) === format), dist, sources)))
  return results
}

export function table(results: CheckResult[]): string {
  const rows = results.map((r) => [r.unavailable ? 'unavailable' : r.problems.length === 0 ? 'pass' : `FAIL (${r.problems.length})`, r.checker, relative(process.cwd(), r.target) || r.target])
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length), 6))
  const lines = rows.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  '))
  for (const r of results) {
    if (r.unavailable) lines.push(`  ${r.checker} was not run; install it with: ${r.unavailable}`)
    for (const p of r.problems.slice(0, 20)) lines.push(`  ${r.checker}: ${p}`)
    if (r.problems.length > 20) lines.push(`  ${r.checker}: … ${r.problems.length - 20} more`)
  }
  return lines.join('\n') + '\n'
}
