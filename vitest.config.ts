import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // The real edition is built once (tests/setup/build.ts) and inspected by the integration tests.
    globalSetup: ['tests/setup/build.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
})
