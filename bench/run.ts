/**
 * `npm run bench`: build scaled editions (1×, 10×, 25× the four documents), time every stage, measure the peak
 * memory of the whole process tree, and compare with the tools people would use instead when they are installed
 * (pandoc, Chromium's plain print, WeasyPrint). Writes bench/results.json and prints a table.
 *
 * Options: --sizes 1,10,25 (empty: none)  --runs N, or one per size: 5,3,3 (default 5 for 1×, 3 above)
 * --alt-runs N, or one per size, for the alternatives and the partial builds (default 3 for 1×, 1 above:
 * at 25× Chromium's plain print alone takes minutes)  --skip-serve
 *
 * Folio's HTML+EPUB time is measured two ways: the sum of its stages (import, apparatus, model, EPUB, HTML) in the
 * full build, and the wall time of a whole `folio build --format html,epub` process, with Node's start and the
 * loading of its modules. pandoc's is always the whole process. Its PDF time too: the stages of the full build (the
 * book and the two reading packets), and a whole `folio build --format pdf` process of the book alone, the one PDF
 * that Chromium's plain print of the same HTML makes; the two are run by turns, and their medians compared.
 */
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { parse, stringify } from 'yaml'
import { measureWordGaps, type WordGaps } from '../src/check/word-gaps.ts'
import { cacheFolder } from '../src/memory.ts'

const project = fileURLToPath(new URL('..', import.meta.url))
const folio = join(project, 'bin/folio.js')
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1,10,25' }, runs: { type: 'string' }, 'alt-runs': { type: 'string' }, 'skip-serve': { type: 'boolean' } } })
const sizes = values.sizes!.split(',').filter(Boolean).map(Number)

/** A sources/ folder with `factor` copies of every document (new folder names, same witnesses). */
function scaledSources(factor: number): string {
  const dir = mkdtempSync(join(tmpdir(), `folio-bench-${factor}x-`))
  cpSync(join(project, 'sources'), join(dir, 'sources'), { recursive: true, filter: (p) => !p.includes('/releases') })
  const editionPath = join(dir, 'sources/edition.yaml')
  const edition = parse(readFileSync(editionPath, 'utf8'))
  const originals: string[] = edition.documents
  const documents = [...originals]
  for (let copy = 2; copy <= factor; copy++)
    for (const slug of originals) {
      const name = `${slug}-copy${copy}`
      cpSync(join(dir, 'sources/documents', slug), join(dir, 'sources/documents', name), { recursive: true })
      documents.push(name)
    }
  writeFileSync(editionPath, stringify({ ...edition, documents }))
  // The same edition without its reading packets: the full book is the one PDF that plain print makes too.
  cpSync(join(dir, 'sources'), join(dir, 'sources-book'), { recursive: true })
  writeFileSync(join(dir, 'sources-book/edition.yaml'), stringify({ ...edition, documents, packets: undefined }))
  return dir
}

/**
 * Run a command; returns its wall time and, when `sample` is set, the peaks of the memory of it and all its
 * descendants. RSS summed over processes counts the pages Chromium's processes share once per process; PSS divides
 * each shared page among its sharers, so the sum is the memory the tree really holds. Sampling is not free: reading
 * every process's smaps_rollup ten times a second slowed the 1× PDF stage from 16 to 24 s. So timed runs are not
 * sampled, and the peaks come from a run of their own.
 */
function measure(command: string, args: string[], cwd: string, sample = false, env?: NodeJS.ProcessEnv): Promise<{ ms: number; peakMiB: number; peakPssMiB: number; code: number | null }> {
  return new Promise((done) => {
    const start = performance.now()
    const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    let peak = { rss: 0, pss: 0 }
    const timer = sample
      ? setInterval(() => {
          const now = treeMemory(child.pid!)
          peak = { rss: Math.max(peak.rss, now.rss), pss: Math.max(peak.pss, now.pss) }
        }, 100)
      : undefined
    child.on('close', (code) => {
      clearInterval(timer)
      if (code !== 0) process.stderr.write(err)
      done({ ms: performance.now() - start, peakMiB: peak.rss / 1024, peakPssMiB: peak.pss / 1024, code })
    })
  })
}

