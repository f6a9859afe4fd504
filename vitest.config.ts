import { defineConfig } from 'vitest/config'

/** One layer of tests: its folder, run after the layers before it (fast failures first). */
const layer = (name: string, include: string[], groupOrder: number, retry = 0) => ({
  extends: true as const,
  test: { name, include, sequence: { groupOrder }, retry },
})

export default defineConfig({
  // tsconfig keeps JSX for Next ("preserve"); tests that render admin components need it compiled.
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    environment: 'node',
    // Each file boots its own Payload on its own temp SQLite file; two cores, so run files one after another.
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    env: { NEXT_TELEMETRY_DISABLED: '1', PAYLOAD_SECRET: 'test-secret-not-for-production' },
    // `npm run test:unit` / `test:integration` / `test:e2e` run one layer; `npm test` runs all three in this order.
    projects: [
      // Pure functions: no Payload, no browser, no build (seconds).
      layer('unit', ['tests/unit/**/*.test.ts'], 0),
      // Real Payload on a temp SQLite file, REST through the real route handlers, real processes.
      layer('integration', ['tests/integration/**/*.test.ts'], 1),
      // Real site builds and real Chromium.
      // In CI a browser step may retry once: on a loaded 2-core machine the admin's rendering sometimes lags a
      // step's 30-s wait (seen while other suites ran beside CI); vitest reports every retried test.
      layer('e2e', ['tests/e2e/**/*.test.ts'], 2, process.env.CI ? 1 : 0),
    ],
  },
})
