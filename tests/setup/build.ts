/** Build the real edition once into tests/.dist before the suite; tests read it through `builtDist()`. */
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const project = fileURLToPath(new URL('../..', import.meta.url))
export const dist = join(project, 'tests/.dist')

export default function setup() {
  // The tests run bin/folio.js, which imports the bundle in build/: it is made afresh from src/ first, so the suite
  // never tests a bundle older than the sources.
  const bundled = spawnSync(process.execPath, [join(project, 'scripts/build-cli.js')], { cwd: project, encoding: 'utf8' })
  if (bundled.status !== 0) throw new Error(`the CLI does not bundle:\n${bundled.stderr}`)
  rmSync(dist, { recursive: true, force: true })
  // FOLIO_TEST_FORMATS=pdf narrows the build while working on one writer; the suite builds everything.
  const formats = process.env.FOLIO_TEST_FORMATS ? ['--format', process.env.FOLIO_TEST_FORMATS] : []
  const result = spawnSync(process.execPath, [join(project, 'bin/folio.js'), 'build', '--out', dist, '--quiet', ...formats], { cwd: project, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`the edition does not build:\n${result.stderr}`)
}