/** RSS and PSS in KiB of a process and its descendants, from /proc/<pid>/smaps_rollup. */
function treeMemory(root: number): { rss: number; pss: number } {
  const table = spawnSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' }).stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number))
  const children = new Map<number, number[]>()
  for (const [pid, ppid] of table) children.set(ppid!, [...(children.get(ppid!) ?? []), pid!])
  const total = { rss: 0, pss: 0 }
  const walk = (pid: number) => {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
      total.rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0)
      total.pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0)
    } catch {
      // the process ended between ps and now
    }
    for (const c of children.get(pid) ?? []) walk(c)
  }
  walk(root)
  return total
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0
const chromium = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium'

interface SizeResult {
  factor: number
  documents: number
  sourceBytes: number
  pdfPages?: number
  runs: number
  alternativeRuns: number
  stages: Record<string, number>
  totalMs: number
  /** Wall time of a whole `folio build --format html,epub` process. */
  htmlEpubBuildMs: number
  /** The same, the first on a machine: none of the files Folio keeps on disk but the page map (memory.ts). */
  htmlEpubFirstBuildMs: number
  /** Wall time of a whole `folio build --format pdf` process of the full book alone (no reading packets). */
  bookPdfBuildMs: number
  peakMiB: number
  peakPssMiB: number
  /** The book's body text as printed (introduction to apparatus): word gaps, characters a line, hyphenated lines. */
  typesetting: WordGaps
  alternatives: Record<string, number | 'skipped'>
  ratios: Record<string, number>
}

function reportOf(dir: string): { outputs: Array<{ path: string }> } {
  return JSON.parse(readFileSync(join(dir, 'dist/report.json'), 'utf8'))
}

