import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Prints, at the end, the tests skipped for a missing system tool and what to install.
    globalSetup: ['test/support/report-skipped-tools.ts'],
    // Kernel and socket tests start real processes; two cores, so keep workers few.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
