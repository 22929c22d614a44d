/**
 * The edition this repository holds (sources/): what it contains, counted. Every count of the real book lives
 * here and nowhere else — the tool's tests assert behaviour, and derive what they expect from the sources — so
 * editing sources/ may make this file fail (update it with the edit, as the edition's own record), never another.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Root } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { visit } from 'unist-util-visit'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { buildEdition } from '../src/edition/edition.ts'
import { loadSources } from '../src/edition/sources.ts'
import { renderModel } from '../src/render/model.ts'
import { partContent, textOf } from '../src/render/content.ts'
import { project } from './helpers.ts'

const edition = buildEdition(join(project, 'sources'))
const model = renderModel(edition)
const doc = (n: number) => edition.documents[n - 1]!
const count = (tree: Root, test: (node: any) => boolean) => {
  let n = 0
  visit(tree, (node) => {
    if (test(node)) n++
  })
  return n
}
const classes = (node: any): string[] => node.data?.hProperties?.className ?? []

describe('witnesses', () => {
  it('each witness matches the sha256 recorded in its document.yaml', () => {
    for (const d of loadSources(join(project, 'sources')).documents) {
      const bytes = readFileSync(join(d.dir, d.meta.witness.file))
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(d.meta.witness.sha256)
    }
  })
})

describe('readers on the real sources', () => {
  it('wiki: 5 reference markers linked to 5 references; the ([1]) link label stays text', () => {
    const tree = doc(1).tree
    expect(count(tree, (n) => n.type === 'footnoteReference' && n.data?.series === 'author')).toBe(5)
    expect(count(tree, (n) => n.type === 'footnoteDefinition' && n.data?.series === 'author')).toBe(5)
    expect(toString(tree)).toContain('transcripts ([1]) ‹link not preserved in the source›')
    expect(count(tree, (n) => classes(n).includes('empty-section'))).toBe(1)
    expect(count(tree, (n) => n.type === 'heading' && n.depth === 3)).toBe(3)
  })
  it('interview: 4 sections, every turn labelled Q. or A., quotations as block quotes', () => {
    const tree = doc(2).tree
    expect(count(tree, (n) => n.type === 'heading' && n.depth === 2)).toBe(4)
    const turns: any[] = []
    visit(tree, 'paragraph', (p, _i, parent) => {
      if (parent?.type === 'root' && classes(p).includes('turn')) turns.push(p)
    })
    const starts = turns.filter((p) => p.children[0]?.type === 'strong')
    expect(starts.length).toBe(72)
    // A label that stands for the source's turn dash is plain; one the editors supplied is in the edition's sign.
    for (const p of starts) expect(['Q.', 'A.', '‹Q.›', '‹A.›']).toContain(toString(p.children[0]))
    expect(starts.filter((p) => toString(p.children[0]).startsWith('‹')).length).toBe(4)
    // Every question turn is spoken by the interviewer, every answer by the interviewee.
    for (const p of starts) expect(classes(p)).toContain(toString(p.children[0]).includes('Q.') ? 'interviewer' : 'interviewee')
    const unled = starts.find((p) => toString(p).startsWith('‹Q.› Let me explain my interest'))
    expect(unled).toBeDefined()
    expect(count(tree, (n) => n.type === 'blockquote')).toBe(3)
    expect(count(tree, (n) => classes(n).includes('credit'))).toBe(1)
    expect(count(tree, (n) => classes(n).includes('preface'))).toBe(3)
  })
  it('essay: 7 markers matched in order to the 7 notes, no year or number taken for a marker, 3 comment lines in 2 reader comments (the editors\' division)', () => {
    const tree = doc(3).tree
    const refs: string[] = []
    visit(tree, 'footnoteReference', (r) => void (r.data?.series === 'author' && refs.push(r.identifier)))
    expect(refs).toEqual(['1', '2', '3', '4', '5', '6', '7'])
    expect(count(tree, (n) => n.type === 'footnoteDefinition' && n.data?.series === 'author')).toBe(7)
    const text = toString(tree)
    for (const kept of ['2024 election', '1,000', 'COVID-19', 'late 20s', '9/11']) expect(text).toContain(kept)
    expect(count(tree, (n) => classes(n).includes('comment'))).toBe(3)
    expect(count(tree, (n) => n.type === 'heading' && n.depth === 3 && classes(n).includes('supplied'))).toBe(2)
    // The essay's own section headings; its Notes heading is marked as data (notesHeading), no longer by a class.
    expect(count(tree, (n) => n.type === 'heading' && n.depth === 2 && !classes(n).length && !n.data?.notesHeading)).toBe(3)
    expect(count(tree, (n) => n.type === 'blockquote')).toBe(1)
    expect(count(tree, (n) => classes(n).includes('lost-link'))).toBe(3)
  })
  it('forum: chrome and the orphaned caption removed and recorded; excerpt and reply distinguished', () => {
    const d = doc(4)
    const chrome = d.changes.filter((c) => c.kind === 'chrome').map((c) => c.before)
    expect(chrome).toEqual(['back to', 'e-flux conversations', 'Image via'])
    expect(count(d.tree, (n) => n.type === 'blockquote' && classes(n).includes('excerpt'))).toBe(1)
    expect(count(d.tree, (n) => classes(n).includes('reply'))).toBe(13)
  })
})



describe('normalisation', () => {
  it('fixes the Cyrillic е inside “thе” and nothing else of the Cyrillic byline', () => {
    const homoglyphs = doc(2).changes.filter((c) => c.kind === 'homoglyph')
    expect(homoglyphs.map((c) => [c.before, c.after, c.line])).toEqual([['thе', 'the', 17]])
    expect(toString(doc(2).tree)).toContain('Хаз')
  })
  it('retains 6 readings or more as ‹sic›, and supplies 20 words or more in the edition’s sign', () => {
    expect(edition.documents.reduce((n, d) => n + d.meta.retained.length, 0)).toBeGreaterThanOrEqual(6)
    expect(edition.documents.flatMap((d) => d.changes).filter((c) => c.kind === 'supplied' || c.kind === 'sic').length).toBeGreaterThanOrEqual(20)
  })
})

describe('notes', () => {
  it('has 12 authors’ notes (the wiki’s 5 references, the essay’s 7 notes), and 40 editor’s notes or more', () => {
    expect(model.parts.filter((p) => p.role === 'document').map((p) => p.notes.filter((n) => n.series === 'author').length)).toEqual([5, 0, 7, 0])
    const annotations = parse(readFileSync(join(project, 'sources/annotations.yaml'), 'utf8')).notes as unknown[]
    expect(annotations.length).toBeGreaterThanOrEqual(40)
    expect(model.parts.flatMap((p) => p.notes).filter((n) => n.series === 'editor').length).toBe(annotations.length)
  })
  it('has two source headings over notes, which the PDF prints at the page foot: the wiki’s References, the essay’s Notes', () => {
    expect(model.parts.flatMap((p) => p.sections.filter((s) => s.notes).map((s) => `${p.id} ${s.title}`))).toEqual(['doc-1 References', 'doc-3 Notes'])
  })
  it('flags the lost links of the essay’s notes 1, 6 and 7 in those notes', () => {
    const apparatus = model.parts.find((p) => p.role === 'apparatus')!
    const rows: any[] = []
    visit({ type: 'root', children: partContent(apparatus) } as any, 'element', (el: any) => void (el.tagName === 'tr' && el.properties.dataKind && rows.push(el)))
    const flags = rows.filter((r) => r.properties.className.includes('change') && textOf(r.children[3]).startsWith('a link was lost') && textOf(r.children[0]).startsWith('3.'))
    expect(flags.map((r) => textOf(r.children[0]))).toEqual(['3.n1', '3.n6', '3.n7'])
  })
})

describe('index', () => {
  const entries = edition.index.entries
  it('has at least 150 headwords and at least 30 subject entries with sub-entries and cross-references', () => {
    expect(entries.length).toBeGreaterThanOrEqual(150)
    const subjects = entries.filter((e) => e.type === 'subject')
    expect(subjects.length).toBeGreaterThanOrEqual(30)
    expect(subjects.filter((e) => e.sub.length > 0).length).toBeGreaterThanOrEqual(10)
    expect(subjects.filter((e) => e.seeAlso.length > 0).length).toBeGreaterThanOrEqual(10)
  })
  it('gives variant spellings one headword', () => {
    const find = (h: string) => entries.find((e) => e.headword.startsWith(h))!
    const numbers = (h: string) => find(h).locators.map((l) => l.document)
    expect(numbers('Lukács')).toEqual(expect.arrayContaining([1, 3])) // Lukács (wiki), Gyorgy Lukács (essay)
    expect(numbers('Dugin, A')).toEqual(expect.arrayContaining([1, 3])) // Dugin, Aleksander Dugin
    expect(numbers('Kojève')).toContain(1) // Kojeve and Kojève
  })
  it('indexes “US” case-sensitively, keeps bibliographical places out of New York, and counts overlapping mentions for both headwords', () => {
    const numbers = (h: string) => entries.find((e) => e.headword === h)!.locators.map((l) => l.number)
    expect(numbers('United States')).toEqual(expect.arrayContaining(['2.63', '4.13']))
    expect(numbers('New York')).not.toEqual(expect.arrayContaining(['3.n1']))
    expect(numbers('Kick')).toContain('3.19')
    expect(numbers('imperialism')).toContain('2.15')
  })
})

describe('the book’s size (the figures the tool’s tests once asserted as theirs: they now derive them)', () => {
  const documents = model.parts.filter((p) => p.role === 'document')
  const numbered = (nodes: any[]): number => nodes.reduce((n, node) => n + (node.properties?.dataNumber !== undefined ? 1 : 0) + numbered(node.children ?? []), 0)
  it('has 327 numbered paragraphs and 119 notes, 107 of them the editors’', () => {
    expect(documents.map((p) => numbered(partContent(p)))).toEqual([58, 228, 26, 15])
    expect(documents.map((p) => p.notes.filter((n) => n.series === 'editor').length)).toEqual([23, 47, 28, 9])
    expect(documents.reduce((n, p) => n + p.notes.length, 0)).toBe(119)
  })
  it('has an index of 330 headwords under 25 letters, 71 of them with 110 sub-entries, and 1354 locators', () => {
    expect(model.index.length).toBe(330)
    expect(new Set(model.index.map((e) => e.letter)).size).toBe(25)
    expect(model.index.filter((e) => e.sub.length > 0).length).toBe(71)
    expect(model.index.reduce((n, e) => n + e.sub.length, 0)).toBe(110)
    expect(model.index.reduce((n, e) => n + e.locators.length + e.sub.reduce((m, s) => m + s.locators.length, 0), 0)).toBe(1354)
  })
  it('marks 30 emended, retained, mixed-script and supplied places in its texts, and lists 22 kinds of change in the apparatus', () => {
    const changes = edition.documents.flatMap((d) => d.changes)
    expect(changes.filter((c) => ['emendation', 'sic', 'homoglyph', 'supplied'].includes(c.kind) && c.after !== '').length).toBe(30)
    expect(edition.documents.reduce((n, d) => n + new Set(d.changes.map((c) => c.kind).filter((k) => k !== 'layout')).size, 0)).toBe(22)
  })
})