async function benchSize(factor: number): Promise<SizeResult> {
  const dir = scaledSources(factor)
  const perSize = (option: string | undefined, fallback: number) => Number(option?.split(',')[sizes.indexOf(factor)] ?? option?.split(',')[0] ?? fallback)
  const runs = perSize(values.runs, factor === 1 ? 5 : 3)
  const alternativeRuns = perSize(values['alt-runs'], factor === 1 ? 3 : 1)
  const stageRuns: Array<Record<string, number>> = []
  const totals: number[] = []
  const build = (sample = false, only: string[] = []) => measure(process.execPath, [folio, 'build', '--quiet', ...only, '--out', only.length > 0 ? 'dist-only' : 'dist'], dir, sample)
  /** A whole process building part of the edition, as often as the alternatives run: its median wall time. */
  const partial = async (what: string, only: string[]) => {
    const times: number[] = []
    for (let i = 0; i < alternativeRuns; i++) {
      const r = await build(false, only)
      if (r.code !== 0) throw new Error(`the ${what} build failed at ${factor}×`)
      times.push(r.ms)
    }
    return median(times)
  }
  for (let i = 0; i < runs; i++) {
    const r = await build()
    if (r.code !== 0) throw new Error(`build failed at ${factor}×`)
    totals.push(r.ms)
    stageRuns.push(JSON.parse(readFileSync(join(dir, 'dist/report.json'), 'utf8')).timings)
    process.stderr.write(`  ${factor}× run ${i + 1}/${runs}: ${(r.ms / 1000).toFixed(1)} s\n`)
  }
  const memory = await build(true)
  if (memory.code !== 0) throw new Error(`build failed at ${factor}×`)
  process.stderr.write(`  ${factor}× memory run: peak ${Math.round(memory.peakPssMiB)} MiB PSS\n`)
  const pagemap = JSON.parse(readFileSync(join(dir, 'dist/pagemap.json'), 'utf8')) as Record<string, number>
  const book = reportOf(dir).outputs.find((o) => o.path.endsWith('.pdf') && !o.path.includes('/'))!.path
  const typesetting = await measureWordGaps(join(dir, 'dist', book), { first: pagemap.introduction!, last: pagemap.apparatus! - 1 })
  const stages = Object.fromEntries(Object.keys(stageRuns[0]!).map((k) => [k, median(stageRuns.map((s) => s[k] ?? 0))]))
  const report = JSON.parse(readFileSync(join(dir, 'dist/report.json'), 'utf8'))
  const alternatives = await alternativesFor(dir, report, alternativeRuns)
  const htmlEpubBuildMs = await partial('HTML+EPUB', ['--format', 'html,epub'])
  // Later builds take the cover Chromium drew, the font subsets, the minified scripts and the search index from
  // the user's cache folder; a first one makes them (with the page map kept, so that the PDF is not laid out).
  const cache = cacheFolder()
  const first: number[] = []
  for (let i = 0; i < alternativeRuns; i++) {
    const empty = mkdtempSync(join(tmpdir(), 'folio-bench-cache-'))
    for (const name of readdirSync(cache).filter((n) => n.endsWith('-pagemap.json'))) cpSync(join(cache, name), join(empty, name))
    const r = await measure(process.execPath, [folio, 'build', '--quiet', '--format', 'html,epub', '--out', 'dist-only'], dir, false, { ...process.env, FOLIO_CACHE: empty })
    rmSync(empty, { recursive: true, force: true })
    if (r.code !== 0) throw new Error(`the first HTML+EPUB build failed at ${factor}×`)
    first.push(r.ms)
  }
  const htmlEpubFirstBuildMs = median(first)
  // The book alone and Chromium's plain print by turns, so that a load that comes and goes falls on both alike.
  const single = readdirSync(join(dir, 'dist')).find((f) => f.endsWith('.html'))
  const bookAlone: number[] = []
  const plain: number[] = []
  for (let i = 0; i < alternativeRuns; i++) {
    const r = await build(false, ['--format', 'pdf', '--sources', 'sources-book'])
    if (r.code !== 0) throw new Error(`the full-book PDF build failed at ${factor}×`)
    bookAlone.push(r.ms)
    if (existsSync(chromium) && single) plain.push(await plainPrint(join(dir, 'dist', single), join(dir, 'alt/plain.pdf')))
  }
  const bookPdfBuildMs = median(bookAlone)
  alternatives['chromium plain print'] = plain.length > 0 ? median(plain) : 'skipped'
  const shared = (stages.import ?? 0) + (stages.apparatus ?? 0) + (stages.model ?? 0)
  const htmlEpub = shared + (stages.html ?? 0) + (stages.epub ?? 0)
  const pdfStages = shared + (stages.pdf ?? 0)
  const ratios: Record<string, number> = {}
  if (typeof alternatives['pandoc html+epub'] === 'number') {
    ratios['Folio HTML+EPUB (stages) / pandoc HTML+EPUB'] = htmlEpub / alternatives['pandoc html+epub']
    ratios['Folio HTML+EPUB (whole process) / pandoc'] = htmlEpubBuildMs / alternatives['pandoc html+epub']
    ratios['Folio HTML+EPUB, first build on a machine (whole process) / pandoc'] = htmlEpubFirstBuildMs / alternatives['pandoc html+epub']
  }
  if (typeof alternatives['chromium plain print'] === 'number') {
    ratios['Folio PDF, book and packets (stages) / Chromium plain print'] = pdfStages / alternatives['chromium plain print']
    ratios['Folio PDF, the book alone (whole process) / Chromium plain print'] = bookPdfBuildMs / alternatives['chromium plain print']
  }
  if (typeof alternatives.weasyprint === 'number') {
    ratios['Folio PDF, book and packets (stages) / WeasyPrint'] = pdfStages / alternatives.weasyprint
    ratios['Folio PDF, the book alone (whole process) / WeasyPrint'] = bookPdfBuildMs / alternatives.weasyprint
  }
  const pdf = report.outputs.find((o: { path: string; pages?: number }) => o.path.endsWith('.pdf') && !o.path.includes('/'))
  const result: SizeResult = {
    factor,
    documents: report.documents.length,
    sourceBytes: report.documents.reduce((n: number, d: { witness: { bytes: number } }) => n + d.witness.bytes, 0),
    pdfPages: pdf?.pages,
    runs,
    alternativeRuns,
    stages,
    totalMs: median(totals),
    htmlEpubBuildMs,
    htmlEpubFirstBuildMs,
    bookPdfBuildMs,
    peakMiB: Math.round(memory.peakMiB),
    peakPssMiB: Math.round(memory.peakPssMiB),
    typesetting,
    alternatives,
    ratios,
  }
  rmSync(dir, { recursive: true, force: true })
  return result
}

