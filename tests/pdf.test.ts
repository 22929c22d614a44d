/**
 * The print PDF of the real edition: metadata, notes on their pages, index pages, fidelity, packets, determinism. Its
 * validators (qpdf --check, pdffonts) run once for the suite on every PDF, in tests/check.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber } from 'pdf-lib'
import type { Element, ElementContent, Root } from 'hast'
import { visit } from 'unist-util-visit'
import { parse } from 'yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import { qpdf } from '../src/check/pdf.ts'
import { measureWordGaps } from '../src/check/word-gaps.ts'
import { buildEdition } from '../src/edition/edition.ts'
import { EnvironmentError } from '../src/environment.ts'
import { partOfIds, renderModel, type Model } from '../src/render/model.ts'
import { partContent, textOf, writerContent } from '../src/render/content.ts'
import { guardedPage, launch } from '../src/render/pdf/browser.ts'
import { paginate } from '../src/render/pdf/paginate.ts'
import { serve } from '../src/render/pdf/server.ts'
import { folio, folioAsync, project, scratchSources } from './helpers.ts'
import { dist } from './setup/dist.ts'

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

/** Letters and digits only, lower case, without accents: pdftotext and the sources then compare. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}|\u00ad/gu, '').toLowerCase()
/** Page text with words hyphenated at line ends joined (both ways: the hyphen may be the word's own). */
const joined = (text: string) => `${text.replace(/-\n(?=\p{L})/gu, '')}\n${text.replace(/-\n(?=\p{L})/gu, '-')}`
const squeeze = (text: string) => fold(joined(text)).replace(/[^\p{L}\p{N}]+/gu, ' ')
/** A headword or term as it reads in squeezed text. */
const term = (text: string) => fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
/** Without any separator: pdftotext drops a hard hyphen at a line end (Democrat-|Republicans → DemocratRepublicans). */
const compact = (text: string) => fold(text).replace(/[^\p{L}\p{N}]+/gu, '')

function elements(nodes: ElementContent[], test: (el: Element) => boolean): Element[] {
  const out: Element[] = []
  visit({ type: 'root', children: nodes } as Root, 'element', (el: Element) => void (test(el) && out.push(el)))
  return out
}

interface Outline {
  title: string
  destpageposfrom1: number
  kids: Outline[]
}

