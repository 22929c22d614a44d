/**
 * Nothing is lost under faults: kill -9 at any instant of a build, SIGINT/SIGTERM, Chromium's lifetime, a full disk,
 * and `folio serve` hit by malformed URLs and failed rebuilds. Built on a one-document edition.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { get as httpGet } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { folio, miniSources, project, snapshot } from './helpers.ts'

const forum = 'sources/documents/04-anti-imperialist-internationalism'

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
    let t0 = performance.now()
    expect(folio(build, dir).code).toBe(0)
    // How long a build takes: the first one's time, shortened by every trial build that ended before its kill (the
    // first runs while the suite's own build loads the machine; later ones are faster, and would all end unkilled).
    let took = performance.now() - t0
    const clean = contents(dist)
    let interrupted = 0
    for (let trial = 0; trial < 20; trial++) {
      t0 = performance.now()
      const child = start(build)
      const done = ended(child)
      // Instants spread evenly over the whole build, the swap at its end included.
      await new Promise((r) => setTimeout(r, ((trial + 0.5) / 20) * took * 1.1))
      child.kill('SIGKILL')
      const { code, stderr } = await done
      if (code !== 0) interrupted++
      else took = Math.min(took, performance.now() - t0)
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
  }, 600_000) // about 30 s alone; several times that on a loaded machine

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

  it('a signal while the swap releases its lock (the old folder renamed away, not yet removed) leaves the new folder and nothing beside it', () => {
    // The one instant of a build whose old folder only the build itself removes: `folio serve` stopped as it
    // rebuilt left `folio-serve-….old-PID` in the temporary folder. The signal is sent as soon as the old folder is
    // there, which is while the swap awaits the lock's release (its two renames run in one go).
    const scratch = mkdtempSync(join(tmpdir(), 'folio-swap-'))
    try {
      const child = join(scratch, 'child.ts')
      writeFileSync(
        child,
        `import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { exitOnSignals } from ${JSON.stringify(join(project, 'src/interrupt.ts'))}
import { swap } from ${JSON.stringify(join(project, 'src/out-folder.ts'))}
const out = ${JSON.stringify(join(scratch, 'out'))}
for (const [folder, text] of [[out, 'old'], [out + '.staging-' + process.pid, 'new']]) {
  mkdirSync(folder)
  writeFileSync(folder + '/file', text)
}
exitOnSignals((line) => process.stderr.write(line + '\\n'))
void swap(out + '.staging-' + process.pid, out)
const look = () => (existsSync(out + '.old-' + process.pid) ? process.emit('SIGTERM') : setImmediate(look))
look()
`
      )
      const r = spawnSync(process.execPath, ['--import', 'tsx', child], { cwd: project, encoding: 'utf8' })
      expect(r.status, r.stderr).toBe(143)
      expect(readdirSync(scratch).sort()).toEqual(['child.ts', 'out'])
      expect(readFileSync(join(scratch, 'out/file'), 'utf8')).toBe('new')
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
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
  }, 300_000)

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
        if (waited > 240_000) throw new Error(`${label} did not happen; folio serve said:\n${log}`)
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
  }, 600_000)
})
