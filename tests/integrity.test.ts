/**
 * Nothing is lost or falsified: --out refusals, the archive outside the build folder, releases anchored in the
 * committed record and serialised, verify against files, manifest and record.
 * Built on a one-document edition; one command at a time runs through the CLI's entry point in this process, commands
 * at once each in its own process.
 */
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkOut } from '../src/out-folder.ts'
import { FileError } from '../src/file-errors.ts'
import { folioAsync, folioHere, miniSources, snapshot } from './helpers.ts'

const forum = 'sources/documents/04-anti-imperialist-internationalism'

/** Change the witness (and record its new hash) so that the edition's content differs. */
function editWitness(dir: string, from: string, to: string) {
  const path = join(dir, forum, 'witness.txt')
  const text = readFileSync(path, 'utf8')
  expect(text).toContain(from)
  writeFileSync(path, text.replace(from, to))
  const yaml = join(dir, forum, 'document.yaml')
  writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/sha256: [0-9a-f]{64}/, `sha256: ${createHash('sha256').update(text.replace(from, to)).digest('hex')}`))
}
const setVersion = (dir: string, v: string) => writeFileSync(join(dir, 'sources/edition.yaml'), readFileSync(join(dir, 'sources/edition.yaml'), 'utf8').replace(/^version: .*$/m, `version: ${v}`))

describe('--out is safe', () => {
  const dir = miniSources()
  const refusal = (out: string) => {
    try {
      checkOut(out, join(dir, 'sources'))
    } catch (error) {
      expect(error).toBeInstanceOf(FileError)
      return (error as FileError).what
    }
    return 'accepted'
  }
  it('refuses /, the home folder, the sources, a folder holding them, a file and a symbolic link', async () => {
    expect(refusal('/')).toMatch(/root of the file system/)
    expect(refusal(homedir())).toMatch(/home folder/)
    expect(refusal(join(dir, 'sources'))).toMatch(/sources folder/)
    expect(refusal(join(dir, 'sources/documents'))).toMatch(/inside the sources/)
    expect(refusal(dir)).toMatch(/holds the sources/)
    writeFileSync(join(dir, 'a-file'), 'mine\n')
    expect(refusal(join(dir, 'a-file'))).toMatch(/is a file/)
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'a-link'))
    expect(refusal(join(dir, 'a-link'))).toMatch(/symbolic link/)
    expect(refusal(join(dir, 'not-yet'))).toBe('accepted')
  })
  it('refuses a non-empty folder it did not make, with exit 1, and leaves its files alone', async () => {
    mkdirSync(join(dir, 'mydocs/html'), { recursive: true })
    writeFileSync(join(dir, 'mydocs/html/my-page.html'), '<p>mine</p>\n')
    const before = snapshot(join(dir, 'mydocs'))
    const r = await folioHere(['build', '--format', 'markdown', '--out', 'mydocs'], dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mydocs: refused as --out: the folder is not empty and was not made by `folio build` .* — /m)
    expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(snapshot(join(dir, 'mydocs'))).toEqual(before)
  })
  it('replaces a folder it made, and never follows a symbolic link inside it', async () => {
    expect((await folioHere(['build', '--format', 'markdown', '--out', 'dist', '-q'], dir)).code).toBe(0)
    expect(existsSync(join(dir, 'dist/.folio-build'))).toBe(true)
    symlinkSync('/etc', join(dir, 'dist/etc'))
    const r = await folioHere(['build', '--format', 'markdown', '--out', 'dist', '-q'], dir)
    expect(r.code, r.stderr).toBe(0)
    // Had the walk followed the link, the staging folder would have hard-linked /etc's files into dist/etc/.
    expect(existsSync(join(dir, 'dist/etc'))).toBe(false)
    expect(existsSync('/etc/hostname') || existsSync('/etc/passwd')).toBe(true)
  })
  it('refuses an --out inside the archive, and an --archive inside a build folder', async () => {
    mkdirSync(join(dir, 'editions'))
    writeFileSync(join(dir, 'editions/.folio-archive'), '')
    expect(refusal(join(dir, 'editions/0.1.0'))).toMatch(/inside the release archive/)
    expect(refusal(join(dir, 'editions'))).toMatch(/inside the release archive|is a release archive/)
    const r = await folioHere(['release', '--format', 'markdown', '--archive', 'dist/markdown/editions'], dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^dist\/markdown\/editions: refused as --archive: it is inside dist, which `folio build` replaces whole/m)
    expect(existsSync(join(dir, 'dist/markdown/editions'))).toBe(false)
  })
})

