/**
 * The editorial apparatus, run on the real sources: editor's notes, index, front and back matter, report counts —
 * expectations derived from the sources (the real edition's own counts: tests/real-edition.test.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ElementContent } from 'hast'
import { toString } from 'mdast-util-to-string'
import { visit } from 'unist-util-visit'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { build } from '../src/build.ts'
import { buildEdition } from '../src/edition/edition.ts'
import { uncoveredNames } from '../src/edition/name-candidates.ts'
import { letter } from '../src/witness/letters.ts'
import { headnoteContent, partContent, textOf, writerContent } from '../src/render/content.ts'
import { renderModel } from '../src/render/model.ts'
import { project, scratchSources } from './helpers.ts'

const edition = buildEdition(join(project, 'sources'))
const model = renderModel(edition)
// report.json as the build writes it, made here by the build's own entry point (Markdown, the format that needs no
// browser): the suite's build of every format need not be waited for.
const built = mkdtempSync(join(tmpdir(), 'folio-apparatus-'))
beforeAll(async () => void (await build({ sources: join(project, 'sources'), out: join(built, 'out'), formats: ['markdown'] })))
const annotations = parse(readFileSync(join(project, 'sources/annotations.yaml'), 'utf8')).notes as Array<{ id: string; document: string }>

function elements(nodes: ElementContent[], test: (el: any) => boolean): any[] {
  const out: any[] = []
  visit({ type: 'root', children: nodes } as any, 'element', (el: any) => void (test(el) && out.push(el)))
  return out
}

describe("editor's notes", () => {
  it('anchors each note exactly once in its document, lettered a, b, c', () => {
    expect(annotations.length).toBeGreaterThan(0)
    for (const doc of edition.documents) {
      const refs: string[] = []
      visit(doc.tree, 'footnoteReference', (r) => void (r.data?.series === 'editor' && refs.push(r.identifier)))
      const declared = annotations.filter((a) => a.document === doc.source.slug).map((a) => `ed-${a.id}`)
      expect(refs.sort()).toEqual(declared.sort())
      const part = model.parts.find((p) => p.id === `doc-${doc.source.number}`)!
      const marks = part.notes.filter((n) => n.series === 'editor').map((n) => n.mark)
      expect(marks.slice(0, 3)).toEqual(['a', 'b', 'c'].slice(0, declared.length))
    }
  })
  it("letters editor's notes in reading order, a note read at its call (editor's notes on author notes included)", () => {
    for (const part of model.parts.filter((p) => p.role === 'document')) {
      const byId = new Map(part.notes.map((n) => [n.id, n]))
      const seen: string[] = []
      const read = (nodes: ElementContent[]) =>
        elements(nodes, (el) => el.tagName === 'a' && el.properties.className?.includes('noteref')).forEach((ref) => {
          const note = byId.get(String(ref.properties.href).slice(1))!
          if (seen.includes(note.id)) return
          seen.push(note.id)
          read(writerContent(note.content))
        })
      read(partContent(part))
      const marks = seen.map((id) => byId.get(id)!).filter((n) => n.series === 'editor').map((n) => n.mark)
      expect(marks, part.id).toEqual(marks.map((_, i) => letter(i)))
    }
    // The edition has editor's notes called from inside author notes, or this test would not show the order.
    expect(model.parts.some((p) => p.notes.some((n) => n.series === 'author' && elements(writerContent(n.content), (el) => el.properties?.className?.includes('noteref-editor')).length > 0))).toBe(true)
  })
  it('keeps the two series apart in the shared markup', () => {
    for (const part of model.parts.filter((p) => p.role === 'document')) {
      const refs = elements([...partContent(part), ...part.notes.flatMap((n) => writerContent(n.content))], (el) => el.tagName === 'a' && el.properties.className?.includes('noteref'))
      // Every note is called from the text or from another note (an editor's note on an author's note).
      expect(refs.length).toBeGreaterThanOrEqual(part.notes.length)
      for (const ref of refs) expect(ref.properties.className.some((c: string) => c === 'noteref-author' || c === 'noteref-editor')).toBe(true)
    }
    // Every author's note of the sources, in the model.
    const authorNotes = model.parts.flatMap((p) => p.notes).filter((n) => n.series === 'author')
    const defined = edition.documents.reduce((n, d) => n + d.tree.children.filter((c: any) => c.type === 'footnoteDefinition' && c.data?.series === 'author').length, 0)
    expect(defined).toBeGreaterThan(0)
    expect(authorNotes.length).toBe(defined)
  })
})

describe('the apparatus', () => {
  it('sends readers to nothing the book lacks (report.json is a file of the build, not of the book)', () => {
    const apparatus = model.parts.find((p) => p.role === 'apparatus')!
    expect(partContent(apparatus).map((n) => textOf(n)).join(' ')).not.toMatch(/report\.json/)
  })
})

describe('a reading packet, an edition of its own', () => {
  const packet = renderModel(edition, { documents: [1, 3], packet: { title: 'A packet' } })
  const text = (role: string) => textOf({ type: 'element', tagName: 'div', properties: {}, children: partContent(packet.parts.find((p) => p.role === role)!) })
  const absent = edition.documents.filter((d) => ![1, 3].includes(d.source.number))

  it('has its own introduction, naming its documents and the ones it leaves out', () => {
    const intro = text('introduction')
    expect(intro).toContain('This reading packet, A packet, prints 2 of the 4 documents')
    for (const d of edition.documents) expect(intro).toContain(`${d.source.number}. ${d.meta.title}`)
    expect(intro).not.toContain(textOf(writerContent([model.parts.find((p) => p.role === 'introduction')!.body.find((b) => b.type === 'paragraph')!])))
  })
  it('leaves out of its note on the text the paragraphs on documents it does not print', () => {
    const full = model.parts.find((p) => p.role === 'note-on-the-text')!
    const about = (n: number) => partContent(full).filter((b) => b.type === 'element' && b.tagName === 'p' && elements([b], (el) => el.tagName === 'a' && el.properties.href === `#doc-${n}`).length > 0 && textOf(b).startsWith(textOf(elements([b], (el) => el.tagName === 'a')[0])))
    const note = text('note-on-the-text')
    for (const n of [1, 3]) for (const p of about(n)) expect(note).toContain(textOf(p as ElementContent))
    for (const d of absent) {
      expect(about(d.source.number).length, d.meta.title).toBeGreaterThan(0)
      for (const p of about(d.source.number)) expect(note).not.toContain(textOf(p as ElementContent).slice(0, 60))
    }
  })
  it('says where a document it does not print is, where an editor’s note refers to it', () => {
    const notes = packet.parts.flatMap((p) => p.notes).map((n) => textOf(writerContent(n.content)))
    const refs = notes.filter((t) => t.includes('(not in this packet; see document 2 of the full edition)'))
    expect(refs.length).toBeGreaterThan(0)
    // Links to documents it prints still lead to them.
    expect(packet.parts.flatMap((p) => p.notes).some((n) => elements(writerContent(n.content), (el) => el.properties?.href === '#doc-1').length > 0)).toBe(true)
  })
  it('says where a place it does not print is, where an editor’s note links to one: no link leads to nothing', () => {
    // A scratch edition whose note on “Kick” (document 1) links to a paragraph of document 2 and one of document 3.
    const dir = scratchSources()
    const place = (n: number) => (edition.documents[n - 1]!.tree.children.find((c: any) => c.type === 'paragraph' && c.data?.number) as any).data.id as string
    const file = join(dir, 'sources/annotations.yaml')
    const note = "mentions Haz's channel there."
    writeFileSync(file, readFileSync(file, 'utf8').replace(note, `${note} Compare [one paragraph](#${place(2)}) and [another](#${place(3)}).`))
    const scratch = buildEdition(join(dir, 'sources'))
    const kick = (model: ReturnType<typeof renderModel>) => model.parts.flatMap((p) => p.notes).map((n) => writerContent(n.content)).find((c) => textOf(c).includes('Compare'))!
    const inPacket = kick(renderModel(scratch, { documents: [1, 3], packet: { title: 'A packet' } }))
    expect(textOf(inPacket)).toContain('Compare one paragraph (not in this packet; see document 2 of the full edition) and another.')
    expect(elements(inPacket, (el) => el.tagName === 'a').map((a) => a.properties.href)).toEqual(['#doc-3', `#${place(3)}`])
    // The whole edition links both.
    expect(elements(kick(renderModel(scratch)), (el) => el.tagName === 'a').map((a) => a.properties.href)).toEqual(['#doc-3', `#${place(2)}`, `#${place(3)}`])
  })
  it('names itself and its documents in its colophon', () => {
    const colophon = text('colophon')
    expect(colophon).toContain(`This reading packet, A packet, prints documents 1 (${edition.documents[0]!.meta.title}) and 3 (${edition.documents[2]!.meta.title})`)
  })
})

describe('index', () => {
  const entries = edition.index.entries
  it('every person-name candidate is indexed or excluded with a reason', () => {
    expect(uncoveredNames(edition.documents, edition.index).map((c) => c.name)).toEqual([])
  })
  it('every locator points at an existing block id, and never inside a word', () => {
    const ids = new Set<string>()
    for (const d of edition.documents) visit(d.tree, (n: any) => void (n.data?.id && ids.add(n.data.id)))
    for (const e of entries) for (const l of [...e.locators, ...e.sub.flatMap((s) => s.locators)]) expect(ids.has(l.block)).toBe(true)
    // “Marx” must not mark “Marxism”: every mark is followed by the start of a word that is a term of its entry.
    const marx = entries.find((e) => e.headword.startsWith('Marx, Karl'))!
    for (const d of edition.documents)
      visit(d.tree, 'paragraph', (p: any) => {
        p.children.forEach((c: any, i: number) => {
          if (c.type === 'indexMark' && c.entry === marx.headword) expect(p.children[i + 1]?.value ?? '').not.toMatch(/^Marxis/)
        })
      })
  })
  it('collapses identical locators: one per entry and paragraph, no number twice in an entry (a heading and its paragraph, two paragraphs of one note)', () => {
    for (const e of entries)
      for (const list of [e.locators, ...e.sub.map((s) => s.locators)]) {
        expect(new Set(list.map((l) => l.block)).size).toBe(list.length)
        expect(new Set(list.map((l) => l.number)).size, e.headword).toBe(list.length)
      }
    for (const e of model.index) expect(new Set(e.locators.map((l) => l.number)).size, e.headword).toBe(e.locators.length)
  })
})

describe('front and back matter', () => {
  it('has introduction, note on the text, a headnote per document, apparatus, index and colophon in order', () => {
    expect(model.parts.map((p) => p.role)).toEqual(['introduction', 'note-on-the-text', ...edition.documents.map(() => 'document'), 'apparatus', 'index', 'colophon'])
    for (const p of model.parts.filter((p) => p.role === 'document')) {
      const text = headnoteContent(p.headnote!).map(textOf).join(' ')
      expect(text).toMatch(/Changes from the witness/)
      expect(text).toMatch(/\d[\d,]* words/)
    }
  })
  const report = () => JSON.parse(readFileSync(join(built, 'out/report.json'), 'utf8'))
  const apparatus = () => model.parts.find((p) => p.role === 'apparatus')!
  /** The apparatus entries of one document: the rows between its heading and the next document's. */
  const rowsOf = (n: number) => {
    const body = partContent(apparatus())
    const from = body.findIndex((el: any) => el.properties?.id === `apparatus-${n}`)
    const to = body.findIndex((el: any, i: number) => i > from && el.tagName === 'h2')
    return elements(body.slice(from, to === -1 ? undefined : to), (el) => el.tagName === 'tr' && el.properties.dataKind)
  }
  it('the apparatus accounts for every non-layout change of report.json, by document and kind: listed one by one, or routine typography by rule with its count', () => {
    for (const d of report().documents) {
      const rows = rowsOf(d.id)
      const expected = new Map<string, number>()
      for (const c of d.changes) if (c.kind !== 'layout') expected.set(c.kind, (expected.get(c.kind) ?? 0) + 1)
      const shown = new Map<string, number>()
      for (const row of rows) shown.set(row.properties.dataKind, (shown.get(row.properties.dataKind) ?? 0) + (row.properties.className.includes('rule') ? Number(row.properties.dataCount) : 1))
      expect(Object.fromEntries(shown), `document ${d.id}`).toEqual(Object.fromEntries(expected))
      expect(expected.size).toBeGreaterThan(0)
      // Only routine typography is summarised; everything interpretive is an entry of its own.
      for (const row of rows.filter((r) => r.properties.className.includes('rule'))) expect(['typography', 'whitespace', 'unicode']).toContain(row.properties.dataKind)
    }
  })
  it('every entry is keyed by a citable place with its context: paragraph numbers, notes as n.nN', () => {
    for (const d of report().documents)
      for (const row of rowsOf(d.id).filter((r) => r.properties.className.includes('change'))) {
        const place = textOf(row.children[0])
        expect(place).toMatch(new RegExp(`^${d.id}(\\.\\d+[a-z]?|\\.n\\d+|, heading)$`))
        expect(textOf(row.children[1])).toMatch(/\] .*W$/)
        expect(textOf(row.children[2]).trim().length).toBeGreaterThan(0)
      }
  })
  it('every speaker label the editors supplied is listed, in the edition\'s sign, at its turn', () => {
    // Each interview's turns without a speaker's mark, as its document.yaml gives them.
    const turns = edition.documents.flatMap((d) => ((d.meta.options as { unmarkedTurns?: Array<{ startsWith: string; speaker: string }> }).unmarkedTurns ?? []).map((turn) => ({ turn, n: d.source.number })))
    expect(turns.length).toBeGreaterThan(0)
    for (const { turn, n } of turns) {
      const row = rowsOf(n).filter((r) => r.properties.dataKind === 'supplied').find((r) => textOf(r.children[2]).includes(turn.startsWith.slice(0, 30)))
      expect(row, turn.startsWith).toBeDefined()
      expect(textOf(row.children[1])).toMatch(turn.speaker === 'interviewer' ? /^‹Q\.›/ : /^‹A\.›/)
    }
  })
  it('lists the readings retained, each marked ‹sic› in the text after the reading', () => {
    for (const doc of edition.documents) {
      const rows = rowsOf(doc.source.number).filter((r) => r.properties.dataKind === 'sic')
      expect(rows.length).toBe(doc.meta.retained.length)
      for (const r of doc.meta.retained) {
        expect(rows.some((row) => textOf(row.children[3]).includes(`“${r.reading}”`)), r.reading).toBe(true)
        expect(toString(doc.tree)).toContain(`${r.reading} ‹sic›`)
      }
    }
    expect(edition.documents.reduce((n, d) => n + d.meta.retained.length, 0)).toBeGreaterThan(0)
  })
})

