import { defineConfig } from 'vitest/config'

export default defineConfig({
  // tsconfig keeps JSX for Next ("preserve"); tests that render admin components need it compiled.
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Each file boots its own Payload on its own temp SQLite file; two cores, so run files one after another.
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    env: { NEXT_TELEMETRY_DISABLED: '1', PAYLOAD_SECRET: 'test-secret-not-for-production' },
  },
})