describe('releases are anchored in the committed record', () => {
  const dir = miniSources()
  const release = (...args: string[]) => folioHere(['release', '--format', 'markdown', ...args], dir)
  const record = () => readFileSync(join(dir, 'sources/releases/0.1.0.json'), 'utf8')

  it('keeps the archive out of the build folder: rm -rf dist loses no release', async () => {
    const r = await release()
    expect(r.code, r.stderr).toBe(0)
    expect(existsSync(join(dir, 'editions/0.1.0/manifest.json'))).toBe(true)
    expect(existsSync(join(dir, 'editions/.folio-archive'))).toBe(true)
    expect((await folioHere(['build', '--format', 'markdown', '-q'], dir)).code).toBe(0)
    rmSync(join(dir, 'dist'), { recursive: true })
    expect((await folioHere(['verify', '0.1.0'], dir)).code).toBe(0)
  })
  it('refuses other content under a released version even when its archive folder is gone, or with another --archive', async () => {
    const kept = record()
    rmSync(join(dir, 'editions/0.1.0'), { recursive: true })
    editWitness(dir, 'The massive new issue', 'The massive new (changed) issue')
    for (const args of [[], ['--archive', 'elsewhere']]) {
      const r = await release(...args)
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/version 0\.1\.0 is already released with different content \(sources\/releases\/0\.1\.0\.json\).*\[F-RELEASE-001\]/)
    }
    expect(record()).toBe(kept)
    expect(existsSync(join(dir, 'editions/0.1.0'))).toBe(false)
    expect(existsSync(join(dir, 'elsewhere/0.1.0'))).toBe(false)
  })
  it('puts a lost version back only when it comes out identical to its record, which is not rewritten', async () => {
    editWitness(dir, 'The massive new (changed) issue', 'The massive new issue')
    const kept = record()
    const r = await release()
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('was missing from the archive; put back')
    expect(record()).toBe(kept)
    expect(JSON.parse(readFileSync(join(dir, 'editions/0.1.0/manifest.json'), 'utf8'))).toEqual(JSON.parse(kept))
  })
})

describe('releases are serialised', () => {
  it('of two releases of one version with different content at once, exactly one wins', async () => {
    const a = miniSources()
    const b = miniSources()
    editWitness(b, 'The massive new issue', 'The massive new (other) issue')
    const archive = join(a, 'shared-archive')
    const results = await Promise.all([a, b].map((dir) => folioAsync(['release', '--format', 'markdown', '--archive', archive], dir)))
    expect(results.map((r) => r.code).sort()).toEqual([0, 1])
    const loser = results.find((r) => r.code === 1)!
    expect(loser.stderr).toMatch(/another `folio release` is adding a version to this archive|already released with different content/)
    const winner = [a, b][results.findIndex((r) => r.code === 0)]!
    const manifest = JSON.parse(readFileSync(join(archive, '0.1.0/manifest.json'), 'utf8'))
    expect(manifest.sourceHash).toBe(JSON.parse(readFileSync(join(winner, 'sources/releases/0.1.0.json'), 'utf8')).sourceHash)
    expect(JSON.parse(readFileSync(join(archive, 'catalog.json'), 'utf8')).editions.map((e: { version: string }) => e.version)).toEqual(['0.1.0'])
  })
  it('a release while builds run is never erased by them (3 trials)', async () => {
    const dir = miniSources()
    for (const v of ['0.1.1', '0.1.2', '0.1.3']) {
      setVersion(dir, v)
      const [built, released] = await Promise.all([folioAsync(['build', '--format', 'markdown', '-q'], dir), folioAsync(['release', '--format', 'markdown', '-q'], dir)])
      expect(built.code, built.stderr).toBe(0)
      expect(released.code, released.stderr).toBe(0)
      expect(existsSync(join(dir, 'editions', v, 'manifest.json'))).toBe(true)
    }
    expect((await folioHere(['build', '--format', 'markdown', '-q'], dir)).code).toBe(0)
    const catalog = JSON.parse(readFileSync(join(dir, 'editions/catalog.json'), 'utf8'))
    expect(catalog.editions.map((e: { version: string }) => e.version)).toEqual(['0.1.3', '0.1.2', '0.1.1'])
    expect((await folioHere(['verify', '0.1.1'], dir)).code).toBe(0)
  })
})

