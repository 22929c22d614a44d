/** Releases: append-only archive, no-op re-release, refusal of changed content, ids kept, catalog, OPDS, verify, diff. */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { folioHere, scratchSources, snapshot } from './helpers.ts'

const essay = 'sources/documents/03-myth-of-the-political-loser'

function editWitness(dir: string, change: (text: string) => string) {
  const path = join(dir, essay, 'witness.txt')
  const text = change(readFileSync(path, 'utf8'))
  writeFileSync(path, text)
  const yaml = join(dir, essay, 'document.yaml')
  writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/sha256: [0-9a-f]{64}/, `sha256: ${createHash('sha256').update(text).digest('hex')}`))
}

const setVersion = (dir: string, v: string) => writeFileSync(join(dir, 'sources/edition.yaml'), readFileSync(join(dir, 'sources/edition.yaml'), 'utf8').replace(/^version: .*$/m, `version: ${v}`))

describe('releases', () => {
  // Markdown only keeps this test fast; the mechanism does not depend on the formats. The commands run through the
  // CLI's entry point in this process.
  const dir = scratchSources()
  const run = (...args: string[]) => folioHere([...args, '--archive', 'archive', '--format', 'markdown'].filter((a) => !(args[0] !== 'release' && ['--format', 'markdown'].includes(a))), dir)
  const manifest = (v: string) => JSON.parse(readFileSync(join(dir, 'archive', v, 'manifest.json'), 'utf8'))

  it('releases a version with a manifest, and records it in sources/releases/', async () => {
    const r = await run('release', '--notes', 'First release.')
    expect(r.code, r.stderr).toBe(0)
    const m = manifest('0.1.0')
    expect(m.outputs.length).toBeGreaterThan(0)
    for (const o of m.outputs) expect(o.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(m.witnesses.map((w: any) => w.sha256)).toHaveLength(readdirSync(join(dir, 'sources/documents')).length)
    expect(JSON.parse(readFileSync(join(dir, 'sources/releases/0.1.0.json'), 'utf8')).sourceHash).toBe(m.sourceHash)
  })
  it('releasing the same content again is a no-op that says so', async () => {
    const before = snapshot(join(dir, 'archive'))
    const r = await run('release')
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('identical content')
    expect(snapshot(join(dir, 'archive'))).toEqual(before)
  })
  it('refuses changed content under a released version and leaves the archive untouched', async () => {
    editWitness(dir, (t) => t.replace('The market is based on a zero-sum game logic', 'The market rests on a zero-sum game logic'))
    const before = snapshot(join(dir, 'archive'))
    const r = await run('release')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/already released with different content.*\[F-RELEASE-001\]/)
    expect(snapshot(join(dir, 'archive'))).toEqual(before)
  })
  it('a new version keeps every id but the changed, added and removed paragraphs', async () => {
    editWitness(dir, (t) => t.replace('Notes\n', 'A paragraph added after the essay, before its notes.\nNotes\n').replace('So informative; thank you', 'So informative, thank you'))
    editWitness(dir, (t) => t.replace(/^Put simply, liberation.*\n/m, ''))
    const yaml = join(dir, essay, 'document.yaml')
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('lines: [2, 1]', 'lines: [1, 1]')) // the first reader comment one line shorter
    setVersion(dir, '0.2.0')
    expect((await run('release', '--notes', 'Second version.')).code).toBe(0)
    const a = manifest('0.1.0').blocks['03-myth-of-the-political-loser']
    const b = manifest('0.2.0').blocks['03-myth-of-the-political-loser']
    const ids = (bs: any[]) => new Set(bs.map((x) => x.id))
    const kept = [...ids(a)].filter((id) => ids(b).has(id))
    expect(kept.length).toBe(a.length - 1) // one line of a reader comment removed (its paragraph); the edited ones keep their ids
    const first = b.find((x: any) => x.text.startsWith('The market rests'))
    expect(first.id).toBe(a.find((x: any) => x.text.startsWith('The market is based')).id)
    const added = b.find((x: any) => x.text.startsWith('A paragraph added'))
    expect(ids(a).has(added.id)).toBe(false)
    expect(added.number).toMatch(/^3\.\d+a$/)
    expect(manifest('0.2.0').retired.length).toBe(1)
    // Unchanged documents keep all their numbers.
    expect(manifest('0.2.0').blocks['01-infrared']).toEqual(manifest('0.1.0').blocks['01-infrared'])
  })
  it('diff shows exactly the changed, added and removed paragraphs', async () => {
    const r = await run('diff', '0.1.0', '0.2.0')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('03-myth-of-the-political-loser: 1 added, 1 removed, 2 changed')
    expect(r.stdout).toContain('[-is based-]{+rests+}')
    expect(r.stdout).not.toContain('01-infrared')
    expect(readFileSync(join(dir, 'archive/diff-0.1.0-0.2.0.html'), 'utf8')).toContain('<ins>rests</ins>')
  })
  it('lists both versions in the catalog, the OPDS feed and the changelog', async () => {
    const catalog = JSON.parse(readFileSync(join(dir, 'archive/catalog.json'), 'utf8'))
    expect(catalog.editions.map((e: any) => e.version)).toEqual(['0.2.0', '0.1.0'])
    const opds = readFileSync(join(dir, 'archive/opds.xml'), 'utf8')
    expect(opds.match(/<entry>/g)).toHaveLength(2)
    expect(opds).toContain('xmlns="http://www.w3.org/2005/Atom"')
    expect(opds).toMatch(/<updated>\d{4}-\d\d-\d\dT00:00:00Z<\/updated>/)
    expect(readFileSync(join(dir, 'archive/index.html'), 'utf8')).toContain('Version 0.2.0')
    const changelog = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')
    expect(changelog.indexOf('## [0.2.0]')).toBeLessThan(changelog.indexOf('## [0.1.0]'))
    expect(changelog).toContain('Second version.')
  })
  it('verify rebuilds a released version byte for byte from its archived sources', async () => {
    const r = await run('verify', '0.1.0')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/0\.1\.0: \d+ archived files match the manifest, the manifest matches the committed record, and all were rebuilt byte for byte/)
  })
  it('verify fails when an archived file was altered', async () => {
    const m = manifest('0.2.0')
    const victim = join(dir, 'archive/0.2.0', m.outputs[0].path)
    writeFileSync(victim, readFileSync(victim, 'utf8') + 'tampered\n')
    writeFileSync(join(dir, 'archive/0.2.0/manifest.json'), JSON.stringify({ ...m, outputs: m.outputs.map((o: any, i: number) => (i === 0 ? { ...o, sha256: '0'.repeat(64) } : o)) }))
    const r = await run('verify', '0.2.0')
    expect(r.code).toBe(1)
    // The archived file against the manifest, the manifest against the committed record, the rebuild against the manifest.
    expect(r.stderr).toContain(`${m.outputs[0].path}  sha256`)
    expect(r.stderr).toContain('[F-VERIFY-002]')
    expect(r.stderr).toContain('[F-VERIFY-003]')
    expect(r.stderr).toContain('[F-VERIFY-001]')
  })
})
