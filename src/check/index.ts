/** `folio check`: every validator available, run on the outputs in dist/, as one table. */
import { existsSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { ace, epubcheck, epubcheckTs } from './epub.ts'
import { fidelity } from './fidelity.ts'
import { htmlFiles, links, vnu } from './html.ts'
import { pdffonts, qpdf } from './pdf.ts'
import type { CheckResult } from './run.ts'

export async function checkDist(dist: string, sources: string): Promise<CheckResult[]> {
  const results: Array<Promise<CheckResult> | CheckResult> = []
  const missing = (checker: string, what: string): CheckResult => ({ checker, target: what, problems: [`${what} is missing: run \`folio build\` first`] })
  if (existsSync(join(dist, 'report.json'))) results.push(fidelity(dist, sources))
  else results.push(missing('fidelity', 'report.json'))
  const top = existsSync(dist) ? readdirSync(dist) : []
  const epubs = top.filter((f) => f.endsWith('.epub'))
  if (epubs.length === 0) results.push(missing('EPUBCheck', 'an .epub'))
  for (const f of epubs) {
    // One at a time: Ace and EPUBCheck each start a heavy process.
    results.push(await epubcheck(join(dist, f)), await epubcheckTs(join(dist, f)), await ace(join(dist, f)))
  }
  const pdfs = [...top.filter((f) => f.endsWith('.pdf')), ...(existsSync(join(dist, 'packets')) ? readdirSync(join(dist, 'packets')).map((f) => join('packets', f)) : [])]
  if (pdfs.length === 0) results.push(missing('qpdf --check', 'a .pdf'))
  for (const f of pdfs) results.push(qpdf(join(dist, f)), pdffonts(join(dist, f)))
  const site = join(dist, 'html')
  const pages = htmlFiles(site)
  const archives = top.filter((f) => f.endsWith('.html')).map((f) => join(dist, f))
  if (pages.length === 0) results.push(missing('Nu HTML Checker', 'html/'))
  else results.push(vnu([...pages, ...archives], relative(process.cwd(), site) || site), links(site, pages), ...archives.map((a) => links(dist, [a])))
  return Promise.all(results)
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
