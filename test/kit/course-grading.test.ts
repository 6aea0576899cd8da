import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { gradeRun } from '../../src/kit/grade/grade-run.js';
import type { SubmissionGrade } from '../../src/kit/grade/grade-submission.js';
import { lessonPaths, studentNotebookPath } from '../../src/kit/lesson/lesson-paths.js';
import { exportLessonNotebook } from '../../src/kit/notebook/export-notebook.js';
import { projectRoot } from '../support/jupyter.js';
import { explainGrade, scoreOf } from '../support/explain-grade.js';
import { toolTestsRun } from '../support/optional-tools.js';

/**
 * Grades every lesson of the course through the real grader, as `socketbook grade --jobs 2` does in CI:
 * the solutions notebook must earn every point and the committed student notebook none. One grade run
 * per lesson and language grades both, so each lesson costs one reference run and two submissions.
 */

const lessons = (await lessonPaths(projectRoot)).map((path) => relative(projectRoot, path));

// The grader runs every kernel inside bubblewrap. CI installs it (.ci/run); elsewhere, without it, skip.
const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const skipReason = !toolTestsRun('bubblewrap', hasBwrap)
  ? 'skipped: bubblewrap (bwrap) is not installed and CI is unset; apt-get install bubblewrap to run it'
  : undefined;

/** The limits of `socketbook grade` when no option is given. */
const CLI_LIMITS = { cellTimeoutMs: 30_000, notebookTimeoutMs: 300_000 };

/** One line per lesson for the table printed at the end: what each submission scored and how long it took. */
const results: string[] = [];

test('the course has lessons to grade', () => {
  expect(lessons.length).toBeGreaterThan(0);
});

// A lesson's grading waits on its kernels' timers and sockets much of the time: two lessons at once (see
// maxConcurrency in vitest.config.ts) keep the cores busy.
describe.skipIf(skipReason !== undefined).concurrent(`every lesson grades right in the sandboxed grader${skipReason ? ` (${skipReason})` : ''}`, () => {
  afterAll(() => {
    if (results.length > 0) console.log(['lesson | solutions | student | seconds', ...results].join('\n'));
  });

  test.each(lessons)('%s: its solutions score full marks and its committed student notebook scores zero', async (lessonPath) => {
    const folder = await mkdtemp(join(tmpdir(), 'course-grading-'));
    const began = Date.now();
    const grades = new Map<string, SubmissionGrade>();
    try {
      const solutions = join(folder, 'solutions.ipynb');
      const student = join(folder, 'student.ipynb');
      const { json } = await exportLessonNotebook(lessonPath, { variant: 'solutions', outputPath: solutions, cwd: projectRoot });
      await writeFile(solutions, json);
      await copyFile(join(projectRoot, studentNotebookPath(lessonPath)), student);
      await mkdir(join(folder, 'workspaces'));
      const summary = await gradeRun({
        lessonPath, cwd: projectRoot, submissions: [solutions, student], outDir: join(folder, 'out'),
        jobs: 2, tempRoot: join(folder, 'workspaces'), limits: CLI_LIMITS,
        onProgress: ({ grade }) => {
          if (grade) grades.set(grade.student, grade);
        },
      });
      expect(summary.failed).toEqual([]);
      const solved = grades.get('solutions');
      const stub = grades.get('student');
      expect(solved?.maxScore ?? 0, 'the lesson has points to earn').toBeGreaterThan(0);
      expect(solved?.score, `the solutions lost points:\n  ${explainGrade(solved)}`).toBe(solved?.maxScore);
      expect(stub?.score, `the student notebook earned points:\n  ${explainGrade(stub)}`).toBe(0);
    } finally {
      const seconds = ((Date.now() - began) / 1000).toFixed(1);
      results.push(`${lessonPath} | ${scoreOf(grades.get('solutions'))} | ${scoreOf(grades.get('student'))} | ${seconds}`);
      await rm(folder, { recursive: true, force: true });
    }
  }, 600_000);
});
