import { defineConfig } from 'vitest/config'
import DistLast from './tests/setup/order.ts'

export default defineConfig({
  test: {
    // The real edition is built once, in the background (tests/setup/build.ts), and inspected by the integration
    // tests, which wait for it (tests/setup/dist.ts); the others start first (tests/setup/order.ts).
    globalSetup: ['tests/setup/build.ts'],
    sequence: { sequencer: DistLast },
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: true,
    maxWorkers: 2,
    // A worker loads the modules the files share (the edition, the writers, puppeteer) once for every file it runs,
    // not once per file; the files leave no state behind them (a format a test registers is taken out again).
    isolate: false,
    // For tests/bounded-work.test.ts, which collects the heap those files leave before each run it times.
    execArgv: ['--expose-gc'],
  },
})
