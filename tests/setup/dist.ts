/**
 * The real edition, built once for the suite by the global setup (tests/setup/build.ts) into tests/.dist. Importing
 * this module waits until that build has ended, and fails the importing file if it failed. Without the global setup
 * (a config of one's own), an existing tests/.dist is taken as it is.
 */
import { existsSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { dist, status } from './build.ts'

export { dist }

async function built(): Promise<void> {
  let gone = 0
  for (let waited = 0; ; waited += 250) {
    const state = existsSync(status) ? (JSON.parse(readFileSync(status, 'utf8')) as { state: string; pid?: number; stderr?: string }) : undefined
    if (state?.state === 'failed') throw new Error(`the edition does not build:\n${state.stderr}`)
    if (state?.state === 'built') return
    // No build under way (none started, or one stopped with its run): whatever tests/.dist holds.
    // (A build that has just ended gets a moment to say how.)
    if (!state || (!alive(state.pid) && (gone += 250) > 5000)) {
      if (existsSync(dist)) return
      throw new Error('tests/.dist is not built: run the suite (npm test), whose global setup builds it')
    }
    if (waited > 900_000) throw new Error('the build of tests/.dist has not ended after 15 minutes')
    await sleep(250)
  }
}

function alive(pid: number | undefined): boolean {
  try {
    return pid !== undefined && process.kill(pid, 0)
  } catch {
    return false
  }
}

await built()
