/** The suite's order (tests/setup/order.ts) on a clone's first run, with no record of its own: the seed's. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TestSpecification, Vitest } from 'vitest/node'
import DistLast from './setup/order.ts'
import { project } from './helpers.ts'

const seed = JSON.parse(readFileSync(join(project, 'tests/setup/durations.json'), 'utf8')) as { build: number; files: Record<string, number> }
const testFiles = readdirSync(join(project, 'tests')).filter((f) => f.endsWith('.test.ts')).map((f) => `tests/${f}`)
const readsDist = (file: string) => /from '\.\/setup\/dist\.ts'/.test(readFileSync(join(project, file), 'utf8'))

describe('the order of a first run', () => {
  it('starts the files that read the build longest first by the seed, after enough others to fill its time', async () => {
    const noRecord = { getFileTestResults: () => undefined }
    const ctx = { config: { root: project, maxWorkers: 2 }, cache: noRecord } as unknown as Vitest
    const specs = testFiles.map((f) => ({ moduleId: join(project, f), project: { name: '' } }) as unknown as TestSpecification)
    const order = (await new DistLast(ctx).sort(specs)).map((s) => s.moduleId.slice(project.length))
    const built = order.filter(readsDist)
    const known = built.filter((f) => f in seed.files)
    expect(known.length).toBeGreaterThan(0)
    expect(known.map((f) => seed.files[f])).toEqual(known.map((f) => seed.files[f]).sort((a, b) => b - a))
    // Before the first of them: files that do not read the build, some seed.build of work for each worker.
    const before = order.slice(0, order.indexOf(built[0]!))
    expect(before.some(readsDist)).toBe(false)
    const others = order.filter((f) => !readsDist(f)).reduce((n, f) => n + (seed.files[f] ?? 0), 0)
    expect(before.reduce((n, f) => n + (seed.files[f] ?? 0), 0)).toBeGreaterThanOrEqual(Math.min(2 * seed.build, others))
  })

  it('knows every test file but the newest few, and no file that is gone', () => {
    for (const f of Object.keys(seed.files)) expect(testFiles, f).toContain(f)
    expect(testFiles.filter((f) => !(f in seed.files)).length).toBeLessThanOrEqual(3)
  })
})
