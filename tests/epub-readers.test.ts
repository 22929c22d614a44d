/**
 * The EPUB as Calibre meets it, beyond the validators: its conversions to TXT and AZW3 (Kindle) and its metadata.
 * (Every spine item laid out by Chromium with the book's own CSS, at phone and tablet width, in a light and a dark
 * reading-system theme: tests/epub.test.ts, which loads them in Chromium once.)
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import JSZip from 'jszip'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { project } from './helpers.ts'
import { dist } from './setup/dist.ts'

const run = promisify(execFile)
const report = JSON.parse(readFileSync(join(dist, 'report.json'), 'utf8')) as {
  documents: Array<{ paragraphs: number; changes: Array<{ kind: string }> }>
  outputs: Array<{ format: string; path: string }>
}
/** The paragraphs with a citable number, as the build counted them. */
const paragraphs = report.documents.reduce((n, d) => n + d.paragraphs, 0)
const work = mkdtempSync(join(tmpdir(), 'folio-epub-readers-'))
const epub = join(work, 'book.epub')
writeFileSync(epub, readFileSync(join(dist, report.outputs.find((o) => o.format === 'epub')!.path)))

/** The unzipped EPUB, and its numbered paragraphs (number → the words that follow it). */
const root = join(work, 'unzipped')
let numbered: Array<{ number: string; opening: string }> = []
let spine: string[] = []

async function unzip(): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(epub))
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue
    mkdirSync(dirname(join(root, entry.name)), { recursive: true })
    writeFileSync(join(root, entry.name), await entry.async('nodebuffer'))
  }
  const opf = readFileSync(join(root, 'OEBPS/content.opf'), 'utf8')
  const hrefs = new Map([...opf.matchAll(/<item id="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]))
  spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => hrefs.get(m[1]!)!)
}

const calibre = existsSync('/usr/bin/ebook-convert') ? undefined : 'Calibre is not installed (apt-get install -y calibre)'

describe.skipIf(calibre)('Calibre conversions (ebook-convert to TXT and AZW3)', () => {
  let txt = ''
  let logs: string[] = []
  let azw3Meta = ''
  let epubMeta = ''
  let mobiHeader = ''
  let mobiFonts = 0
  let cover: Buffer | undefined

  beforeAll(async () => {
    await unzip()
    const [toTxt, toAzw3, meta] = await Promise.all([
      run('ebook-convert', [epub, join(work, 'book.txt')], { maxBuffer: 64 << 20 }),
      run('ebook-convert', [epub, join(work, 'book.azw3')], { maxBuffer: 64 << 20 }),
      run('ebook-meta', [epub]),
    ])
    logs = [toTxt.stdout + toTxt.stderr, toAzw3.stdout + toAzw3.stderr]
    epubMeta = meta.stdout
    txt = readFileSync(join(work, 'book.txt'), 'utf8')
    azw3Meta = (await run('ebook-meta', [join(work, 'book.azw3'), `--get-cover=${join(work, 'azw3-cover.jpg')}`])).stdout
    if (existsSync(join(work, 'azw3-cover.jpg'))) cover = readFileSync(join(work, 'azw3-cover.jpg'))
    await run('calibre-debug', ['--inspect-mobi', join(work, 'book.azw3')], { cwd: work, maxBuffer: 64 << 20 })
    mobiHeader = readFileSync(join(work, 'decompiled_book/header.txt'), 'utf8')
    mobiFonts = readdirSync(join(work, 'decompiled_book/fonts')).length
    // The numbered blocks of the EPUB, each with the first words of its text.
    for (const file of spine) {
      const xhtml = readFileSync(join(root, 'OEBPS', file), 'utf8')
      for (const m of xhtml.matchAll(/<(p|li) [^>]*data-number="([^"]+)"[^>]*>(?:<span epub:type="pagebreak"[^>]*><\/span>)?<span class="pnum">\2<\/span> ([\s\S]*?)<\/\1>/g)) {
        const words = m[3]!.replace(/<[^>]+>/g, '').replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))).trim().split(/\s+/).slice(0, 3).join(' ')
        numbered.push({ number: m[2]!, opening: words })
      }
    }
  }, 300_000)

  it('converts without errors', () => {
    for (const log of logs) expect(log).not.toMatch(/Traceback|\bERROR\b/)
  })

  it('keeps every paragraph number in the TXT, at the start of its paragraph', () => {
    expect(numbered.length).toBe(paragraphs)
    expect(numbered.length).toBeGreaterThan(0)
    const lines = new Set(txt.split('\n').map((line) => line.trim().split(/\s+/).slice(0, 4).join(' ')))
    // A note mark right after a word runs into it in plain text ("word1"), so the opening is matched up to its third word.
    const found = (n: { number: string; opening: string }) => [...lines].some((line) => line.startsWith(`${n.number} ${n.opening.split(' ').slice(0, 2).join(' ')}`))
    expect(numbered.filter((n) => !found(n)).map((n) => `${n.number} ${n.opening}`)).toEqual([])
  })

  it('keeps index sub-entries and letter links apart in the TXT', () => {
    const from = txt.lastIndexOf('Index of Names and Subjects')
    const index = txt.slice(from, txt.indexOf('Colophon', from))
    expect(index).toMatch(/^A B C D /m)
    // Each sub-entry starts a line of its own, not run into its entry's line.
    const xhtml = readFileSync(join(root, 'OEBPS/index.xhtml'), 'utf8')
    const subentries = [...xhtml.matchAll(/<ul class="index-entry-list"><li [^>]*><span class="index-term"[^>]*>(?:<i>)?([^<]+)</g)].map((m) => m[1]!.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))))
    // The first sub-entry of each entry that has sub-entries (sources/index.yaml).
    const entries = (parse(readFileSync(join(project, 'sources/index.yaml'), 'utf8')) as { entries: Array<{ sub?: unknown[] }> }).entries
    expect(subentries.length).toBe(entries.filter((e) => (e.sub?.length ?? 0) > 0).length)
    expect(subentries.length).toBeGreaterThan(0)
    const starts = index.split('\n').map((line) => line.trim())
    expect(subentries.filter((term) => !starts.some((line) => line.startsWith(`${term} `) || line === term))).toEqual([])
  })

  it('gives the AZW3 a cover, a thumbnail and the embedded fonts', () => {
    expect(mobiHeader).toMatch(/CoverOffset \(201\): \d+/)
    expect(mobiHeader).toMatch(/ThumbOffset \(202\): \d+/)
    expect(cover?.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]))
    const fonts = readdirSync(join(root, 'OEBPS/fonts')).length
    expect(mobiFonts).toBe(fonts)
  })

  it('shows title, editor, identifier and language in ebook-meta', () => {
    const opf = readFileSync(join(root, 'OEBPS/content.opf'), 'utf8')
    const editor = opf.match(/<dc:creator id="editor">([^<]+)</)![1]!
    const title = opf.match(/<dc:title id="title">([^<]+)</)![1]!
    const edition = opf.match(/<dc:identifier id="edition-id">([^<]+)</)![1]!
    expect(epubMeta).toMatch(new RegExp(`^Title +: ${title}`, 'm'))
    expect(epubMeta).toMatch(new RegExp(`^Author\\(s\\) +: ${editor}`, 'm'))
    expect(epubMeta).toMatch(new RegExp(`^Identifiers +: .*${edition.replace(/[.@]/g, '\\$&')}`, 'm'))
    expect(epubMeta).toMatch(/^Languages +: eng$/m)
    expect(azw3Meta).toMatch(new RegExp(`^Author\\(s\\) +: ${editor}`, 'm'))
  })
})