describe('verify verifies', () => {
  const dir = miniSources()
  beforeAll(async () => {
    const r = await folioHere(['release', '--format', 'markdown,html'], dir)
    expect(r.code, r.stderr).toBe(0)
  })
  /** A copy of the archive, changed by `tamper`, and what verify says of it. */
  const tampered = async (tamper: (version: string) => void) => {
    const archive = join(dir, `archive-${Math.random().toString(36).slice(2)}`)
    cpSync(join(dir, 'editions'), archive, { recursive: true })
    tamper(join(archive, '0.1.0'))
    return folioHere(['verify', '0.1.0', '--archive', archive], dir)
  }
  const manifestOf = (v: string) => JSON.parse(readFileSync(join(v, 'manifest.json'), 'utf8'))
  const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex')

  it('catches an archived file changed, removed or added (against the manifest)', async () => {
    const r = await tampered((v) => {
      writeFileSync(join(v, 'html/index.html'), readFileSync(join(v, 'html/index.html'), 'utf8') + '<script>alert(1)</script>\n')
      rmSync(join(v, 'markdown/04-anti-imperialist-internationalism.md'))
      writeFileSync(join(v, 'html/extra.html'), 'x')
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/0\.1\.0\/html\/index\.html {2}\d+ bytes in the archive, \d+ in the manifest {2}\[F-VERIFY-002\]/)
    expect(r.stderr).toMatch(/0\.1\.0\/markdown\/04-anti-imperialist-internationalism\.md {2}in the manifest but missing from the archive {2}\[F-VERIFY-002\]/)
    expect(r.stderr).toMatch(/0\.1\.0\/html\/extra\.html {2}in the archive but not in the manifest {2}\[F-VERIFY-002\]/)
    expect(r.stderr).toMatch(/^0\.1\.0: 3 differences$/m)
  })
  it('catches a file forged together with its manifest (against the committed record)', async () => {
    const r = await tampered((v) => {
      const forged = readFileSync(join(v, 'html/index.html'), 'utf8').replace('</body>', '<script>alert(1)</script></body>')
      writeFileSync(join(v, 'html/index.html'), forged)
      const m = manifestOf(v)
      for (const o of m.outputs) if (o.path === 'html/index.html') Object.assign(o, { sha256: sha(forged), bytes: Buffer.byteLength(forged) })
      writeFileSync(join(v, 'manifest.json'), JSON.stringify(m))
    })
    expect(r.code).toBe(1)
    expect(r.stderr).not.toContain('[F-VERIFY-002]')
    expect(r.stderr).toMatch(/manifest\.json output html\/index\.html {2}\d+ bytes in the manifest, \d+ in the committed record {2}\[F-VERIFY-003\]/)
    expect(r.stderr).toMatch(/^html\/index\.html {2}\d+ bytes in the rebuild, \d+ in the manifest {2}\[F-VERIFY-001\]/m)
  })
  it('catches forged sources, outputs and manifest that agree with each other (against the record)', async () => {
    const r = await tampered((v) => {
      editWitness(v, 'The massive new issue', 'The massive new (forged) issue')
      const m = manifestOf(v)
      m.sourceHash = '0'.repeat(64)
      writeFileSync(join(v, 'manifest.json'), JSON.stringify(m))
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/manifest\.json {2}source hash 000000000000… differs from [0-9a-f]{12}… in sources\/releases\/0\.1\.0\.json {2}\[F-VERIFY-003\]/)
    expect(r.stderr).toMatch(/the archived sources hash to [0-9a-f]{12}…, the manifest says 000000000000… {2}\[F-VERIFY-001\]/)
  })
  it('takes a version of the archive, never a path', async () => {
    for (const arg of ['../0.1.0', '/etc', 'editions/0.1.0']) {
      const r = await folioHere(['verify', arg], dir)
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('is not a version: `folio verify` takes a version of the archive (0.1.0), never a path')
    }
  })
})
