import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gradeRun, type GradeRunSummary } from '../../../src/kit/grade/grade-run.js';
import type { SubmissionGrade } from '../../../src/kit/grade/grade-submission.js';
import { createSlotFactory } from '../../../src/kit/grade/kernel-slots.js';
import { resolveKernelSpec } from '../../../src/kit/kernel/kernelspec.js';
import { exportLessonNotebook } from '../../../src/kit/notebook/export-notebook.js';
import { projectRoot } from '../../support/jupyter.js';
import { explainGrade } from '../../support/explain-grade.js';
import { toolTestsRun } from '../../support/optional-tools.js';

/** The corpus needs bubblewrap; elsewhere than CI the test is skipped when it is not installed. */
const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const run = toolTestsRun('bubblewrap', hasBwrap);
const lessonPath = 'test/fixtures/grade/notebooks/en/01-words.md';
const corpus = resolve(projectRoot, 'test/fixtures/submissions');
const expected = JSON.parse(await readFile(join(corpus, 'expected.json'), 'utf8')) as Record<string, { score: number; exercises: Record<string, number>; behaviour: string }>;

describe.skipIf(!run)('the submission corpus, graded on real tslab kernels in the sandbox', () => {
  let folder: string;
  let summary: GradeRunSummary;
  const grades = new Map<string, SubmissionGrade>();

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'grade-corpus-'));
    await mkdir(join(folder, 'workspaces'));
    const lesson = resolve(projectRoot, lessonPath);
    // One submission made here: it probes the sandbox with this machine's real paths.
    const { notebook } = await exportLessonNotebook(lessonPath, { variant: 'student', outputPath: 'x.ipynb', cwd: projectRoot });
    const probe = [
      "import * as fs from 'node:fs';",
      'function shout(text: string): string {',
      '  const escapes: string[] = [];',
      `  try { fs.readFileSync(${JSON.stringify(lesson)}); escapes.push('read the lesson'); } catch {}`,
      `  try { fs.writeFileSync(${JSON.stringify(join(projectRoot, 'escaped.txt'))}, 'x'); escapes.push('wrote in the project'); } catch {}`,
      "  try { fs.writeFileSync('../../lib/escaped.txt', 'x'); escapes.push('wrote in lib'); } catch {}",
      "  try { fs.readdirSync('/root'); escapes.push('listed /root'); } catch {}",
      "  return escapes.length === 0 ? text.toUpperCase() : escapes.join(', ');",
      '}',
    ].join('\n');
    for (const cell of notebook.cells) if (cell.id === 'shout') cell.source = probe;
    await writeFile(join(folder, 'sandbox-probe.ipynb'), JSON.stringify(notebook));
    const submissions = [...Object.keys(expected).map((name) => join(corpus, `${name}.ipynb`)), join(folder, 'sandbox-probe.ipynb')];
    summary = await gradeRun({
      lessonPath, cwd: projectRoot, submissions, outDir: join(folder, 'out'), jobs: 2, tempRoot: join(folder, 'workspaces'),
      limits: { cellTimeoutMs: 10_000, notebookTimeoutMs: 90_000 },
      onProgress: ({ grade }) => {
        if (grade) grades.set(grade.student, grade);
      },
    });
  }, 900_000);

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('every submission is graded, none fails', () => {
    expect(summary.failed).toEqual([]);
    expect(summary.graded).toBe(Object.keys(expected).length + 1);
  });

  test.each(Object.entries(expected))('%s scores exactly as expected', (name, want) => {
    const grade = grades.get(name);
    expect(grade, want.behaviour).toBeDefined();
    const scores = Object.fromEntries(grade!.exercises.map((exercise) => [exercise.id, exercise.points]));
    expect(scores, `${want.behaviour}\n  ${explainGrade(grade)}`).toEqual(want.exercises);
    expect(grade!.score).toBe(want.score);
  });

  test('student code cannot read the lesson nor write outside its folder', () => {
    const probe = grades.get('sandbox-probe')!;
    expect(probe.exercises[0]!.tests[0]!.cases.map((entry) => entry.actual ?? 'passed')).toEqual(['passed', 'passed']);
    expect(probe.exercises[0]!.points).toBe(2);
    expect(existsSync(join(projectRoot, 'escaped.txt'))).toBe(false);
    expect(existsSync(join(projectRoot, 'lib', 'escaped.txt'))).toBe(false);
  });

  test('misbehaving submissions say why they lost points', () => {
    expect(grades.get('infinite-loop')!.exercises[0]!.tests[0]!.reason?.en).toMatch(/^Stopped: it ran longer than 10 s/);
    expect(grades.get('process-exit')!.exercises[1]!.tests[0]!.reason?.en).toMatch(/kernel crashed/);
    expect(grades.get('invalid-json')!.notes[0]!.en).toMatch(/not valid JSON/);
    expect(grades.get('wrong-kernel')!.notes[0]!.en).toMatch(/names the kernel 'python3'/);
    expect(grades.get('other-language')!.notes[0]!.en).toMatch(/This is the es notebook/);
    expect(grades.get('deleted-answer')!.exercises[0]!.notes[0]!.en).toMatch(/is missing/);
  });

  test('nothing a submission started outlives the run: no process, no temporary folder', () => {
    const pgrep = spawnSync('pgrep', ['-f', 'sleep 424242']);
    expect(pgrep.stdout.toString()).toBe('');
    expect(readdirSync(join(folder, 'workspaces'))).toEqual([]);
  });

  test('a re-run skips every graded student', async () => {
    const again = await gradeRun({ lessonPath, cwd: projectRoot, submissions: [join(corpus, 'perfect.ipynb')], outDir: join(folder, 'out') });
    expect(again).toMatchObject({ graded: 0, skipped: 1 });
    expect(execFileSync('head', ['-1', join(folder, 'out', 'grades.csv')]).toString()).toBe('student,total,max,shout,echo-once,double,timed_out\n');
  });
});

