/** EPUB validators: Debian's EPUBCheck, epubcheck-ts (EPUBCheck 5 rules) and Ace by DAISY. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { chromiumPath } from '../environment.ts'
import { java, run, type CheckResult } from './run.ts'

const require = createRequire(import.meta.url)
export const epubcheckJar = '/usr/share/java/epubcheck.jar'

export async function epubcheck(epub: string): Promise<CheckResult> {
  const base = { checker: 'EPUBCheck', target: epub }
  if (!existsSync(epubcheckJar)) return { ...base, problems: [], unavailable: 'apt-get install -y epubcheck' }
  const work = mkdtempSync(join(tmpdir(), 'folio-epubcheck-'))
  try {
    const r = await java(epubcheckJar, [epub, '--json', join(work, 'report.json')])
    if (r.missing) return { ...base, problems: [], unavailable: 'apt-get install -y default-jre-headless' }
    if (!existsSync(join(work, 'report.json'))) return { ...base, problems: [`EPUBCheck did not run: ${r.stderr.trim().slice(0, 300)}`] }
    const json = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8')) as { messages: Array<{ severity: string; ID: string; message: string; locations: Array<{ path: string; line: number }> }> }
    return { ...base, problems: json.messages.filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity)).map((m) => `${m.severity} ${m.ID} ${m.locations[0]?.path ?? ''}:${m.locations[0]?.line ?? ''} ${m.message}`) }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

export async function epubcheckTs(epub: string): Promise<CheckResult> {
  const base = { checker: 'epubcheck-ts', target: epub }
  let EpubCheck: { validate(data: Uint8Array): Promise<{ valid: boolean; messages: Array<{ severity: unknown; message: string; location?: { path?: string; line?: number } }> }> }
  try {
    ;({ EpubCheck } = await import('@likecoin/epubcheck-ts'))
  } catch {
    return { ...base, problems: [], unavailable: 'npm install (it is a devDependency: @likecoin/epubcheck-ts)' }
  }
  const result = await EpubCheck.validate(new Uint8Array(readFileSync(epub)))
  const problems = result.messages.filter((m) => ['fatal', 'error', 'warning'].includes(String(m.severity).toLowerCase())).map((m) => `${String(m.severity)} ${m.location?.path ?? ''}:${m.location?.line ?? ''} ${m.message}`)
  if (!result.valid && problems.length === 0) problems.push('not valid')
  return { ...base, problems }
}

export interface AceReport {
  'earl:result': { 'earl:outcome': string }
  'earl:testSubject': { metadata: Record<string, unknown> }
  assertions: Array<{ 'earl:testSubject': { url: string }; assertions: Array<{ 'earl:test': { 'dct:title': string; 'earl:impact': string }; 'earl:result': { 'earl:outcome': string; 'dct:description': string } }> }>
}

/** Ace runs the EPUB in Chromium (its puppeteer, pointed at Debian's); returns the violations and its report. */
export async function ace(epub: string): Promise<CheckResult & { report?: AceReport }> {
  const base = { checker: 'Ace by DAISY', target: epub }
  let bin: string
  try {
    bin = join(dirname(require.resolve('@daisy/ace-cli/package.json')), 'bin/ace.js')
  } catch {
    return { ...base, problems: [], unavailable: 'npm install (it is a devDependency: @daisy/ace-cli)' }
  }
  const chromium = chromiumPath()
  if (!chromium) return { ...base, problems: [], unavailable: 'apt-get install -y chromium' }
  const out = mkdtempSync(join(tmpdir(), 'folio-ace-'))
  try {
    const r = await run(process.execPath, [bin, '--force', '--silent', '--outdir', out, epub], { env: { PUPPETEER_EXECUTABLE_PATH: chromium } })
    if (!existsSync(join(out, 'report.json'))) return { ...base, problems: [`Ace did not run: ${(r.stderr || r.stdout).trim().slice(0, 300)}`] }
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AceReport
    const problems = report.assertions.flatMap((file) =>
      file.assertions.filter((a) => a['earl:result']['earl:outcome'] === 'fail').map((a) => `${file['earl:testSubject'].url}: ${a['earl:test']['dct:title']} (${a['earl:test']['earl:impact']}) ${a['earl:result']['dct:description']}`)
    )
    return { ...base, problems, report }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}
