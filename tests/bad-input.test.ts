/** Bad sources give `file:line:col  message  [code]`, exit 1, and leave dist/ exactly as it was. */
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { folio, scratchSources, snapshot } from './helpers.ts'

const essay = 'sources/documents/03-myth-of-the-political-loser'
const wiki = 'sources/documents/01-infrared'

/** Replace a witness and record its new hash, so only the content is wrong. */
function setWitness(dir: string, folder: string, bytes: Buffer) {
  writeFileSync(join(dir, folder, 'witness.txt'), bytes)
  const yamlPath = join(dir, folder, 'document.yaml')
  const sha = createHash('sha256').update(bytes).digest('hex')
  writeFileSync(yamlPath, readFileSync(yamlPath, 'utf8').replace(/sha256: [0-9a-f]{64}/, `sha256: ${sha}`))
}

function edit(dir: string, path: string, change: (text: string) => string) {
  writeFileSync(join(dir, path), change(readFileSync(join(dir, path), 'utf8')))
}

const cases: Array<{ name: string; breaks: (dir: string) => void; where: RegExp; code: string }> = [
  { name: 'empty witness', breaks: (d) => setWitness(d, essay, Buffer.alloc(0)), where: /witness\.txt:1:1/, code: 'F-WITNESS-001' },
  {
    name: 'invalid UTF-8',
    breaks: (d) => setWitness(d, essay, Buffer.concat([Buffer.from('Line one\nab'), Buffer.from([0xff, 0xfe]), Buffer.from('cd\n')])),
    where: /witness\.txt:2:3/,
    code: 'F-WITNESS-002',
  },
  { name: 'unknown shape', breaks: (d) => edit(d, `${essay}/document.yaml`, (t) => t.replace('shape: essay', 'shape: sonnet')), where: /document\.yaml:\d+:\d+/, code: 'F-YAML-002' },
  {
    name: 'a marker with no note',
    breaks: (d) => setWitness(d, wiki, Buffer.from(readFileSync(join(d, wiki, 'witness.txt'), 'utf8').replace('livestreaming.[1]', 'livestreaming.[1][9]'))),
    where: /witness\.txt:96:\d+/,
    code: 'F-IMPORT-003',
  },
  {
    name: 'a note with no marker',
    breaks: (d) => setWitness(d, wiki, Buffer.from(readFileSync(join(d, wiki, 'witness.txt'), 'utf8').replace('streams.[4]', 'streams.'))),
    where: /witness\.txt:149:6/,
    code: 'F-IMPORT-004',
  },
  { name: 'a yaml that breaks its schema', breaks: (d) => edit(d, 'sources/edition.yaml', (t) => t.replace('version: 0.1.0', 'version: one')), where: /edition\.yaml:8:10/, code: 'F-YAML-002' },
  { name: 'a yaml syntax error', breaks: (d) => edit(d, `${essay}/document.yaml`, (t) => t.replace('genre: essay', 'genre: [essay')), where: /document\.yaml:\d+:\d+/, code: 'F-YAML-001' },
  { name: 'an unknown key', breaks: (d) => edit(d, `${essay}/document.yaml`, (t) => t + 'colour: red\n'), where: /document\.yaml:\d+:1/, code: 'F-YAML-002' },
  {
    name: 'an emendation whose reading is not in the witness',
    breaks: (d) => edit(d, `${essay}/document.yaml`, (t) => t.replace('reading: hierarchuical', 'reading: hierarchucal')),
    where: /document\.yaml/,
    code: 'F-EMEND-001',
  },
  {
    name: 'a witness that changed after its hash was recorded',
    breaks: (d) => writeFileSync(join(d, essay, 'witness.txt'), readFileSync(join(d, essay, 'witness.txt'), 'utf8') + 'x'),
    where: /document\.yaml/,
    code: 'F-SOURCE-004',
  },
]

describe('bad input', () => {
  for (const c of cases)
    it(`${c.name}: a positioned, coded error, exit 1, dist/ untouched`, () => {
      const dir = scratchSources()
      mkdirSync(join(dir, 'dist/markdown'), { recursive: true })
      writeFileSync(join(dir, 'dist/markdown/keep.md'), 'an earlier build\n')
      const before = snapshot(join(dir, 'dist'))
      c.breaks(dir)
      const result = folio(['build', '--format', 'markdown'], dir)
      expect(result.code).toBe(1)
      const line = result.stderr.split('\n').find((l) => l.includes(`[${c.code}]`))
      expect(line, result.stderr).toBeDefined()
      expect(line).toMatch(c.where)
      expect(line).toMatch(/^\S+:\d+:\d+ {2}.+ {2}\[F-[A-Z]+-\d{3}\]$/)
      expect(snapshot(join(dir, 'dist'))).toEqual(before)
    })

  it('usage errors exit 2 and suggest the closest option', () => {
    const result = folio(['build', '--fromat', 'html'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('did you mean --format?')
  })
})
