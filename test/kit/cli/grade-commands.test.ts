import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Io } from '../../../src/kit/cli/command.js';
import { command as assign } from '../../../src/kit/cli/commands/assign.js';
import { command as grade, formatGradeSummary } from '../../../src/kit/cli/commands/grade.js';
import { hiddenVisibility } from '../../../src/kit/cli/hidden-visibility.js';
import { command as gradescope } from '../../../src/kit/cli/commands/gradescope.js';

const io = (): Io & { out: string[] } => {
  const out: string[] = [];
  return { out, stdout: (text) => out.push(text), stderr: (text) => out.push(text), cwd: process.cwd() };
};

test('assign writes the student notebooks of both languages and says where', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'assign-cli-'));
  try {
    const capture = io();
    expect(await assign.run({ values: { out: folder }, positionals: ['test/fixtures/grade/notebooks/es/01-words.md'] }, capture)).toBe(0);
    expect(capture.out.join('')).toBe(`Wrote ${join(folder, 'es', '01-words.ipynb')} (student, 13 cells)\nWrote ${join(folder, 'en', '01-words.ipynb')} (student, 13 cells)\n`);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('grade and gradescope refuse incomplete command lines with a usage error', async () => {
  await expect(grade.run({ values: { out: 'x' }, positionals: ['a.ipynb'] }, io())).rejects.toMatchObject({ code: 'ERR_USAGE', message: 'Missing --lesson LESSON.md' });
  await expect(grade.run({ values: { lesson: 'l.md', out: 'x' }, positionals: [] }, io())).rejects.toMatchObject({ message: 'Give at least one SUBMISSION.ipynb' });
  await expect(grade.run({ values: { lesson: 'l.md', out: 'x', jobs: '0' }, positionals: ['a.ipynb'] }, io())).rejects.toMatchObject({ message: "--jobs must be a number greater than 0, not '0'" });
  await expect(gradescope.run({ values: { lesson: 'l.md' }, positionals: [] }, io())).rejects.toMatchObject({ message: 'Missing --out autograder.zip' });
});

test('--hidden-visibility takes only Gradescope\'s visibilities, after_published when not given', async () => {
  const wrong = "--hidden-visibility must be one of hidden, after_due_date, after_published, visible, not 'later'";
  await expect(gradescope.run({ values: { lesson: 'l.md', out: 'x.zip', 'hidden-visibility': 'later' }, positionals: [] }, io())).rejects.toMatchObject({ code: 'ERR_USAGE', message: wrong });
  await expect(grade.run({ values: { lesson: 'l.md', out: 'x', 'hidden-visibility': 'later' }, positionals: ['a.ipynb'] }, io())).rejects.toMatchObject({ code: 'ERR_USAGE', message: wrong });
  expect(hiddenVisibility({})).toBe('after_published');
  expect(hiddenVisibility({ 'hidden-visibility': 'after_due_date' })).toBe('after_due_date');
});

test('the grade summary gives counts, mean, slowest, each failure and each warning', () => {
  const text = formatGradeSummary({
    graded: 2, skipped: 1, failed: [{ student: 'cy', file: 'cy.ipynb', error: 'Cannot start the tslab kernel' }], meanScore: 4.5, maxScore: 6,
    warnings: ['memory was capped per process'], regraded: 0, retried: [], timedOut: [],
    slowest: { student: 'ana', durationMs: 12_345 },
    rows: [{ student: 'a', score: 3, maxScore: 6, exercises: {}, timedOut: false }, { student: 'b', score: 6, maxScore: 6, exercises: {}, timedOut: false }],
  }, 'out');
  expect(text).toBe([
    'Graded 2, skipped 1 (already graded), failed 1.', 'Mean score 4.5 of 6 over 2 student(s).', 'Slowest: ana (12.3 s).',
    '  failed cy (cy.ipynb): Cannot start the tslab kernel', 'Warning: memory was capped per process.', 'Results in out/ (grades.csv, <student>/results.json, feedback.html, feedback.md).', '',
  ].join('\n'));
});

test('the grade summary names the rows graded again and those still timed out, and says how to regrade them', () => {
  const text = formatGradeSummary({
    graded: 3, skipped: 0, failed: [], meanScore: 5, maxScore: 6, warnings: [], regraded: 1,
    retried: [{ student: 'dan', before: 4, after: 6 }, { student: 'eve', before: 4, after: 4 }, { student: 'cy', after: 5 }], timedOut: ['eve'],
    rows: [{ student: 'dan', score: 6, maxScore: 6, exercises: {}, timedOut: false }, { student: 'eve', score: 4, maxScore: 6, exercises: {}, timedOut: true }],
  }, 'out');
  expect(text).toBe([
    'Graded 3 (1 marked timed out by an earlier run), skipped 0 (already graded), failed 0.', 'Mean score 5 of 6 over 2 student(s).',
    'Graded again, alone at the end, after a time limit cost points or no kernel started: dan 4 -> 6, eve 4 -> 4, cy not graded -> 5.',
    'Timed out (timed_out=yes in grades.csv): eve. An endless loop times out too; if theirs does not loop, the machine was too slow: ' +
      'run the same command again, on a quieter machine, and it grades them again.',
    'Results in out/ (grades.csv, <student>/results.json, feedback.html, feedback.md).', '',
  ].join('\n'));
});
