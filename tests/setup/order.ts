/**
 * The order test files start in. The real edition is built in the background (tests/setup/build.ts) and a file
 * that reads it waits for it (tests/setup/dist.ts), holding a worker: so the files that do not read it go first,
 * longest first, as many as keep every worker busy for as long as the last build took; then all others, longest
 * first (vitest's own order: failed first, then by the last run's duration, or by size without one).
 */
import { existsSync, readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { status } from './build.ts'

/** Without a record of the last run: a build of the whole edition, and a test file, take about this long. */
const guess = { build: 60_000, file: 15_000 }

export default class DistLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const last = existsSync(status) ? (JSON.parse(readFileSync(status, 'utf8')) as { ms?: number }).ms : undefined
    const workers = Number(this.ctx.config.maxWorkers) || 1
    const duration = (f: TestSpecification) => this.ctx.cache.getFileTestResults(`${f.project.name}:${relative(this.ctx.config.root, f.moduleId)}`)?.duration ?? guess.file
    const readsDist = (f: TestSpecification) => readFileSync(f.moduleId, 'utf8').includes("from './setup/dist.ts'")
    const first: TestSpecification[] = []
    let busy = 0
    for (const f of sorted)
      if (busy < (last ?? guess.build) * workers && !readsDist(f)) {
        first.push(f)
        busy += duration(f)
      }
    return [...first, ...sorted.filter((f) => !first.includes(f))]
  }
}
