/**
 * The suite's global setup: bundle the CLI, then build the real edition once into tests/.dist — in the background,
 * so that the tests that do not read it run meanwhile. A test file that reads it imports tests/setup/dist.ts, which
 * waits for this build (tests/setup/order.ts starts such files once the others have filled the workers).
 */
import { spawn, spawnSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const project = fileURLToPath(new URL('../..', import.meta.url))
export const dist = join(project, 'tests/.dist')
/** How the build went: `{ state: 'building', pid }`, then `{ state: 'built' | 'failed', ms, stderr }`. */
export const status = join(project, 'tests/.dist-status.json')

export default function setup() {
  // The tests run bin/folio.js, which imports the bundle in build/: it is made afresh from src/ first, so the suite
  // never tests a bundle older than the sources.
  const bundled = spawnSync(process.execPath, [join(project, 'scripts/build-cli.js')], { cwd: project, encoding: 'utf8' })
  if (bundled.status !== 0) throw new Error(`the CLI does not bundle:\n${bundled.stderr}`)
  rmSync(dist, { recursive: true, force: true })
  // FOLIO_TEST_FORMATS=pdf narrows the build while working on one writer; the suite builds everything.
  const formats = process.env.FOLIO_TEST_FORMATS ? ['--format', process.env.FOLIO_TEST_FORMATS] : []
  const started = performance.now()
  const child = spawn(process.execPath, [join(project, 'bin/folio.js'), 'build', '--out', dist, '--quiet', ...formats], { cwd: project, stdio: ['ignore', 'ignore', 'pipe'] })
  writeFileSync(status, JSON.stringify({ state: 'building', pid: child.pid }))
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const ended = new Promise<void>((done) =>
    child.on('close', (code, signal) => {
      writeFileSync(status, JSON.stringify({ state: code === 0 ? 'built' : 'failed', ms: Math.round(performance.now() - started), stderr: stderr || `exit ${code ?? signal}` }))
      done()
    })
  )
  // Teardown: a run stopped early stops the build too (it removes its staging folder on SIGTERM).
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await ended
  }
}
