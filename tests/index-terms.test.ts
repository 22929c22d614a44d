/** The index's matching rules on a small fixture (tests/fixtures/index/overlap): each rule changes a locator. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildDocument } from '../src/edition/document.ts'
import { collectIndex, indexDocument, readIndex } from '../src/edition/index-terms.ts'
import { uncoveredNouns } from '../src/edition/name-candidates.ts'
import { loadDocument } from '../src/edition/sources.ts'
import { fixtures } from './helpers.ts'

const dir = join(fixtures, 'index/overlap')
const doc = buildDocument(loadDocument(dir, 1))
const terms = readIndex(join(dir, 'index.yaml'))
const index = collectIndex(terms, [indexDocument(terms, doc, 0)])
const at = (headword: string, sub?: string) => {
  const entry = index.entries.find((e) => e.headword === headword)!
  return (sub === undefined ? entry.locators : entry.sub.find((s) => s.headword === sub)!.locators).map((l) => l.number)
}

describe('index matching', () => {
  it('the longest match wins, and counts for both headwords when the longer one says so (alsoFor)', () => {
    expect(at('Haz', 'his show on Kick')).toEqual(['1.2'])
    expect(at('Kick')).toEqual(['1.2'])
    expect(at('Rise of MAGA Communism, The')).toEqual(['1.2'])
    expect(at('MAGA Communism')).toEqual(['1.2'])
    // Without the rule the shorter headword loses the mention: Haz's own entry does not name itself.
    expect(at('Haz')).toEqual(['1.1'])
  })
  it('matches case-sensitive terms with their capitals only: US, not us', () => {
    expect(at('United States')).toEqual(['1.3'])
  })
  it('drops excluded places and adds places given by hand, each number once', () => {
    expect(at('New York')).toEqual([])
    expect(at('towns')).toEqual(['1.1'])
    expect(at('family')).toEqual(['1.3', '1.4'])
    for (const e of index.entries) expect(new Set(e.locators.map((l) => l.number)).size).toBe(e.locators.length)
  })
  it('says of each locator whether it is in a note (the essay fixture: one mention in the text, one in note 1)', () => {
    const essay = buildDocument(loadDocument(join(fixtures, 'essay/endnotes'), 1))
    const yaml = join(mkdtempSync(join(tmpdir(), 'folio-index-')), 'index.yaml')
    writeFileSync(yaml, 'entries:\n  - headword: members\n    terms: [members]\n  - headword: page numbers\n    terms: [page number]\n')
    const inEssay = readIndex(yaml)
    const located = collectIndex(inEssay, [indexDocument(inEssay, essay, 0)]).entries.map((e) => e.locators.map((l) => [e.headword, l.number, l.inNote]))
    expect(located).toEqual([[['members', '1.1', false]], [['page numbers', '1.n1', true]]])
  })
  it('flags titles of works for italics', () => {
    expect(index.entries.filter((e) => e.title).map((e) => e.headword)).toEqual(['Rise of MAGA Communism, The'])
  })
  it('suggests common nouns with three mentions or more that no headword covers', () => {
    const nouns = uncoveredNouns([doc], index).map((c) => [c.name, c.count])
    expect(nouns).toContainEqual(['party', 3])
    expect(nouns.map(([n]) => n)).not.toContain('family')
  })
})
