/** The print document: front matter and the parts of the model in HTML pages (chunks), ready for Paged.js. */
import type { Element, ElementContent } from 'hast'
import { h } from 'hastscript'
import { toHtml } from 'hast-util-to-html'
import { headnoteContent, partContent as contentOf, writerContent } from '../content.ts'
import { notesAtPageFoot, type IndexEntryView, type Model, type Part } from '../model.ts'
import { footnotes } from './footnotes.ts'
import { hyphenator } from './hyphenation.ts'
import { contents, titlePages, type Titles } from './front-matter.ts'
import { placePages, type PageOf } from './locators.ts'
import { printIndex } from './print-index.ts'

export interface BookOptions {
  titles: Titles
  stylesheets: string[]
  scripts: string[]
}

/**
 * A book is laid out in chunks, each in its own renderer and printed on its own, two at a time (index.ts):
 * Chromium's layout and print take memory by the page (about 1.7 MB) and time that grows faster than the page
 * count of a document, so a long book is cut, between parts, into runs of at most this much HTML, some 150 pages
 * (the edition's four documents are 300 kB). FOLIO_CHUNK_BYTES sets it otherwise (the tests cut the edition small).
 */
export const chunkBytes = Number(process.env.FOLIO_CHUNK_BYTES) || 600_000

/**
 * A book of at least this much HTML (some 35 pages) is cut in at least two chunks, so that its two layouts at a
 * time run side by side: laid out as one, the edition kept one core busy for the whole of its layout and print,
 * and the other idle. A shorter book would lose more in a second renderer's start than it gains.
 */
const splitBytes = 100_000

/** A run of consecutive parts, the first chunk with the title pages and contents; every part begins on a recto. */
export interface Chunk {
  front: boolean
  parts: Part[]
  /** The parts' HTML, back matter sections empty. */
  html: string[]
}

/**
 * The book cut between parts into as few chunks as the budget allows (two, past `splitBytes`), of about equal
 * size: each chunk ends at the part boundary nearest to its share of the book, never past the budget.
 */
export function chunksOf(model: Model, budget = chunkBytes): Chunk[] {
  const hyphenate = hyphenatorOf(model)
  const parts = model.parts.map((part) => ({ part, html: toHtml(section(part, part.kind === 'back' ? [] : partContent(part, hyphenate))) }))
  const total = parts.reduce((n, p) => n + p.html.length, 0)
  const share = total / Math.max(Math.ceil(total / budget), total >= splitBytes ? 2 : 1)
  const chunks: Chunk[] = []
  let size = Infinity
  let before = 0
  for (const { part, html } of parts) {
    // A part whose middle lies past the current chunk's share begins the next chunk.
    if (size + html.length > budget || before + html.length / 2 > chunks.length * share) chunks.push({ front: chunks.length === 0, parts: [], html: [] }), (size = 0)
    chunks.at(-1)!.parts.push(part)
    chunks.at(-1)!.html.push(html)
    size += html.length
    before += html.length
  }
  return chunks
}

/**
 * The print document of one chunk. Back matter sections are left empty: their index and apparatus show page
 * numbers, which point into the parts before them; the layout asks for their content (`backMatter`) when it
 * reaches them.
 */
export function chunkHtml(model: Model, chunk: Chunk, options: BookOptions): string {
  const head = toHtml([
    h('meta', { charset: 'utf-8' }),
    h('title', options.titles.title),
    ...options.stylesheets.map((href) => h('link', { rel: 'stylesheet', href })),
    // A word Paged.js cuts at a page end gets a hyphen; its own (U+2011) is not in the fonts, a hyphen-minus is.
    h('script', `window.PagedConfig = { auto: false, settings: { hyphenGlyph: '-' } }`),
    ...options.scripts.map((src) => h('script', { src })),
  ])
  const front = chunk.front ? toHtml([...titlePages(model, options.titles), contents(model.parts)]) : ''
  return `<!doctype html>\n<html lang="${model.meta.language}"><head>${head}</head><body>${front}${chunk.html.join('')}</body></html>\n`
}

/**
 * Every id a link of the book may point to (each chunk must write a PDF destination for those it holds): the
 * back matter counted before its locators become pages, which link to the first of their marks on each page.
 */
export function linkTargets(model: Model, chunks: Chunk[]): string[] {
  const back = model.parts.filter((p) => p.kind === 'back').map((p) => toHtml({ type: 'root', children: partContent(p, hyphenatorOf(model)) }))
  const html = [toHtml(contents(model.parts)), ...chunks.flatMap((c) => c.html), ...back].join('')
  return [...new Set(Array.from(html.matchAll(/href="#([^"]+)"/g), (m) => decodeURIComponent(m[1]!)))]
}

/** The content of each back matter section, by part id, with the pages its locators point to. */
export function backMatter(model: Model, pageOf: PageOf): Record<string, string> {
  const hyphenate = hyphenatorOf(model)
  return Object.fromEntries(model.parts.filter((p) => p.kind === 'back').map((p) => [p.id, toHtml({ type: 'root', children: partContent(p, hyphenate, { pageOf, index: model.index }) })]))
}

function section(part: Part, children: ElementContent[]): Element {
  return h('section', { id: part.id, className: ['part', `part-${part.role}`, `part-${part.kind}`] }, children)
}

/** The edition's patterns and exceptions; each passage is hyphenated in its own language. */
function hyphenatorOf(model: Model) {
  const hyphenate = hyphenator(model.meta.hyphenation?.exceptions)
  return (nodes: ElementContent[]) => hyphenate(nodes, model.meta.language)
}

/** The index is set ragged in short lines of names and page numbers: it is not hyphenated. */
function partContent(part: Part, hyphenate: (nodes: ElementContent[]) => ElementContent[], back?: { pageOf: PageOf; index: IndexEntryView[] }): ElementContent[] {
  const notes = footnotes(part.noteSeries.flatMap((s) => (s.placement.paged === 'page-foot' ? s.notes : [])))
  const options = { ...notes, ...(back && placePages(back.pageOf)) }
  let body = contentOf({ ...part, body: notesAtPageFoot(part) }, options)
  if (back && part.index) body = [...writerContent(part.body, options), ...printIndex(back.index, back.pageOf)]
  body = withHeadnote(body, part)
  return part.role === 'index' ? body : hyphenate(body)
}

/** A document's headnote goes where the model places it: between its title and its text. */
function withHeadnote(body: ElementContent[], { headnote, headnoteAt }: Part): ElementContent[] {
  if (!headnote) return body
  return [...body.slice(0, headnoteAt), h('div', { className: ['headnote'] }, headnoteContent(headnote)), ...body.slice(headnoteAt)]
}
