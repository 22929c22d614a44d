/**
 * The order test files start in: longest first (by the last run's durations), which ends the run soonest for the
 * workers there are. The real edition is built in the background (tests/setup/build.ts) and a file that reads it
 * waits for it (tests/setup/dist.ts), holding a worker idle: so first come files that do not read it, as many as
 * keep EVERY worker busy for as long as the last build took (given to the least busy worker in turn, as the pool
 * does), then all the others, longest first.
 *
 * A clone's first run has no record of its own (vitest keeps it in node_modules/.vite): it takes the durations of a
 * whole run on a quiet 2-core machine, tests/setup/durations.json. Without them the files that read the build came in
 * the order of their names, the PDF's last: a clean clone's run ended some 10 s later. Refresh them after a change
 * that moves them much: `npx tsx tests/setup/durations.ts` after a whole run.
 */
import { existsSync, readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { status } from './build.ts'

/** Without a record of the last run: a build of the whole edition, and each test file, take about this long. */
const seed = JSON.parse(readFileSync(new URL('durations.json', import.meta.url), 'utf8')) as { build: number; files: Record<string, number> }
/** A file that is not in the seed (a new one). */
const guess = 15_000

export default class DistLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const last = existsSync(status) ? (JSON.parse(readFileSync(status, 'utf8')) as { ms?: number }).ms : undefined
    const workers = Number(this.ctx.config.maxWorkers) || 1
    const duration = (f: TestSpecification) => {
      const name = relative(this.ctx.config.root, f.moduleId)
      return this.ctx.cache.getFileTestResults(`${f.project.name}:${name}`)?.duration ?? seed.files[name] ?? guess
    }
    const readsDist = (f: TestSpecification) => readFileSync(f.moduleId, 'utf8').includes("from './setup/dist.ts'")
    const sorted = [...files].sort((a, b) => duration(b) - duration(a))
    const first: TestSpecification[] = []
    const busy = Array<number>(workers).fill(0)
    for (const f of sorted.filter((f) => !readsDist(f))) {
      const least = busy.indexOf(Math.min(...busy))
      if (busy[least]! >= (last ?? seed.build)) break
      busy[least]! += duration(f)
      first.push(f)
    }
    return [...first, ...sorted.filter((f) => !first.includes(f))]
  }
}
