/** `folio check`: a table of validators; failures and missing outputs exit 1; broken links are found. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { links } from '../src/check/html.ts'
import { dist, folio } from './helpers.ts'

describe('folio check', () => {
  it('exits 1 and says what to build when dist/ has no outputs', () => {
    const empty = mkdtempSync(join(tmpdir(), 'folio-check-'))
    const result = folio(['check', '--dist', empty])
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/^FAIL \(1\) +EPUBCheck/m)
    expect(result.stdout).toContain('run `folio build` first')
  })
  it('runs every validator the project installs on the real edition, and all pass', () => {
    const result = folio(['check', '--dist', dist])
    expect(result.stdout).not.toMatch(/^(unavailable|FAIL)/m)
    for (const checker of ['EPUBCheck', 'epubcheck-ts', 'Ace by DAISY', 'Nu HTML Checker', 'qpdf --check', 'pdffonts', 'internal links']) {
      expect(result.stdout).toMatch(new RegExp(`^pass +${checker} `, 'm'))
    }
    expect(result.code).toBe(0)
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