describe('print PDF', () => {
  const pdf = join(dist, 'infrared-maga-communism.pdf')
  let model: Model
  let pagemap: Record<string, number>
  let pages: string[]

  beforeAll(() => {
    model = renderModel(buildEdition(join(project, 'sources')))
    pagemap = JSON.parse(readFileSync(join(dist, 'pagemap.json'), 'utf8'))
    // pdftotext separates pages with form feeds.
    pages = run('pdftotext', ['-enc', 'UTF-8', pdf, '-']).split('\f')
  })

  it('is tagged, A4, and carries the edition’s metadata', () => {
    const info = run('pdfinfo', [pdf])
    expect(info).toMatch(/^Tagged:\s+yes$/m)
    const [, w, h] = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info)!
    expect([Math.round(Number(w)), Math.round(Number(h))]).toEqual([595, 842])
    expect(info).toContain(`Title:           ${model.meta.title}`)
    expect(info).toMatch(new RegExp(`^Author:\\s+${model.meta.editor}$`, 'm'))
    const version = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).version
    expect(info).toMatch(new RegExp(`^Creator:\\s+Folio ${version.replace(/\./g, '\\.')}$`, 'm'))
    const xmp = run('pdfinfo', ['-meta', pdf])
    expect(xmp).toContain(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${model.meta.title}`)
    expect(xmp).toContain(`<dc:creator><rdf:Seq><rdf:li>${model.meta.editor}</rdf:li>`)
    expect(xmp).toContain(`<dc:language><rdf:Bag><rdf:li>${model.meta.language}</rdf:li>`)
    expect(xmp).toContain(`<dc:identifier>${model.meta.slug}@${model.meta.version}/`)
    expect(info).toMatch(/^Keywords:\s+\S/m)
    expect(info).toMatch(new RegExp(`^CreationDate:.*${model.meta.date.slice(0, 4)}`, 'm'))
    const report = JSON.parse(readFileSync(join(dist, 'report.json'), 'utf8'))
    const output = report.outputs.find((o: { path: string }) => o.path === 'infrared-maga-communism.pdf')
    expect(output.pages).toBe(Number(/^Pages:\s+(\d+)/m.exec(info)![1]))
  })

  it('has an outline in which every document and section points to its own page', () => {
    const outlines = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', pdf])).outlines as Outline[]
    const flat = (os: Outline[]): Outline[] => os.flatMap((o) => [o, ...flat(o.kids)])
    const all = flat(outlines)
    // Word for word: a heading that wrapped keeps the space at its break.
    const norm = (t: string) => t.replace(/\s+/g, ' ').trim()
    for (const part of model.parts.filter((p) => p.role === 'document')) {
      const entry = all.find((o) => norm(o.title) === norm(part.title))
      expect(entry, part.title).toBeDefined()
      expect(entry!.destpageposfrom1).toBe(pagemap[part.id])
      for (const section of part.sections) {
        const s = all.find((o) => norm(o.title) === norm(section.title) && o.destpageposfrom1 === pagemap[section.id])
        // The source's heading over notes now at the page foot heads nothing here: no bookmark leads to it.
        if (section.notes) expect(s, section.title).toBeUndefined()
        else expect(s, section.title).toBeDefined()
      }
    }
  })

  it('lists in the contents the page on which each part and section begins', () => {
    const first = pages.findIndex((p) => p.trimStart().startsWith('Contents')) + 1
    const firstPart = Math.min(...model.parts.map((p) => pagemap[p.id]!))
    const listed = run('pdftotext', ['-layout', '-enc', 'UTF-8', '-f', String(first), '-l', String(firstPart - 1), pdf, '-'])
      .split('\n')
      .flatMap((line) => line.match(/\s(\d+)\s*$/)?.slice(1).map(Number) ?? [])
    const expected = model.parts.flatMap((p) => [pagemap[p.id], ...(p.role === 'document' ? p.sections.filter((s) => s.depth === 2 && !s.notes).map((s) => pagemap[s.id]) : [])])
    expect(first).toBeGreaterThan(0)
    expect(listed).toEqual(expected)
  })

  it('says under the source’s notes heading where its notes went, and lists the heading in neither contents nor running heads', () => {
    const headings = model.parts.flatMap((p) => p.sections.filter((s) => s.notes).map((s) => ({ ...s, count: p.notes.filter((n) => n.series === 'author').length })))
    expect(headings.length).toBeGreaterThan(0)
    for (const s of headings) {
      const page = squeeze(pages[pagemap[s.id]! - 1]!)
      expect(page).toContain(term(`${s.title} ‹The ${s.count} notes under this heading in the source are printed at the foot of the pages where they are called.›`))
      // The running head (each page's first line) never names it.
      for (const text of pages) expect(text.split('\n')[0]!.trim().toLowerCase()).not.toBe(s.title.toLowerCase())
    }
  })

  it('sets the body text hyphenated, ragged right, with the font’s own word spaces and a book’s measure', async () => {
    // From the introduction to the last page before the apparatus.
    const [first, last] = [pagemap[model.parts[0]!.id]!, pagemap.apparatus! - 1]
    const gaps = await measureWordGaps(pdf, { first, last })
    // Enough full lines for the figures to mean something: on average at least 10 a page (24 today).
    expect(gaps.lines).toBeGreaterThan(10 * (last - first + 1))
    expect(gaps.median).toBeLessThanOrEqual(1.2)
    expect(gaps.loose).toBeLessThanOrEqual(0.03)
    expect(gaps.chars.low).toBeGreaterThanOrEqual(55)
    expect(gaps.chars.high).toBeLessThanOrEqual(80)
    // Hyphenated by the layout: a soft hyphen that ends a line (pdftotext joins the word and keeps it).
    const text = pages.join('\n')
    // A share of the full lines, whatever the book's length (a third today).
    expect(gaps.hyphenated / gaps.lines).toBeGreaterThan(0.1)
    expect((text.match(/\p{L}\u00ad\p{L}/gu) ?? []).length).toBeGreaterThan(0)
  })

  it('keeps only the soft hyphens that end a line, so that search finds every word whole', async () => {
    // A soft hyphen left inside a word on one line would split it in the PDF's text: each one is a line end.
    const raw = run('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'])
    expect((raw.match(/\u00ad(?!\n)/g) ?? []).length).toBe(0)
    expect((raw.match(/\u00ad\n/g) ?? []).length).toBeGreaterThan(0)
  })

  it('prints words with f-ligature letters whole on every page (no “frst” for “first”)', () => {
    const report = JSON.parse(readFileSync(join(dist, 'report.json'), 'utf8'))
    const witnessWords = new Set<string>(report.documents.flatMap((d: { witness: { path: string } }) => squeeze(readFileSync(join(project, d.witness.path), 'utf8')).split(' ')))
    // Each witness word with fi, fl, ffi, ffl, read without the letter a broken ligature loses.
    const broken = new Set([...witnessWords].filter((w) => /f[il]/.test(w)).map((w) => w.replace(/f([il])/g, 'f')).filter((w) => !witnessWords.has(w)))
    expect(broken.size).toBeGreaterThan(0)
    pages.forEach((page, i) => {
      const lost = squeeze(page).split(' ').filter((w) => broken.has(w))
      expect(lost, `p. ${i + 1}`).toEqual([])
    })
  })

  it('repeats the apparatus tables’ header row on every page they go on to', () => {
    const apparatus = model.parts.find((p) => p.role === 'apparatus')!
    // Each kind of table has its header row; a page that goes on with a table shows one of them.
    const heads = [...new Set(elements(partContent(apparatus), (el) => el.tagName === 'thead').map((thead) => JSON.stringify(elements([thead], (el) => el.tagName === 'th').map((th) => term(textOf(th))))))].map((h) => JSON.parse(h) as string[])
    expect(heads.length).toBeGreaterThan(0)
    let continued = 0
    for (let page = pagemap.apparatus! + 1; page < pagemap.index!; page++) {
      const text = pages[page - 1]!
      // A page with table rows (each ends in the witness line:column) before its first heading continues a table.
      const rows = text.split('\n').slice(1)
      const firstRow = rows.findIndex((l) => /\b\d+:\d+\s*$/.test(l))
      if (firstRow < 0) continue
      continued++
      // pdftotext reads a header cell, then the row's first lines, then the next cell: each label on its own.
      const words = squeeze(text)
      expect(heads.some((head) => head.every((label) => words.includes(label))), `p. ${page}`).toBe(true)
    }
    expect(continued).toBeGreaterThan(0)
  })

  it('sets every paragraph number of a page in one column, block quotations’ too', () => {
    const first = pagemap[model.parts.find((p) => p.role === 'document')!.id]!
    const xhtml = run('pdftotext', ['-f', String(first), '-l', String(pagemap.apparatus! - 1), '-bbox-layout', pdf, '-'])
    const quoted = new Set(model.parts.flatMap((p) => elements(partContent(p), (el) => el.tagName === 'blockquote').flatMap((q) => elements([q], (el) => el.properties.dataNumber !== undefined).map((el) => String(el.properties.dataNumber)))))
    expect(quoted.size).toBeGreaterThan(0)
    let checked = 0
    xhtml.split('<page ').slice(1).forEach((page, i) => {
      // Numbers are words of their own in the margin, set small: 2.14, 3.9a.
      const numbers = Array.from(page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(\d+\.\d+[a-z]?)<\/word>/g), (m) => ({ x0: Number(m[1]), x1: Number(m[3]), h: Number(m[4]) - Number(m[2]), n: m[5]! })).filter((w) => w.h < 10)
      if (numbers.length < 2 || !numbers.some((w) => quoted.has(w.n))) return
      const verso = (first + i) % 2 === 0
      const edges = numbers.map((w) => (verso ? w.x1 : w.x0))
      expect(Math.max(...edges) - Math.min(...edges), `p. ${first + i}: ${numbers.map((w) => w.n).join(' ')}`).toBeLessThan(1.5)
      checked++
    })
    expect(checked).toBeGreaterThan(0)
  })

  it('prints the number of every numbered block, 1 to the last of each document without a gap, and every number the apparatus and index cite', () => {
    const documents = model.parts.filter((p) => p.role === 'document')
    const xhtml = run('pdftotext', ['-f', String(pagemap[documents[0]!.id]), '-l', String(pagemap.apparatus! - 1), '-bbox-layout', pdf, '-'])
    // Numbers are words of their own in the margin, set small.
    const printed = new Set(Array.from(xhtml.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(\d+\.\d+)<\/word>/g)).filter((m) => Number(m[2]) - Number(m[1]) < 10).map((m) => m[3]!))
    for (const part of documents) {
      const numbers = elements(partContent(part), (el) => el.properties.dataNumber !== undefined).map((el) => String(el.properties.dataNumber))
      expect(numbers, part.title).toEqual(numbers.map((_, i) => `${part.number}.${i + 1}`))
      expect(numbers.filter((n) => !printed.has(n)), part.title).toEqual([])
    }
    // List items and the infobox's lines are numbered like paragraphs, and printed so.
    const items = documents.flatMap((p) => elements(partContent(p), (el) => el.tagName === 'li' && el.properties.dataNumber !== undefined))
    expect(items.length).toBeGreaterThan(5)
    const cited = [
      ...documents.flatMap((p) => p.witness!.changes.flatMap((c) => (c.block ? [c.block.label] : []))),
      ...model.index.flatMap((e) => [...e.locators, ...e.sub.flatMap((s) => s.locators)].map((l) => l.number)),
    ].filter((label) => /^\d+\.\d+$/.test(label))
    expect(cited.length).toBeGreaterThan(0)
    expect([...new Set(cited.filter((n) => !printed.has(n)))]).toEqual([])
  })

  it('tags notes as Note and leaves no NonStruct that only wraps other elements', () => {
    const tree = execFileSync('pdfinfo', ['-struct', pdf], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')
    const types = new Map<string, number>()
    for (const line of tree) {
      const type = /^\s*(\w+)/.exec(line)?.[1]
      if (type) types.set(type, (types.get(type) ?? 0) + 1)
    }
    const notes = model.parts.reduce((n, p) => n + p.notes.length, 0)
    expect(types.get('Note')).toBe(notes)
    expect(types.get('Aside')).toBeUndefined()
    const all = [...types.values()].reduce((a, b) => a + b, 0)
    // At least a structure element for each numbered block and each note.
    expect(all).toBeGreaterThan(model.parts.reduce((n, p) => n + elements(partContent(p), (el) => el.properties.dataNumber !== undefined).length, 0) + notes)
    // Chrome made 6,424 of ~9,600 elements NonStruct: text runs and wrappers around pages, parts and text blocks.
    expect((types.get('NonStruct') ?? 0) / all).toBeLessThan(0.05)
    for (const type of ['P', 'H1', 'H2', 'L', 'LI', 'Link', 'Table', 'TH', 'TD', 'BlockQuote']) expect(types.get(type), type).toBeGreaterThan(0)
  })

  it('ends no page with a heading or an interviewer’s question: each is on the page of the block after it', () => {
    let checked = 0
    for (const part of model.parts.filter((p) => p.role === 'document')) {
      const blocks = partContent(part).filter((n): n is Element => n.type === 'element' && n.properties.id !== undefined)
      blocks.forEach((block, i) => {
        const next = blocks[i + 1]
        const question = ((block.properties.className as string[] | undefined) ?? []).join(' ') === 'turn interviewer'
        if (!next || !(/^h[2-4]$/.test(block.tagName) || question)) return
        // On the page where it ends: a long question may go over a page, with its last lines before the answer.
        const page = pagemap[String(next.properties.id)]!
        const end = term(textOf(block)).split(' ').slice(-4).join(' ')
        expect(squeeze(pages[page - 1]!).includes(end) || pagemap[String(block.properties.id)] === page, `${textOf(block).slice(0, 50)} (p. ${pagemap[String(block.properties.id)]})`).toBe(true)
        checked++
      })
    }
    expect(checked).toBeGreaterThan(0)
  })

  it('begins no page with a paragraph’s last word alone on a line', () => {
    const first = pagemap[model.parts.find((p) => p.role === 'document')!.id]!
    const xhtml = run('pdftotext', ['-f', String(first), '-l', String(pagemap.apparatus! - 1), '-bbox-layout', pdf, '-'])
    const lone: string[] = []
    const openings = new Set(model.parts.map((p) => pagemap[p.id]))
    xhtml.split('<page ').slice(1).forEach((page, i) => {
      if (openings.has(first + i)) return
      // Lines of body type (the running head and notes are smaller), top to bottom.
      const lines = Array.from(page.matchAll(/<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([\s\S]*?)<\/line>/g), (m) => ({ top: Number(m[1]), height: Number(m[2]) - Number(m[1]), words: Array.from(m[3]!.matchAll(/>([^<]+)<\/word>/g), (w) => w[1]!) }))
        .filter((l) => l.height > 14 && l.height < 17)
        .sort((a, b) => a.top - b.top)
      const [top, next] = lines
      // A last line ends its paragraph: the next line is further down than a line's spacing, or there is none.
      if (top && top.words.length === 1 && (!next || next.top - top.top > top.height * 1.3)) lone.push(`p. ${first + i}: ${top.words[0]}`)
    })
    expect(lone).toEqual([])
  })

  it('sets the index in two columns of smaller type, turnovers hanging deeper than sub-entries, under one bookmark', () => {
    const outlines = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', pdf])).outlines as Outline[]
    const index = outlines.find((o) => o.destpageposfrom1 === pagemap.index)!
    expect(index.title).toBe('Index of Names and Subjects')
    expect(index.kids).toEqual([])
    const xhtml = run('pdftotext', ['-f', String(pagemap.index), '-l', String(pagemap.colophon! - 1), '-bbox', pdf, '-'])
    // Words below the running head, in index type (not the title); a line's start is its leftmost word, per column.
    const pages = xhtml.split('<page ').slice(1).map((page) =>
      Array.from(page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g), (m) => ({ x: Number(m[1]), y: Number(m[2]), height: Number(m[3]) - Number(m[2]) })).filter((w) => w.y > 60 && w.height < 16)
    ).filter((words) => words.length > 0)
    expect(pages.length).toBeGreaterThan(2)
    const em = 0.8 * 11.5
    const offsets = new Set<number>()
    // Every page but the last (whose second column may be short) is full in both columns.
    for (const words of pages.slice(0, -1)) {
      const left = Math.min(...words.map((w) => w.x))
      // Two columns: lines start at the left edge and at the second column's, half the 133 mm measure to the right.
      const second = words.filter((w) => w.x > left + 185)
      const right = Math.min(...second.map((w) => w.x))
      const starts = new Map<string, number>()
      for (const w of words) {
        const key = `${w.x >= right - 1 ? 1 : 0} ${Math.round(w.y)}`
        starts.set(key, Math.min(starts.get(key) ?? Infinity, w.x))
      }
      const lines = [...starts].map(([key, x]) => ({ column: Number(key[0]), offset: Math.round((x - (key[0] === '1' ? right : left)) / em) }))
      // Full in both columns: the second has (nearly) as many lines as the first (45–58 on each today).
      const [firstColumn, secondColumn] = [0, 1].map((c) => lines.filter((l) => l.column === c).length) as [number, number]
      expect(firstColumn).toBeGreaterThan(0)
      expect(secondColumn).toBeGreaterThanOrEqual(0.9 * firstColumn)
      for (const l of lines) offsets.add(l.offset)
      // Smaller than the text's 11.5 pt (words some 15.8 pt high).
      const heights = words.map((w) => w.height).sort((a, b) => a - b)
      expect(heights[heights.length >> 1]).toBeLessThan(13)
    }
    // Entries at the column's edge, sub-entries 1 em in, turnovers of both 2 em in.
    expect([...offsets].sort()).toEqual([0, 1, 2])
  })

  it('maps every element of the edition to a page that exists', () => {
    // pdftotext ends the last page with a form feed too.
    const count = pages.length - 1
    for (const id of partOfIds(model).keys()) {
      expect(pagemap[id], id).toBeGreaterThanOrEqual(1)
      expect(pagemap[id], id).toBeLessThanOrEqual(count)
    }
  })

  it('prints every note at the foot of the page of its call', () => {
    let checked = 0
    for (const part of model.parts)
      for (const note of part.notes) {
        const page = pagemap[note.refId]!
        expect(pagemap[note.id], `${note.id} called on p. ${page}`).toBe(page)
        const start = squeeze(textOf({ type: 'element', tagName: 'div', properties: {}, children: writerContent(note.content) })).trim().split(' ').slice(0, 4).join(' ')
        expect(squeeze(pages[page - 1]!), `${note.id} on p. ${page}`).toContain(start)
        checked++
      }
    // Every note of the model, and there are some.
    expect(checked).toBe(model.parts.reduce((n, p) => n + p.notes.length, 0))
    expect(checked).toBeGreaterThan(0)
  })

  it('gives index pages on which the term (or one of its forms) occurs', () => {
    const index = parse(readFileSync(join(project, 'sources/index.yaml'), 'utf8')) as { entries: Array<{ headword: string; terms?: string[] }> }
    const terms = new Map(index.entries.map((e) => [e.headword, e.terms ?? []]))
    const from = pagemap.index!
    const to = pagemap.colophon! - 1
    // Without each page's first line (the running head), so that a folio does not join a list of locators.
    const body = pages.slice(from - 1, to).map((p) => p.split('\n').slice(1).join('\n')).join('\n')
    const indexText = squeeze(body)
    // Entries begin lines; a long list of locators may wrap onto the next line.
    const rawIndex = fold(body).replace(/[ \t]+/g, ' ')
    const entries = model.index.filter((e) => e.locators.length > 0 && (terms.get(e.headword)?.length ?? 0) > 0)
    // The index marks in the notes' text.
    const inNotes = new Set(model.parts.flatMap((p) => p.notes.flatMap((n) => elements(writerContent(n.content), (el) => el.properties.id !== undefined && String(el.properties.id).startsWith('ix')).map((el) => String(el.properties.id)))))
    // Some entries occur only in notes on some page, and say so.
    expect(rawIndex).toMatch(/\d+n[,.\s]/)
    const sample = entries.filter((_, i) => i % Math.ceil(entries.length / 30) === 0)
    expect(entries.length).toBeGreaterThan(0)
    expect(sample.length).toBeGreaterThanOrEqual(Math.min(entries.length, 15))
    for (const entry of sample) {
      expect(indexText).toContain(term(entry.headword))
      // The pages printed after the headword (and its gloss): "12, 14–16".
      const escaped = fold(entry.headword).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      // A page marked n (12n) has the entry in notes only.
      const printed = new RegExp(`(?:^|\\n)${escaped}(?: \\([^)]*\\))?\\s?(\\d+n?(?:–\\d+)?(?:,\\s\\d+n?(?:–\\d+)?)*)`).exec(rawIndex)?.[1]?.replace(/\s+/g, ' ')
      expect(printed, entry.headword).toBeDefined()
      for (const r of printed!.split(', ').filter((r) => r.endsWith('n'))) {
        const page = Number(r.slice(0, -1))
        expect(entry.locators.filter((l) => pagemap[l.mark] === page).every((l) => inNotes.has(l.mark)), `${entry.headword} ${r}`).toBe(true)
      }
      const listed = printed!.replace(/n/g, '').split(', ').flatMap((r) => {
        const [a, b] = r.split('–').map(Number)
        return Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i)
      })
      expect(listed, entry.headword).toEqual([...new Set(entry.locators.map((l) => pagemap[l.mark]!))].sort((x, y) => x - y))
      const forms = terms.get(entry.headword)!.map(term)
      for (const page of listed) {
        // A mention may run on to the next page: its text follows without the page's folio and paragraph numbers
        // (lines of digits alone) and without the next page's running head (its first line of text).
        const lines = (p: string | undefined) => (p ?? '').split('\n').filter((l) => !/^\s*(?:\d+(?:\.\d+[a-z]?)?)?\s*$/.test(l))
        const spread = [...lines(pages[page - 1]), ...lines(pages[page]).slice(1)].join('\n')
        const text = squeeze(spread)
        const tight = compact(spread)
        expect(forms.some((f) => text.includes(f) || tight.includes(f.replace(/ /g, ''))), `${entry.headword} on p. ${page}`).toBe(true)
      }
    }
  })

  it('contains every word of the witnesses, except text recorded as removed', () => {
    const report = JSON.parse(readFileSync(join(dist, 'report.json'), 'utf8'))
    const words = (text: string) => new Set(squeeze(text).split(' ').filter(Boolean))
    const printed = words(pages.join('\n'))
    const tight = compact(pages.join('\n'))
    for (const doc of report.documents) {
      const removed = words(doc.changes.filter((c: { kind: string }) => c.kind === 'chrome').map((c: { before: string }) => c.before).join('\n'))
      const witness = readFileSync(join(project, doc.witness.path), 'utf8')
      // Words with letters of two scripts are homoglyph repairs: the edition prints them in one script.
      // A recorded markup change may put a space into a run of the witness (`position:21st` → `position: 21st`).
      const split = (w: string) => [...w].some((_, i) => i > 0 && printed.has(w.slice(0, i)) && printed.has(w.slice(i)))
      // A word the PDF joined to its neighbour at a hard hyphen (zombie-|like → zombielike) is still printed.
      const missing = [...words(witness)].filter((w) => !printed.has(w) && !tight.includes(w) && !removed.has(w) && !split(w) && !(/\p{Script=Latin}/u.test(w) && /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(w)))
      expect(missing, doc.slug).toEqual([])
    }
  })

  it('renders sample pages for a look (tests/.dist/screens)', () => {
    const screens = join(dist, 'screens')
    mkdirSync(screens, { recursive: true })
    const notePage = pagemap[model.parts.find((p) => p.role === 'document')!.notes[0]!.id]!
    for (const page of [1, 2, notePage, pagemap.index! + 1]) run('pdftoppm', ['-png', '-r', '60', '-f', String(page), '-l', String(page), pdf, join(screens, `page`)])
    expect(run('ls', [screens]).split('\n').filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(4)
  })

  it('builds a packet paginated from 1 whose index covers only its documents, byte-identical to the full build’s', () => {
    // The edition's first reading packet, as edition.yaml gives it.
    const packets = (parse(readFileSync(join(project, 'sources/edition.yaml'), 'utf8')) as { packets: Record<string, { title: string; documents: number[] }> }).packets
    const [name, given] = Object.entries(packets)[0]!
    const out = join(mkdtempSync(join(tmpdir(), 'folio-packet-')), 'dist')
    const result = folio(['build', '--format', 'pdf', '--packet', name, '--out', out, '--quiet'])
    expect(result.code, result.stderr).toBe(0)
    const packet = join(out, `packets/${name}.pdf`)
    expect(sha(packet)).toBe(sha(join(dist, `packets/${name}.pdf`)))
    const text = run('pdftotext', ['-enc', 'UTF-8', packet, '-']).split('\f')
    expect(text[0]).toContain(given.title)
    const outlines = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', packet])).outlines as Outline[]
    const documents = model.parts.filter((p) => p.role === 'document')
    const bare = (title: string) => title.replace(/\s+/g, '')
    const top = outlines.map((o) => bare(o.title))
    expect(documents.map((p) => top.includes(bare(p.title)))).toEqual(documents.map((p) => given.documents.includes(p.number!)))
    const titles = given.documents.map((n) => documents.find((p) => p.number === n)!.title)
    // Pages start at 1: the folio printed on a page is its position in the file.
    const doc1 = outlines.find((o) => bare(o.title) === bare(titles[0]!))!.destpageposfrom1
    const apparatus = outlines.find((o) => o.title === 'Apparatus')!.destpageposfrom1
    expect(text[doc1]!.split('\n')[0]).toMatch(new RegExp(`^${doc1 + 1}\\b|\\b${doc1 + 1}$`))
    // Every index locator points into the packet's documents (the pages before the apparatus).
    const index = outlines.find((o) => o.title.startsWith('Index'))!.destpageposfrom1
    // Without each page's first line (the running head) and lone numbers (folios): they are the index page's own.
    const numbers = text.slice(index - 1).map((p) => p.split('\n').slice(1).filter((l) => !/^\d+$/.test(l.trim())).join('\n')).join('\n').replace(/\([^)]*\)/g, '').match(/(?<=[\s,])\d+(?:–\d+)?(?=[,.\s])/g) ?? []
    expect(numbers.length).toBeGreaterThan(0)
    for (const n of numbers) for (const page of n.split('–').map(Number)) expect(page).toBeLessThan(apparatus)
  })

  it('lets no request leave the machine', async () => {
    const printer = await launch()
    const site = await serve()
    try {
      site.put('/probe.html', { type: 'text/html', body: '<img src="https://example.org/x.png"><link rel="stylesheet" href="http://198.51.100.1/x.css">' })
      const page = await guardedPage(printer, site.origin)
      await page.goto(`${site.origin}/probe.html`, { waitUntil: 'load' })
      expect(printer.refused.sort()).toEqual(['http://198.51.100.1/x.css', 'https://example.org/x.png'])
    } finally {
      await site.close()
      await printer.close()
    }
  })
})

describe('a layout that stalls', () => {
  it('is stopped by the watchdog with a clear error, and its renderer is closed', async () => {
    const printer = await launch()
    const site = await serve()
    process.env.FOLIO_STALL_SECONDS = '2'
    try {
      // A layout that never lays out a page and never ends, as a hung renderer or a looping Paged.js would.
      const html = '<!doctype html><title>stall</title><script>window.folioPaginate = () => new Promise(() => {})</script>'
      const started = performance.now()
      const error = await paginate(printer, site, '/stall.html', html, 0, async () => ({}), () => {}).catch((e: Error) => e)
      expect(error).toBeInstanceOf(EnvironmentError)
      expect((error as Error).message).toMatch(/^Chromium laid out no page of \/stall\.html for 2 s: it hung, or Paged\.js loops/)
      expect(performance.now() - started).toBeLessThan(30_000)
      // Only the browser's default context is left: the stalled page's context was closed.
      expect(printer.browser.browserContexts()).toHaveLength(1)
    } finally {
      delete process.env.FOLIO_STALL_SECONDS
      await site.close()
      await printer.close()
    }
  }, 60_000)
})

describe('page sizes', () => {
  const sizes = { letter: /612 x 792 pts/, a5: /420 x 595(\.\d+)? pts|420 x 594\.96 pts/ }
  for (const [size, expected] of Object.entries(sizes))
    it(`--page-size ${size} gives a valid PDF with ${size} pages`, async () => {
      // The shortest document alone: the page size is the stylesheet's, whatever the text.
      const out = join(mkdtempSync(join(tmpdir(), `folio-${size}-`)), 'dist')
      const result = await folioAsync(['build', '--format', 'pdf', '--page-size', size, '--documents', '4', '--out', out, '--quiet'])
      expect(result.code, result.stderr).toBe(0)
      const file = join(out, `packets/documents-4-${size}.pdf`)
      expect(run('pdfinfo', [file])).toMatch(expected)
      expect((await qpdf(file)).problems).toEqual([])
    }, 240_000)
})

describe('a long book, laid out in chunks', () => {
  /** Link name → page and height it leads to, and outline titles with their pages: what a reader can follow. */
  const destinations = async (file: string) => {
    const doc = await PDFDocument.load(readFileSync(file))
    const pageOf = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]))
    const dests = doc.catalog.lookup(PDFName.of('Dests'), PDFDict)
    const links = new Map<string, string>()
    for (const page of doc.getPages())
      for (const annot of page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.asArray() ?? []) {
        const name = doc.context.lookup(annot, PDFDict).get(PDFName.of('Dest'))
        if (!(name instanceof PDFName)) continue
        const dest = dests.lookupMaybe(name, PDFArray)
        links.set(name.decodeText(), dest ? `p. ${pageOf.get(dest.get(0).toString())} at ${Math.round((dest.get(3) as PDFNumber).asNumber())}` : 'nowhere')
      }
    return links
  }

  it('prints the same book as one layout: pages, text, links, outline, structure', async () => {
    // The real sources without their reading packets, whose books are laid out whole whatever the chunk size: the
    // book alone. The imprint prints the sources' hash, which the edit changes; the rest is the real book's.
    const dir = scratchSources()
    const edition = join(dir, 'sources/edition.yaml')
    writeFileSync(edition, readFileSync(edition, 'utf8').replace(/^packets:\n(?:(?: .*)?\n)*/m, 'packets: {}\n'))
    const out = join(dir, 'dist')
    // About one document per chunk: the edition becomes five print documents, merged.
    const result = spawnSync(process.execPath, [join(project, 'bin/folio.js'), 'build', '--format', 'pdf', '--sources', join(dir, 'sources'), '--out', out, '--quiet'], { env: { ...process.env, FOLIO_CHUNK_BYTES: '60000' }, encoding: 'utf8' })
    expect(result.status, result.stderr).toBe(0)
    expect(readdirSync(out).filter((f) => !f.startsWith('.')).sort()).toEqual(['infrared-maga-communism.pdf', 'pagemap.json', 'report.json'])
    const [whole, chunked] = [join(dist, 'infrared-maga-communism.pdf'), join(out, 'infrared-maga-communism.pdf')]
    expect(readFileSync(join(out, 'pagemap.json'), 'utf8')).toBe(readFileSync(join(dist, 'pagemap.json'), 'utf8'))
    // Line by line (pdftotext's blank lines between them vary with sub-point positions), each book's sources' hash
    // (its report.json's) read as the same words.
    const hashOf = (folder: string) => JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8')).edition.sourceHash as string
    const text = (file: string, hash: string) => {
      const pages = run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']).split('\f').map((p) => p.trim().replace(/\n\s*\n/g, '\n'))
      expect(pages.join('\n')).toContain(hash)
      return pages.map((p) => p.replaceAll(hash, '<the sources’ hash>'))
    }
    expect(text(chunked, hashOf(out))).toEqual(text(whole, hashOf(dist)))
    const [a, b] = await Promise.all([destinations(whole), destinations(chunked)])
    expect(a.size).toBeGreaterThan(0)
    expect([...b.values()]).not.toContain('nowhere')
    expect(Object.fromEntries(b)).toEqual(Object.fromEntries(a))
    const titled = (os: Outline[]): unknown[] => os.map((o) => ({ title: o.title, page: o.destpageposfrom1, kids: titled(o.kids) }))
    const outline = (file: string) => titled(JSON.parse(run('qpdf', ['--json', '--json-key=outlines', file])).outlines)
    expect(outline(chunked)).toEqual(outline(whole))
    // The structure tree: the same elements in the same order (poppler's dump, without object numbers and ids),
    // and no id given twice.
    const dump = (file: string) => execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] })
    const [tree, merged] = [dump(whole), dump(chunked)]
    // Table cells name their header cells by id (/Headers [(node…)]): without the ids too, and each names an id the tree holds.
    const bare = (t: string) => t.replace(/Object \d+ \d+|<node\d+>|\(node\d+\)/g, '')
    expect(bare(merged)).toBe(bare(tree))
    const ids = merged.match(/<node\d+>/g)!
    expect(new Set(ids).size).toBe(ids.length)
    const headers = (merged.match(/\(node\d+\)/g) ?? []).map((h) => `<${h.slice(1, -1)}>`)
    expect(headers.filter((h) => !ids.includes(h))).toEqual([])
    expect(run('pdfinfo', [chunked])).toMatch(/^Tagged:\s+yes$/m)
    expect((await qpdf(chunked)).problems).toEqual([])
  }, 240_000)
})