/**
 * The tampering submissions again, on Deno's kernel: the checker runs there too, so a student who does
 * their self-checks on Deno meets the same seal. Deno's kernel has no Unix-socket transport, so it cannot
 * run in the sandbox: this grades without it (the seal does not depend on the sandbox).
 */
describe("the tampering submissions, graded on Deno's kernel", () => {
  const tampering = Object.keys(expected).filter((name) => name.startsWith('tamper-'));
  const grades = new Map<string, SubmissionGrade>();
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'grade-corpus-deno-'));
    const kernelSpec = resolveKernelSpec('deno', { from: projectRoot });
    await gradeRun({
      lessonPath, cwd: projectRoot, outDir: join(folder, 'out'), jobs: 2,
      submissions: ['empty', ...tampering].map((name) => join(corpus, `${name}.ipynb`)),
      limits: { cellTimeoutMs: 10_000, notebookTimeoutMs: 90_000 },
      slotFactory: (plan) => createSlotFactory({ projectRoot, kernelSpec, plan, limits: {}, sandbox: false, tempRoot: folder }),
      onProgress: ({ grade }) => {
        if (grade) grades.set(grade.student, grade);
      },
    });
  }, 600_000);

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('there are four kinds of tampering in the corpus', () => {
    expect([...tampering].sort()).toEqual(['tamper-disarmed-assert', 'tamper-fake-reports', 'tamper-patched-prototype', 'tamper-replaced-helpers']);
  });

  test.each(tampering)('%s scores exactly what the empty notebook scores', (name) => {
    const empty = grades.get('empty')!;
    expect(empty.score).toBe(0);
    const grade = grades.get(name)!;
    expect(Object.fromEntries(grade.exercises.map((exercise) => [exercise.id, exercise.points])), expected[name]!.behaviour)
      .toEqual(Object.fromEntries(empty.exercises.map((exercise) => [exercise.id, exercise.points])));
    expect(grade.score).toBe(empty.score);
  });
});