/** The same normalised Markdown (dist/markdown) through the tools people would use instead. */
async function alternativesFor(dir: string, report: { edition: { title: string } }, runs: number): Promise<Record<string, number | 'skipped'>> {
  const out: Record<string, number | 'skipped'> = {}
  const markdown = readdirSync(join(dir, 'dist/markdown')).sort().map((f) => join(dir, 'dist/markdown', f))
  const work = join(dir, 'alt')
  mkdirSync(work, { recursive: true })
  const time = async (command: string, args: string[]) => {
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const r = await measure(command, args, work)
      times.push(r.code === 0 ? r.ms : NaN)
    }
    return median(times)
  }
  if (has('pandoc')) {
    // --file-scope: each document is read on its own, so that its notes [^1]… are not taken for another's.
    const pandoc = ['--file-scope', '--metadata', `title=${report.edition.title}`]
    const html = await time('pandoc', [...pandoc, '-s', '-o', 'pandoc.html', ...markdown])
    const epub = await time('pandoc', [...pandoc, '-o', 'pandoc.epub', ...markdown])
    out['pandoc html'] = html
    out['pandoc epub'] = epub
    out['pandoc html+epub'] = html + epub
  } else out['pandoc html+epub'] = 'skipped'
  // Chromium's plain print is timed by turns with Folio's book-alone PDF build (benchSize).
  const single = readdirSync(join(dir, 'dist')).find((f) => f.endsWith('.html'))
  if (has('weasyprint') && single) out.weasyprint = await time('weasyprint', [join(dir, 'dist', single), join(work, 'weasy.pdf')])
  else out.weasyprint = 'skipped'
  return out
}

/**
 * Chromium's own print of the edition's one-file HTML (`dist/<slug>.html`: the same text, notes and apparatus, the
 * same fonts, embedded), a whole process as Folio's is: its wall time, NaN if it failed.
 */
async function plainPrint(html: string, pdf: string): Promise<number> {
  const r = await measure(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, `file://${html}`], join(pdf, '..'))
  return r.code === 0 ? r.ms : NaN
}

/** A kind of edit an editor makes while `folio serve` runs: the file and a change to it that `undo` takes back. */
interface Edit {
  kind: string
  file: string
  change: (text: string) => string
  undo: (text: string) => string
}

const essay = 'sources/documents/03-myth-of-the-political-loser'
const swap = (a: string, b: string) => ({ change: (t: string) => t.replace(a, b), undo: (t: string) => t.replace(b, a) })
/** One of each kind of edit serve must rebuild for (a witness edit records the witness's new sha256 too). */
const edits: Edit[] = [
  { kind: 'a witness', file: `${essay}/witness.txt`, ...swap('The market is based on a zero-sum game logic', 'The market rests on a zero-sum game logic') },
  { kind: 'a document.yaml', file: 'sources/documents/04-anti-imperialist-internationalism/document.yaml', ...swap('title: A New Anti-Imperialist', 'title: An Anti-Imperialist') },
  { kind: 'annotations.yaml', file: 'sources/annotations.yaml', ...swap('Live-streaming platform launched in 2022', 'A live-streaming platform launched in 2022') },
  { kind: 'index.yaml', file: 'sources/index.yaml', ...swap('President of the United States 2021–2025', '46th President of the United States') },
  { kind: 'a headnote', file: `${essay}/headnote.md`, change: (t) => t + '\nA sentence added while serving.\n', undo: (t) => t.replace('\nA sentence added while serving.\n', '') },
  { kind: 'front matter', file: 'sources/front/introduction.md', ...swap('This edition brings together four texts', 'This edition gathers four texts') },
  { kind: 'edition.yaml', file: 'sources/edition.yaml', ...swap('A documentary edition of four web-scraped texts', 'A documentary edition of four texts copied from the web') },
]

/**
 * With `folio serve` running, make each kind of edit (and take it back) `runs` times: per kind, the median of the
 * rebuild time serve reports, and of the wall time from the edit to that report (the watcher and the settling too).
 */
async function incremental(runs = 5): Promise<Record<string, { rebuildMs: number; wallMs: number }> | 'skipped'> {
  const dir = scaledSources(1)
  const server = spawn(process.execPath, [folio, 'serve', '--port', '0', '--out', 'dist'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] })
  const reported: number[] = []
  let waiting: (() => void) | undefined
  let lines = ''
  server.stderr.on('data', (d) => {
    lines += d
    for (let nl = lines.indexOf('\n'); nl !== -1; nl = lines.indexOf('\n')) {
      const m = /^rebuilt the HTML in (\d+) ms/.exec(lines.slice(0, nl))
      lines = lines.slice(nl + 1)
      if (m) {
        reported.push(Number(m[1]))
        waiting?.()
      }
    }
  })
  const rebuilt = (before: number) =>
    new Promise<boolean>((done) => {
      const timer = setTimeout(() => done(false), 60_000)
      waiting = () => reported.length > before && (clearTimeout(timer), done(true))
      waiting()
    })
  const settled = () => new Promise((r) => setTimeout(r, 1500))
  try {
    if (!(await rebuilt(0))) return 'skipped'
    await settled()
    const out: Record<string, { rebuildMs: number; wallMs: number }> = {}
    for (const edit of edits) {
      const rebuilds: number[] = []
      const walls: number[] = []
      for (let i = 0; i < 2 * runs; i++) {
        const path = join(dir, edit.file)
        const text = readFileSync(path, 'utf8')
        const next = i % 2 === 0 ? edit.change(text) : edit.undo(text)
        if (next === text) throw new Error(`bench: the edit of ${edit.kind} changes nothing`)
        const before = reported.length
        const start = performance.now()
        writeFileSync(path, next)
        if (edit.file.endsWith('witness.txt')) {
          const yaml = join(dir, essay, 'document.yaml')
          writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/sha256: [0-9a-f]{64}/, `sha256: ${createHash('sha256').update(next).digest('hex')}`))
        }
        if (!(await rebuilt(before))) throw new Error(`bench: serve did not rebuild after editing ${edit.kind}`)
        walls.push(performance.now() - start)
        rebuilds.push(reported[before]!)
        await settled()
      }
      out[edit.kind] = { rebuildMs: median(rebuilds), wallMs: median(walls) }
      process.stderr.write(`  serve, ${edit.kind}: rebuild ${out[edit.kind]!.rebuildMs} ms\n`)
    }
    return out
  } finally {
    server.kill()
    rmSync(dir, { recursive: true, force: true })
  }
}

