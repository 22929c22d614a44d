/**
 * Nothing is lost or falsified: --out refusals, the archive outside the build folder, releases anchored in the
 * committed record and serialised, verify against files, manifest and record, kills, signals and a full disk.
 * Built on a one-document edition.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { get as httpGet } from 'node:http'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkOut } from '../src/out-folder.ts'
import { FileError } from '../src/file-errors.ts'
import { folio, folioAsync, miniSources, project, snapshot } from './helpers.ts'

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
  it('refuses /, the home folder, the sources, a folder holding them, a file and a symbolic link', () => {
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
  it('refuses a non-empty folder it did not make, with exit 1, and leaves its files alone', () => {
    mkdirSync(join(dir, 'mydocs/html'), { recursive: true })
    writeFileSync(join(dir, 'mydocs/html/my-page.html'), '<p>mine</p>\n')
    const before = snapshot(join(dir, 'mydocs'))
    const r = folio(['build', '--format', 'markdown', '--out', 'mydocs'], dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mydocs: refused as --out: the folder is not empty and was not made by `folio build` .* — /m)
    expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(snapshot(join(dir, 'mydocs'))).toEqual(before)
  })
  it('replaces a folder it made, and never follows a symbolic link inside it', () => {
    expect(folio(['build', '--format', 'markdown', '--out', 'dist', '-q'], dir).code).toBe(0)
    expect(existsSync(join(dir, 'dist/.folio-build'))).toBe(true)
    symlinkSync('/etc', join(dir, 'dist/etc'))
    const r = folio(['build', '--format', 'markdown', '--out', 'dist', '-q'], dir)
    expect(r.code, r.stderr).toBe(0)
    // Had the walk followed the link, the staging folder would have hard-linked /etc's files into dist/etc/.
    expect(existsSync(join(dir, 'dist/etc'))).toBe(false)
    expect(existsSync('/etc/hostname') || existsSync('/etc/passwd')).toBe(true)
  })
  it('refuses an --out inside the archive, and an --archive inside a build folder', () => {
    mkdirSync(join(dir, 'editions'))
    writeFileSync(join(dir, 'editions/.folio-archive'), '')
    expect(refusal(join(dir, 'editions/0.1.0'))).toMatch(/inside the release archive/)
    expect(refusal(join(dir, 'editions'))).toMatch(/inside the release archive|is a release archive/)
    const r = folio(['release', '--format', 'markdown', '--archive', 'dist/markdown/editions'], dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^dist\/markdown\/editions: refused as --archive: it is inside dist, which `folio build` replaces whole/m)
    expect(existsSync(join(dir, 'dist/markdown/editions'))).toBe(false)
  })
})

describe('releases are anchored in the committed record', () => {
  const dir = miniSources()
  const release = (...args: string[]) => folio(['release', '--format', 'markdown', ...args], dir)
  const record = () => readFileSync(join(dir, 'sources/releases/0.1.0.json'), 'utf8')

  it('keeps the archive out of the build folder: rm -rf dist loses no release', () => {
    const r = release()
    expect(r.code, r.stderr).toBe(0)
    expect(existsSync(join(dir, 'editions/0.1.0/manifest.json'))).toBe(true)
    expect(existsSync(join(dir, 'editions/.folio-archive'))).toBe(true)
    expect(folio(['build', '--format', 'markdown', '-q'], dir).code).toBe(0)
    rmSync(join(dir, 'dist'), { recursive: true })
    expect(folio(['verify', '0.1.0'], dir).code).toBe(0)
  })
  it('refuses other content under a released version even when its archive folder is gone, or with another --archive', () => {
    const kept = record()
    rmSync(join(dir, 'editions/0.1.0'), { recursive: true })
    editWitness(dir, 'The massive new issue', 'The massive new (changed) issue')
    for (const args of [[], ['--archive', 'elsewhere']]) {
      const r = release(...args)
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/version 0\.1\.0 is already released with different content \(sources\/releases\/0\.1\.0\.json\).*\[F-RELEASE-001\]/)
    }
    expect(record()).toBe(kept)
    expect(existsSync(join(dir, 'editions/0.1.0'))).toBe(false)
    expect(existsSync(join(dir, 'elsewhere/0.1.0'))).toBe(false)
  })
  it('puts a lost version back only when it comes out identical to its record, which is not rewritten', () => {
    editWitness(dir, 'The massive new (changed) issue', 'The massive new issue')
    const kept = record()
    const r = release()
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
    expect(folio(['build', '--format', 'markdown', '-q'], dir).code).toBe(0)
    const catalog = JSON.parse(readFileSync(join(dir, 'editions/catalog.json'), 'utf8'))
    expect(catalog.editions.map((e: { version: string }) => e.version)).toEqual(['0.1.3', '0.1.2', '0.1.1'])
    expect(folio(['verify', '0.1.1'], dir).code).toBe(0)
  })
})

describe('verify verifies', () => {
  const dir = miniSources()
  beforeAll(() => {
    const r = folio(['release', '--format', 'markdown,html'], dir)
    expect(r.code, r.stderr).toBe(0)
  })
  /** A copy of the archive, changed by `tamper`, and what verify says of it. */
  const tampered = (tamper: (version: string) => void) => {
    const archive = join(dir, `archive-${Math.random().toString(36).slice(2)}`)
    cpSync(join(dir, 'editions'), archive, { recursive: true })
    tamper(join(archive, '0.1.0'))
    return folio(['verify', '0.1.0', '--archive', archive], dir)
  }
  const manifestOf = (v: string) => JSON.parse(readFileSync(join(v, 'manifest.json'), 'utf8'))
  const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex')

  it('catches an archived file changed, removed or added (against the manifest)', () => {
    const r = tampered((v) => {
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
  it('catches a file forged together with its manifest (against the committed record)', () => {
    const r = tampered((v) => {
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
  it('catches forged sources, outputs and manifest that agree with each other (against the record)', () => {
    const r = tampered((v) => {
      editWitness(v, 'The massive new issue', 'The massive new (forged) issue')
      const m = manifestOf(v)
      m.sourceHash = '0'.repeat(64)
      writeFileSync(join(v, 'manifest.json'), JSON.stringify(m))
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/manifest\.json {2}source hash 000000000000… differs from [0-9a-f]{12}… in sources\/releases\/0\.1\.0\.json {2}\[F-VERIFY-003\]/)
    expect(r.stderr).toMatch(/the archived sources hash to [0-9a-f]{12}…, the manifest says 000000000000… {2}\[F-VERIFY-001\]/)
  })
  it('takes a version of the archive, never a path', () => {
    for (const arg of ['../0.1.0', '/etc', 'editions/0.1.0']) {
      const r = folio(['verify', arg], dir)
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('is not a version: `folio verify` takes a version of the archive (0.1.0), never a path')
    }
  })
})

describe('crashes and signals', () => {
  const dir = miniSources()
  const dist = join(dir, 'dist')
  /** What a complete build folder holds: every file but the timing-bearing report, which must be there too. */
  const contents = (folder: string) => {
    const files = snapshot(folder)
    expect(Object.keys(files)).toContain('report.json')
    delete files['report.json']
    return files
  }
  const leftovers = () => readdirSync(dir).filter((name) => name.startsWith('dist.'))
  const start = (args: string[]) => spawn(process.execPath, [join(project, 'bin/folio.js'), ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } })
  const ended = (child: ChildProcess) => new Promise<{ code: number | null; stderr: string }>((done) => {
    let stderr = ''
    child.stderr!.on('data', (d) => (stderr += d))
    child.on('close', (code) => done({ code, stderr }))
  })
  const build = ['build', '--format', 'markdown', '-q']

  it('a kill -9 at any instant of a build leaves a complete dist/, and the next build clears what it left (20 trials)', async () => {
    const t0 = performance.now()
    expect(folio(build, dir).code).toBe(0)
    const took = performance.now() - t0
    const clean = contents(dist)
    let interrupted = 0
    for (let trial = 0; trial < 20; trial++) {
      const child = start(build)
      const done = ended(child)
      // Instants spread over the whole build, the swap at its end included.
      await new Promise((r) => setTimeout(r, ((trial + Math.random()) / 20) * took * 1.1))
      child.kill('SIGKILL')
      const { code, stderr } = await done
      if (code !== 0) interrupted++
      expect(stderr).not.toMatch(/\n\s+at /)
      // Between the swap's two renames the complete old folder is dist.old-PID, which the next build puts back.
      const complete = existsSync(dist) ? dist : join(dir, `dist.old-${child.pid}`)
      expect(contents(complete), `trial ${trial}: ${readdirSync(dir).join(' ')}`).toEqual(clean)
    }
    expect(interrupted).toBeGreaterThan(10)
    const next = folio(['build', '--format', 'markdown'], dir)
    expect(next.code, next.stderr).toBe(0)
    expect(contents(dist)).toEqual(clean)
    expect(leftovers()).toEqual([])
  })

  it('Ctrl-C (SIGINT) removes the staging folder and exits 130 with one line; dist/ stays as it was', async () => {
    if (!existsSync(dist)) expect(folio(build, dir).code).toBe(0)
    const before = snapshot(dist)
    const child = start(['build', '--format', 'markdown,html'])
    const done = ended(child)
    // Once the build is under way (its first stage has ended), so that there is a staging folder to remove.
    await new Promise<void>((underway) => child.stderr!.on('data', (d) => String(d).includes('import') && underway()))
    child.kill('SIGINT')
    const { code, stderr } = await done
    expect(code).toBe(130)
    expect(stderr.trim().split('\n').at(-1)).toBe('folio: stopped by SIGINT; what was being made was removed, nothing else changed')
    expect(stderr).not.toMatch(/\n\s+at /)
    expect(snapshot(dist)).toEqual(before)
    expect(leftovers()).toEqual([])
  })

  it.skipIf(!existsSync('/usr/bin/chromium'))('Chromium dies with Folio: kill -9, then SIGTERM, during the PDF stage leave no browser process and no profile', async () => {
    const profiles = (pid: number) => readdirSync(tmpdir()).filter((name) => name.startsWith(`folio-chromium-${pid}-`))
    const browsers = (pid: number) => spawnSync('pgrep', ['-f', `folio-chromium-${pid}-`], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean)
    const untilBrowser = async (pid: number) => {
      for (let waited = 0; browsers(pid).length < 2; waited += 100) {
        if (waited > 60_000) throw new Error('Chromium did not start')
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    const killed = start(['build', '--format', 'pdf', '-q'])
    const killedEnd = ended(killed)
    await untilBrowser(killed.pid!)
    killed.kill('SIGKILL')
    await killedEnd
    for (let waited = 0; browsers(killed.pid!).length > 0 && waited < 5000; waited += 100) await new Promise((r) => setTimeout(r, 100))
    expect(browsers(killed.pid!)).toEqual([])
    expect(profiles(killed.pid!)).toHaveLength(1) // until the next launch removes it

    const stopped = start(['build', '--format', 'pdf'])
    const stoppedEnd = ended(stopped)
    await untilBrowser(stopped.pid!)
    expect(profiles(killed.pid!)).toEqual([])
    stopped.kill('SIGTERM')
    const { code, stderr } = await stoppedEnd
    expect(code).toBe(143)
    expect(stderr).not.toMatch(/TargetCloseError|\n\s+at /)
    expect(browsers(stopped.pid!)).toEqual([])
    expect(profiles(stopped.pid!)).toEqual([])
    expect(folio(build, dir).code).toBe(0)
    expect(leftovers()).toEqual([])
  })

  // Mounting needs root (or a user namespace); where it is not allowed the test says so and is skipped.
  const mount = (target: string) => spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', target], { encoding: 'utf8' })
  const canMount = (() => {
    const probe = mkdtempSync(join(tmpdir(), 'folio-mount-'))
    const ok = mount(probe).status === 0
    if (ok) spawnSync('umount', [probe])
    rmSync(probe, { recursive: true, force: true })
    return ok
  })()
  it.skipIf(!canMount)('a full disk (ENOSPC on a 256 KB tmpfs) is one line, exit 1, and nothing half-written', () => {
    const disk = mkdtempSync(join(tmpdir(), 'folio-full-'))
    expect(mount(disk).status).toBe(0)
    try {
      const r = folio(['build', '--format', 'markdown,html', '--out', join(disk, 'out')], dir)
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/: no space left on the device \(ENOSPC\) — free some space, or build with --out on another disk$/m)
      expect(r.stderr).not.toMatch(/\n\s+at /)
      expect(readdirSync(disk)).toEqual([])
    } finally {
      spawnSync('umount', [disk])
      rmSync(disk, { recursive: true, force: true })
    }
  })
})

describe('folio serve never dies of a request or a rebuild', () => {
  it('answers a malformed URL with 400, shows a failed rebuild over the last good build, and is not reverted by a build of dist/', async () => {
    const dir = miniSources()
    const server = spawn(process.execPath, [join(project, 'bin/folio.js'), 'serve', '--port', '0'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } })
    let log = ''
    server.stderr.on('data', (d) => (log += d))
    const exited = new Promise<number | null>((done) => server.on('exit', (code) => done(code)))
    const until = async (what: () => boolean, label: string) => {
      for (let waited = 0; !what(); waited += 100) {
        if (waited > 120_000) throw new Error(`${label} did not happen; folio serve said:\n${log}`)
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    try {
      const base = await new Promise<string>((found) => server.stdout.on('data', (d) => /serving (http:\/\/127\.0\.0\.1:\d+)\//.exec(String(d)) && found(/serving (http:\/\/127\.0\.0\.1:\d+)\//.exec(String(d))![1]!)))
      // A new connection per request (no keep-alive): a test's pauses outlast the server's keep-alive timeout.
      const get = (path: string) =>
        new Promise<{ status: number; body: string }>((done, fail) =>
          httpGet(`${base}${path}`, { agent: false }, (res) => {
            let body = ''
            res.on('data', (d) => (body += d)).on('end', () => done({ status: res.statusCode!, body }))
          }).on('error', fail)
        )
      const page = async () => (await get('/html/')).body
      expect((await get('/html/%E0%A4%A')).status).toBe(400)
      expect((await get('/html/%00')).status).toBe(400)
      const good = await page()
      expect(good).toContain('<h1')
      expect(good).not.toContain('role="alert"')

      // A build of dist/ meanwhile, from other sources: serve builds into a folder of its own and goes on showing its own.
      const title = readFileSync(join(dir, 'sources/edition.yaml'), 'utf8').match(/^title: (.*)$/m)![1]!
      const other = miniSources()
      writeFileSync(join(other, 'sources/edition.yaml'), readFileSync(join(other, 'sources/edition.yaml'), 'utf8').replace(/^title: .*$/m, 'title: Another Edition'))
      expect(folio(['build', '--format', 'html', '-q', '--sources', join(other, 'sources')], dir).code).toBe(0)
      expect(readFileSync(join(dir, 'dist/html/index.html'), 'utf8')).toContain('Another Edition')
      expect(await page()).toContain(title)
      expect(await page()).not.toContain('Another Edition')

      // A rebuild that throws a file-system error (the witness replaced by a folder), not a source error.
      const witness = join(dir, forum, 'witness.txt')
      const text = readFileSync(witness)
      rmSync(witness)
      mkdirSync(witness)
      await until(() => log.includes('the build failed; still serving the last good one'), 'the failed rebuild')
      const failed = await page()
      expect(failed).toContain('role="alert"')
      expect(failed).toContain('the last rebuild failed; this is the last good build')
      expect(failed).toContain(title)
      expect((await get('/html/%E0%A4%A')).status).toBe(400)

      rmSync(witness, { recursive: true })
      writeFileSync(witness, text)
      const rebuilt = log.split('rebuilt the HTML').length
      await until(() => log.split('rebuilt the HTML').length > rebuilt, 'the good rebuild')
      expect(await page()).not.toContain('role="alert"')
      expect(log).not.toMatch(/\n\s+at /)
    } catch (error) {
      throw new Error(`${(error as Error).message}\nfolio serve said:\n${log}`)
    } finally {
      server.kill('SIGTERM')
    }
    expect(await exited).toBe(143)
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith(`folio-serve-${server.pid}-`))).toEqual([])
  })
})
