import { defineConfig } from 'vitest/config';
import LongestFirst from './test/support/longest-first.js';

/**
 * The slow tier: tests that run every lesson or drive real kernels, Jupyter, Chromium or the sandboxed
 * grader. Everything else is the fast tier (`npm run test:fast`, under a minute); `npm test` runs both.
 */
const SLOW = [
  'test/kit/course-*.test.ts',
  'test/kit/jupyter-crosscheck.test.ts',
  'test/kit/starter.test.ts',
  'test/kit/kernel/kernel-*.test.ts',
  'test/kit/build/*.test.ts',
  'test/kit/slides/{deck-browser,overflow-check,nbconvert-structure,deck-queue}.test.ts',
  'test/kit/cli/commands/{serve-start,slides,run}.test.ts',
  'test/kit/grade/{gradescope-bundle,corpus,workspace}.test.ts',
  'test/kit/notebook/round-trip.test.ts',
  'test/kit/site/site-server.test.ts',
];

export default defineConfig({
  test: {
    // Prints, at the end, the tests skipped for a missing system tool and what to install.
    globalSetup: ['test/support/report-skipped-tools.ts'],
    // Kernel and socket tests start real processes; two cores, so keep workers few.
    pool: 'forks',
    maxWorkers: 2,
    // Tests marked concurrent (the lesson runs) run two at a time in their file.
    maxConcurrency: 2,
    // The files that run every lesson start first, one per worker (test/support/longest-first.ts).
    sequence: { sequencer: LongestFirst },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: SLOW } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