const results: { machine: string; node: string; sizes: SizeResult[]; incrementalHtmlMs?: Awaited<ReturnType<typeof incremental>>; growth?: number } = {
  machine: `${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores`,
  node: process.version,
  sizes: [],
}
const save = () => writeFileSync(join(project, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n')
for (const factor of sizes) {
  process.stderr.write(`${factor}×\n`)
  results.sizes.push(await benchSize(factor))
  save() // a long run keeps what it has measured so far
}
if (!values['skip-serve']) results.incrementalHtmlMs = await incremental()
const one = results.sizes.find((s) => s.factor === 1)
const biggest = results.sizes.at(-1)
if (one && biggest && biggest !== one) results.growth = biggest.totalMs / one.totalMs

save()

const fmt = (v: number | 'skipped' | undefined) => (typeof v === 'number' ? (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`) : (v ?? '—'))
for (const s of results.sizes) {
  console.log(`\n${s.factor}×: ${s.documents} documents, ${(s.sourceBytes / 1024).toFixed(0)} KiB of witnesses, ${s.pdfPages ?? '?'} PDF pages; median of ${s.runs} runs (alternatives: ${s.alternativeRuns})`)
  for (const [k, v] of Object.entries(s.stages)) console.log(`  ${k.padEnd(28)} ${fmt(v)}`)
  console.log(`  ${'whole build (wall)'.padEnd(28)} ${fmt(s.totalMs)}   peak memory ${s.peakPssMiB} MiB PSS (${s.peakMiB} MiB summed RSS)`)
  console.log(`  ${'HTML+EPUB-only build (wall)'.padEnd(28)} ${fmt(s.htmlEpubBuildMs)}   the first on a machine ${fmt(s.htmlEpubFirstBuildMs)}`)
  console.log(`  ${'book-PDF-only build (wall)'.padEnd(28)} ${fmt(s.bookPdfBuildMs)}`)
  const t = s.typesetting
  console.log(`  ${'PDF body text'.padEnd(28)} ${t.lines} full lines: word gap median ${t.median.toFixed(2)}× natural (${t.natural.toFixed(2)} pt), ${(t.loose * 100).toFixed(1)} % with a gap > 2×; ${t.chars.median} characters a line (5–95 %: ${t.chars.low}–${t.chars.high}); ${t.hyphenated} hyphenated line ends`)
  for (const [k, v] of Object.entries(s.alternatives)) console.log(`  ${k.padEnd(28)} ${fmt(v)}`)
  for (const [k, v] of Object.entries(s.ratios)) console.log(`  ${k.padEnd(64)} ${v.toFixed(2)}×`)
}
if (results.growth) console.log(`\ngrowth: the ${biggest!.factor}× build takes ${results.growth.toFixed(1)}× the 1× build`)
const serve = results.incrementalHtmlMs
if (serve) console.log(`\nfolio serve, HTML rebuild after an edit (median of ${2 * 5}: the edit and its undoing, 5 times)${serve === 'skipped' ? ': skipped' : ''}`)
if (serve && serve !== 'skipped') for (const [kind, t] of Object.entries(serve)) console.log(`  ${kind.padEnd(28)} ${fmt(t.rebuildMs)}   edit to rebuilt ${fmt(t.wallMs)}`)