describe('one sign for editorial insertions', () => {
  const note = model.parts.find((p) => p.role === 'note-on-the-text')!
  it('the note on the text has a table of signs that gives ‹ › for supplied words', () => {
    const tables = elements(partContent(note), (el) => el.tagName === 'table')
    expect(tables.length).toBeGreaterThanOrEqual(1)
    const signs = tables.map((t) => textOf(t)).join(' ')
    expect(signs).toContain('‹')
    expect(signs).toContain('sic')
  })
  it('every insertion of the editors uses the sign, in every document; no witness contains it', () => {
    let supplied = 0
    for (const doc of edition.documents) {
      expect(doc.source.witness).not.toMatch(/[‹›]/)
      for (const c of doc.changes.filter((c) => c.kind === 'supplied' || c.kind === 'sic')) {
        supplied++
        expect(c.after, c.reason).toMatch(/^ ?‹[^‹›]+› ?$/)
      }
      visit(doc.tree, 'text', (t: any) => {
        if (t.data?.supplied && t.value.trim() !== '') expect(t.value).toMatch(/^‹[^‹›]+›$/)
        if (!t.data?.supplied && t.data?.map) expect(t.value).not.toMatch(/[‹›]/)
      })
    }
    expect(supplied).toBeGreaterThan(0)
  })
})

