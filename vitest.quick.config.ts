import { defineConfig } from 'vitest/config'

/**
 * `npm run test:quick`, the edit loop: the reader and plugin fixtures and the unit tests, in-process — no build of the
 * real edition (no global setup), no browser, no spawned CLI. The bad-input corpus (some 80 builds), the writers'
 * tests on the real outputs and the validators run in `npm test`.
 */
export default defineConfig({
  test: {
    include: [
      'tests/fixtures.test.ts',
      'tests/index-terms.test.ts',
      'tests/source-loading.test.ts',
      'tests/versions.test.ts',
      'tests/layers.test.ts',
      'tests/real-edition.test.ts',
      'tests/apparatus.test.ts',
      'tests/hyphenation.test.ts',
      'tests/fonts.test.ts',
      'tests/dependencies.test.ts',
      'tests/epub-accessibility.test.ts',
      'tests/order.test.ts',
    ],
    testTimeout: 60_000,
    maxWorkers: 2,
    // These files share no state but the modules they import (the edition, the readers, the plugins): one worker
    // loads them once for every file it runs (isolated, each file loaded them again: 27 s instead of 19 s here).
    isolate: false,
  },
})
