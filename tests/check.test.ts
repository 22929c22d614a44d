/**
 * `folio check`: the validators of every format, run ONCE in the suite on the real outputs (the format tests do not
 * run them again); failures and missing outputs exit 1; broken links are found.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import { beforeAll, describe, expect, it } from 'vitest'
import { links } from '../src/check/html.ts'
import type { AceReport } from '../src/check/epub.ts'
import type { CheckResult } from '../src/check/run.ts'
import { checkDist, table } from '../src/cli/check.ts'
import { folioHere, project } from './helpers.ts'
import { dist } from './setup/dist.ts'

describe('folio check', () => {
  it('exits 1 and says what to build when dist/ has no outputs', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'folio-check-'))
    const result = await folioHere(['check', '--dist', empty])
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^FAIL \(1\) +EPUBCheck/m)
    expect(result.stdout).toContain('run `folio build` first')
  })
  it('finds a broken anchor and a missing file in the site', () => {
    // The whole dist/: the site links to the downloads beside it.
    const copy = join(mkdtempSync(join(tmpdir(), 'folio-links-')), 'dist')
    cpSync(dist, copy, { recursive: true })
    const site = join(copy, 'html')
    expect(links(site).problems).toEqual([])
    const page = join(site, 'doc-1.html')
    writeFileSync(page, readFileSync(page, 'utf8').replace('</main>', '<a href="#no-such-id">x</a><a href="missing.html">y</a></main>'))
    const problems = links(site).problems
    expect(problems).toHaveLength(2)
    expect(problems.join('\n')).toMatch(/no element with id “no-such-id”[\s\S]*no such file/)
  })
})

describe('every validator on the real edition (what `folio check` runs, once for the whole suite)', () => {
  let results: Array<CheckResult & { report?: AceReport; fonts?: unknown[]; checked?: number }>
  const report = JSON.parse(readFileSync(join(dist, 'report.json'), 'utf8')) as { index: { locators: number }; outputs: Array<{ format: string; path: string }> }
  const of = (checker: string) => results.filter((r) => r.checker === checker)
  const files = (format: string, ending: string) => report.outputs.filter((o) => o.format === format && o.path.endsWith(ending)).map((o) => join(dist, o.path)).sort()

  beforeAll(async () => {
    results = await checkDist(dist, join(project, 'sources'))
  }, 600_000)

  it('runs every validator the project installs, and all pass', () => {
    const printed = table(results)
    expect(printed).not.toMatch(/^(unavailable|FAIL)/m)
    for (const checker of ['EPUBCheck', 'epubcheck-ts', 'Ace by DAISY', 'Nu HTML Checker', 'qpdf --check', 'pdffonts', 'internal links', 'fidelity']) expect(printed).toMatch(new RegExp(`^pass +${checker} `, 'm'))
    expect(results.flatMap((r) => r.problems.map((p) => `${r.checker}: ${p}`))).toEqual([])
  })

  it('passes EPUBCheck (Debian, 4.x), epubcheck-ts (EPUBCheck 5 rules) and Ace by DAISY on the EPUB, Ace having read this book', async () => {
    const epub = files('epub', '.epub')
    expect(epub).toHaveLength(1)
    for (const checker of ['EPUBCheck', 'epubcheck-ts', 'Ace by DAISY']) expect(of(checker).map((r) => r.target), checker).toEqual(epub)
    const opf = await (await JSZip.loadAsync(readFileSync(epub[0]!))).file('OEBPS/content.opf')!.async('string')
    // Ace read this book (a missing or unreadable file also gives an empty list of violations).
    const ace = of('Ace by DAISY')[0]!.report!
    expect([ace['earl:testSubject'].metadata['dc:identifier']].flat()).toContain(opf.match(/<dc:identifier id="pub-id">([^<]+)</)![1])
    expect(ace['earl:result']['earl:outcome']).toBe('pass')
  })

  it('checks every PDF, the book and each reading packet, with qpdf and pdffonts, every font one of the shipped families', () => {
    const pdfs = files('pdf', '.pdf')
    expect(pdfs.length).toBeGreaterThanOrEqual(3)
    expect(of('qpdf --check').map((r) => r.target).sort()).toEqual(pdfs)
    expect(of('pdffonts').map((r) => r.target).sort()).toEqual(pdfs)
    for (const r of of('pdffonts')) expect(r.fonts!.length, r.target).toBeGreaterThan(0)
  })

  it('resolves every internal link and anchor of the site and of the one-file archive: notes both ways, index locators, contents, permalinks, downloads', () => {
    const checked = of('internal links')
    expect(checked).toHaveLength(2)
    for (const r of checked) expect(r.checked, r.target).toBeGreaterThan(report.index.locators)
  })
})
