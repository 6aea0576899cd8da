import cliProgress from 'cli-progress';
import { gradeRun, type GradeRunSummary } from '../../grade/grade-run.js';
import { GRADESCOPE_VISIBILITIES } from '../../grade/results-json.js';
import { type Command, UsageError } from '../command.js';
import { hiddenVisibility } from '../hidden-visibility.js';

/** Reads a positive number option, in the unit the help gives. */
function positive(values: Record<string, unknown>, name: string, fallback: number): number {
  const raw = values[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!(Number.isFinite(value) && value > 0)) throw new UsageError(`--${name} must be a number greater than 0, not '${String(raw)}'`);
  return value;
}

/**
 * The summary printed after grading: counts, mean, slowest, and the failures.
 *
 * @example
 * formatGradeSummary(summary, 'grades'); // 'Graded 30, skipped 0, failed 0 ...'
 */
export function formatGradeSummary(summary: GradeRunSummary, outDir: string): string {
  const regraded = summary.regraded > 0 ? ` (${summary.regraded} marked timed out by an earlier run)` : '';
  const lines = [
    `Graded ${summary.graded}${regraded}, skipped ${summary.skipped} (already graded), failed ${summary.failed.length}.`,
    `Mean score ${summary.meanScore} of ${summary.maxScore} over ${summary.rows.length} student(s).`,
  ];
  if (summary.slowest) lines.push(`Slowest: ${summary.slowest.student} (${(summary.slowest.durationMs / 1000).toFixed(1)} s).`);
  for (const failure of summary.failed) lines.push(`  failed ${failure.student} (${failure.file}): ${failure.error}`);
  if (summary.retried.length > 0) {
    lines.push(`Graded again, alone at the end, after a time limit cost points or no kernel started: ${summary.retried.map((entry) => `${entry.student} ${entry.before ?? 'not graded'} -> ${entry.after}`).join(', ')}.`);
  }
  if (summary.timedOut.length > 0) {
    lines.push(`Timed out (timed_out=yes in grades.csv): ${summary.timedOut.join(', ')}. An endless loop times out too; if theirs does not loop, ` +
      'the machine was too slow: run the same command again, on a quieter machine, and it grades them again.');
  }
  for (const warning of summary.warnings) lines.push(`Warning: ${warning}.`);
  lines.push(`Results in ${outDir}/ (grades.csv, <student>/results.json, feedback.html, feedback.md).`);
  return `${lines.join('\n')}\n`;
}

/**
 * `socketbook grade --lesson LESSON.md SUBMISSION.ipynb... --out DIR`: grades submitted notebooks.
 *
 * @example
 * await main(['grade', '--lesson', 'notebooks/en/04-tcp-echo.md', 'subs/ana.ipynb', '--out', 'grades']);
 */
export const command: Command = {
  name: 'grade',
  summary: 'Grade submitted notebooks in sandboxed kernels: grades.csv, results.json and feedback per student',
  usage: '--lesson LESSON.md SUBMISSION.ipynb... --out DIR [--jobs N] [--force] [--no-retry] [--no-sandbox] [--hidden-visibility V]',
  options: {
    lesson: { type: 'string', short: 'l' },
    out: { type: 'string', short: 'o' },
    jobs: { type: 'string', short: 'j' },
    force: { type: 'boolean' },
    'no-retry': { type: 'boolean' },
    'no-sandbox': { type: 'boolean' },
    'hidden-visibility': { type: 'string' },
    timeout: { type: 'string' },
    'notebook-timeout': { type: 'string' },
    memory: { type: 'string' },
  },
  help: {
    lesson: 'the lesson Markdown: solutions and hidden tests come from it',
    out: 'folder for grades.csv and one folder per student',
    jobs: 'submissions graded at once, each in its own kernel (default 2)',
    force: 'grade again students that already have results (without it, only those marked timed out)',
    'no-retry': 'do not grade a submission that lost points to a time limit once more, alone, at the end of the run',
    'hidden-visibility': `Gradescope visibility of hidden cases in results.json: ${GRADESCOPE_VISIBILITIES.join(', ')} (default after_published)`,
    'no-sandbox': 'run student code without bubblewrap (only where it may run with your rights)',
    timeout: 'seconds one cell may run (default 30)',
    'notebook-timeout': 'seconds one submission may run in all (default 300)',
    memory: 'heap limit of each kernel in MiB; all its memory may reach twice this (default 512)',
  },
  run: async ({ values, positionals }, io) => {
    if (typeof values.lesson !== 'string') throw new UsageError('Missing --lesson LESSON.md');
    if (typeof values.out !== 'string') throw new UsageError('Missing --out DIR');
    if (positionals.length === 0) throw new UsageError('Give at least one SUBMISSION.ipynb');
    const jobs = positive(values, 'jobs', 2);
    if (!Number.isInteger(jobs)) throw new UsageError(`--jobs must be a whole number, not '${String(values.jobs)}'`);
    const visibility = hiddenVisibility(values);
    const bar = process.stderr.isTTY === true
      ? new cliProgress.SingleBar({ format: 'grading {bar} {value}/{total} | {student}', hideCursor: true, clearOnComplete: true, stream: process.stderr },
        cliProgress.Presets.shades_classic)
      : undefined;
    bar?.start(positionals.length, 0, { student: '' });
    let summary: GradeRunSummary;
    try {
      summary = await gradeRun({
        lessonPath: values.lesson,
        submissions: positionals,
        outDir: values.out,
        cwd: io.cwd,
        jobs,
        force: values.force === true,
        retryTimedOut: values['no-retry'] !== true,
        hiddenVisibility: visibility,
        sandbox: values['no-sandbox'] !== true,
        memoryMb: positive(values, 'memory', 512),
        limits: {
          cellTimeoutMs: positive(values, 'timeout', 30) * 1000,
          notebookTimeoutMs: positive(values, 'notebook-timeout', 300) * 1000,
        },
        onProgress: ({ done, total, student, outcome, grade }) => {
          if (bar) bar.update(done, { student });
          else io.stderr(`[${done}/${total}] ${outcome.padEnd(7)} ${student}${grade ? ` ${grade.score}/${grade.maxScore}` : ''}\n`);
        },
      });
    } finally {
      bar?.stop();
    }
    io.stdout(formatGradeSummary(summary, values.out));
    return summary.failed.length === 0 ? 0 : 1;
  },
};