describe('typography of the editorial matter', () => {
  /** The editors' text of an element: what is not quoted from a witness (readings, contexts) and not code. */
  const quotedFromWitness = ['witness-reading', 'edition-reading', 'context']
  const editorial = (nodes: ElementContent[]): string =>
    nodes
      .map((n: any) => (n.type === 'text' ? n.value : n.type === 'element' && n.tagName !== 'code' && !(n.properties.className ?? []).some((c: string) => quotedFromWitness.includes(c)) ? editorial(n.children) : ''))
      .join('')
  it('has no straight quote or apostrophe: front matter, headnotes, editor’s notes, apparatus, index, colophon, metadata', () => {
    const texts: Array<[string, string]> = []
    for (const part of model.parts) {
      if (part.role !== 'document') texts.push([part.id, editorial(partContent(part))])
      else {
        texts.push([`${part.id} headnote`, editorial(part.headnote ? headnoteContent(part.headnote) : [])])
        for (const note of part.notes.filter((n) => n.series === 'editor')) texts.push([note.id, editorial(writerContent(note.content))])
      }
    }
    for (const key of ['title', 'subtitle', 'description', 'rights', 'editor', 'publisher'] as const) texts.push([`edition ${key}`, String(model.meta[key] ?? '')])
    // Every part is read, and every editor's note of annotations.yaml.
    const notes = texts.filter(([where]) => model.parts.some((p) => p.notes.some((n) => n.series === 'editor' && n.id === where)))
    expect(notes.length).toBe(annotations.length)
    expect(texts.length).toBe(model.parts.length + notes.length + 6)
    for (const [where, text] of texts) expect(text.match(/.{0,30}["'].{0,30}/)?.[0], where).toBeUndefined()
  })
  it('the shared step makes curly quotes and apostrophes by the witnesses’ rules, across emphasis', async () => {
    const { smarten } = await import('../src/edition/typography.ts')
    expect(smarten(`Haz's "MAGA Communism" - the 'guerillas'...`)).toBe('Haz’s “MAGA Communism” — the ‘guerillas’…')
    expect(smarten('" here', 'the *word*')).toBe('” here')
  })
})

describe('note calls', () => {
  it('stand after a possessive ending and closing punctuation, never before them', () => {
    let calls = 0
    for (const doc of edition.documents)
      visit(doc.tree, (node: any) => {
        if (!node.children) return
        node.children.forEach((c: any, i: number) => {
          if (c.type !== 'footnoteReference' || c.data?.series !== 'editor') return
          calls++
          const next = node.children[i + 1]
          const after = next?.type === 'text' ? next.value : ''
          expect(after, c.identifier).not.toMatch(/^(['’]s(?![\p{L}])|[.,;:!?)”])/u)
        })
      })
    expect(calls).toBeGreaterThan(0)
  })
})

describe('report.json', () => {
  it('report.json counts notes and index', () => {
    const report = JSON.parse(readFileSync(join(built, 'out/report.json'), 'utf8'))
    expect(report.documents.reduce((n: number, d: any) => n + d.editorNotes, 0)).toBe(annotations.length)
    expect(report.documents.map((d: any) => d.authorNotes)).toEqual(model.parts.filter((p) => p.role === 'document').map((p) => p.notes.filter((n) => n.series === 'author').length))
    expect(report.index.headwords).toBe(edition.index.entries.length)
    expect(report.index.locators).toBeGreaterThan(report.index.headwords)
  })
})

// Bad apparatus data (anchors matching nothing or two places, missing cross-references and headwords, duplicate
// headwords, shared terms) is in the bad-input corpus, tests/fixtures/bad/, with the other positioned errors.
