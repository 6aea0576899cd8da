import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atomicWrite } from '../fs/atomic-write.js';
import { resolveKernelSpec } from '../kernel/kernelspec.js';
import { readLesson } from '../lesson/read-lesson.js';
import { feedbackHtml, feedbackMarkdown } from './feedback.js';
import { GradeError } from './grade-errors.js';
import { gradesCsv, type GradeRow } from './grades-csv.js';
import { buildGradingPlan, type GradingPlan } from './grading-plan.js';
import { gradeSubmission, type KernelSlot, type SubmissionGrade } from './grade-submission.js';
import { createSlotFactory, createSlotPool } from './kernel-slots.js';
import { canMakeProcessGroups } from './process-group.js';
import { assertReference, runReference } from './reference-run.js';
import { type GradescopeVisibility, gradescopeResults } from './results-json.js';
import type { RunLimits } from './run-steps.js';
import type { PlannedCheck, ReferenceChecks } from './score-exercises.js';
import { studentId } from './student-id.js';
import { checkSandbox } from './workspace.js';

/** This package's root: `node_modules` and `lib` for the kernels come from here. */
const PACKAGE_ROOT = resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..');

/** Options of {@link gradeRun}. */
export interface GradeRunOptions {
  /** The lesson Markdown (`notebooks/en/04-tcp-echo.md`): solutions and hidden tests come from it. */
  lessonPath: string;
  /** Submitted `.ipynb` files. */
  submissions: string[];
  /** Where results go: `grades.csv` and one folder per student. */
  outDir: string;
  /**
   * Submissions graded at once, each in its own kernel.
   * @default 2
   */
  jobs?: number;
  /**
   * Grade again students that already have results. Without it, only those whose points a time limit may
   * have cost (`timed_out` in `grades.csv`) are graded again.
   * @default false
   */
  force?: boolean;
  /**
   * Grade a submission that lost points to a time limit once more at the end of the run, alone, and keep
   * that grade: under load a correct answer can time out, an endless loop times out again. A submission
   * no kernel could be started for is tried again the same way.
   * @default true
   */
  retryTimedOut?: boolean;
  /**
   * Gradescope visibility of the hidden cases in each `results.json` (see {@link GradescopeVisibility}).
   * @default 'after_published'
   */
  hiddenVisibility?: GradescopeVisibility;
  /**
   * Run student code inside bubblewrap.
   * @default true
   */
  sandbox?: boolean;
  limits?: RunLimits;
  /**
   * Memory of each kernel, in MiB: the V8 heap may grow to this, and all its data (heap and buffers) to
   * twice this in the sandbox.
   * @default 512
   */
  memoryMb?: number;
  /**
   * Output bytes kept per executed cell.
   * @default 1_048_576
   */
  maxOutputBytes?: number;
  /**
   * Relative paths are resolved from here.
   * @default process.cwd()
   */
  cwd?: string;
  /**
   * Where `node_modules` (with tslab) and the compiled library `lib/` are.
   * @default this package's root
   */
  projectRoot?: string;
  /**
   * Where each submission's temporary workspace is made.
   * @default os.tmpdir()
   */
  tempRoot?: string;
  /** Called after each student is done (graded, skipped or failed). */
  onProgress?: (event: GradeProgress) => void;
  /** Replaces real kernels, for tests: makes slots for a plan. */
  slotFactory?: (plan: GradingPlan) => () => Promise<KernelSlot>;
}

/** One student done, or (`retried`) graded once more at the end of the run: that grade replaces the first. */
export interface GradeProgress {
  done: number;
  total: number;
  student: string;
  outcome: 'graded' | 'skipped' | 'failed' | 'retried';
  grade?: SubmissionGrade;
}

/** What a grading run did. */
export interface GradeRunSummary {
  graded: number;
  skipped: number;
  /** Submissions that could not be graded because of the grader itself (a kernel that would not start). */
  failed: Array<{ student: string; file: string; error: string }>;
  /** What the grader could not do on this machine and the person grading should know. */
  warnings: string[];
  /** Students graded again because an earlier run marked them timed out (counted in `graded`). */
  regraded: number;
  /**
   * Submissions graded once more at the end of this run, alone: those that lost points to a time limit
   * (their score before and after) and those no kernel could be started for (no score before).
   */
  retried: Array<{ student: string; before?: number; after: number }>;
  /** Students whose row is still marked timed out in grades.csv. */
  timedOut: string[];
  /** Mean score of every student in grades.csv. */
  meanScore: number;
  maxScore: number;
  slowest?: { student: string; durationMs: number };
  rows: GradeRow[];
}

const GRADE_FILE = 'grade.json';
const REFERENCE_FILE = '.reference.json';

/**
 * Grades submissions of one lesson: a reference run of the solutions (cached in the output folder), then
 * every submission in its own sandboxed kernel, `jobs` at a time with kernels started ahead. Each student's
 * `results.json`, `feedback.md`, `feedback.html` and `grade.json` are written atomically as soon as they are
 * graded, so an interrupted run loses nothing; students with a `grade.json` are skipped unless `force`,
 * or unless a time limit may have cost them points. Those are also graded once more, alone, at the end
 * of the run (`retryTimedOut`). `grades.csv` is rewritten at the end with every student in the folder's results.
 *
 * @example
 * const summary = await gradeRun({ lessonPath: 'notebooks/en/04-tcp-echo.md', submissions: ['subs/ana.ipynb'], outDir: 'grades' });
 * console.log(summary.graded, summary.meanScore);
 */
export async function gradeRun(options: GradeRunOptions): Promise<GradeRunSummary> {
  const cwd = options.cwd ?? process.cwd();
  const outDir = resolve(cwd, options.outDir);
  const lessonText = await readFile(resolve(cwd, options.lessonPath), 'utf8');
  const lesson = await readLesson(options.lessonPath, { cwd });
  let plan = buildGradingPlan(lesson);
  const limits = options.limits ?? {};
  const entries = assignStudents(options.submissions, plan.name);
  const rows = new Map<string, GradeRow>();
  const todo: Array<{ student: string; file: string }> = [];
  let done = 0;
  const progress = (event: Omit<GradeProgress, 'done' | 'total'>): void => {
    done += 1;
    options.onProgress?.({ ...event, done, total: entries.length });
  };
  let regraded = 0;
  for (const entry of entries) {
    const previous = options.force ? undefined : await readGrade(join(outDir, entry.student, GRADE_FILE));
    if (previous === undefined || isTimedOut(previous)) {
      todo.push(entry);
      if (previous !== undefined) regraded += 1;
    } else {
      rows.set(entry.student, rowOf(previous));
      progress({ student: entry.student, outcome: 'skipped' });
    }
  }
  const summary: GradeRunSummary = {
    graded: 0, skipped: entries.length - todo.length, failed: [], warnings: [], regraded, retried: [], timedOut: [], meanScore: 0, maxScore: 0, rows: [],
  };
  if (todo.length > 0) {
    if (options.sandbox !== false && options.slotFactory === undefined) {
      await checkSandbox();
      if (!(await canMakeProcessGroups())) {
        summary.warnings.push('This machine does not let socketbook make control groups (it needs root and cgroup v1 or v2 with the pids ' +
          'and memory controllers): memory was capped per process, and the processes a submission starts were not counted');
      }
    }
    const projectRoot = options.projectRoot ?? PACKAGE_ROOT;
    const kernelSpec = options.slotFactory === undefined ? resolveKernelSpec('tslab', { from: projectRoot }) : undefined;
    const factoryFor = options.slotFactory ?? ((forPlan: GradingPlan) => createSlotFactory({
      projectRoot, kernelSpec: kernelSpec!, plan: forPlan, limits,
      ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }),
      ...(options.memoryMb === undefined ? {} : { memoryMb: options.memoryMb }),
      ...(options.maxOutputBytes === undefined ? {} : { maxOutputBytes: options.maxOutputBytes }),
      ...(options.tempRoot === undefined ? {} : { tempRoot: options.tempRoot }),
    }));
    const referenceKey = createHash('sha256').update(lessonText).digest('hex');
    let reference = await readReference(join(outDir, REFERENCE_FILE), referenceKey);
    if (reference === undefined) {
      let mergeSetup = true;
      let result = await runReference(plan, await factoryFor(plan)(), limits);
      if (!result.setupOk) {
        mergeSetup = false;
        plan = buildGradingPlan(lesson, { mergeSetup });
        result = await runReference(plan, await factoryFor(plan)(), limits);
      }
      // A busy machine can stop a solution at a time limit: refuse the lesson only if it fails twice.
      if (result.failures.length > 0) result = await runReference(plan, await factoryFor(plan)(), limits);
      assertReference(plan, result);
      reference = { mergeSetup, checks: result.checks };
      await atomicWrite(join(outDir, REFERENCE_FILE), serializeReference(referenceKey, reference));
    } else if (!reference.mergeSetup) {
      plan = buildGradingPlan(lesson, { mergeSetup: false });
    }
    const checks = reference.checks;
    const jobs = Math.max(1, options.jobs ?? 2);
    const pool = createSlotPool(factoryFor(plan), { size: jobs, total: todo.length });
    const queue = [...todo];
    // Graded with points lost to a time limit, or not graded because no kernel came (a start timeout).
    const timedOut: Array<{ student: string; file: string; score?: number }> = [];
    /** Grades one student on a kernel from `takeSlot`; the grade names the file as it was given. */
    const gradeEntry = async (entry: { student: string; file: string }, takeSlot: () => Promise<KernelSlot>): Promise<SubmissionGrade> => {
      const grade = await gradeSubmission({ ...entry, file: resolve(cwd, entry.file), plan, reference: checks, takeSlot, limits });
      grade.file = entry.file;
      return grade;
    };
    const write = async (grade: SubmissionGrade): Promise<void> => {
      await writeStudent(outDir, grade, plan, options.hiddenVisibility);
      rows.set(grade.student, rowOf(grade));
    };
    try {
      await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, async () => {
        for (let entry = queue.shift(); entry !== undefined; entry = queue.shift()) {
          try {
            const grade = await gradeEntry(entry, pool.take);
            await write(grade);
            if (isTimedOut(grade)) timedOut.push({ ...entry, score: grade.score });
            summary.graded += 1;
            if (summary.slowest === undefined || grade.durationMs > summary.slowest.durationMs) {
              summary.slowest = { student: grade.student, durationMs: grade.durationMs };
            }
            progress({ student: entry.student, outcome: 'graded', grade });
          } catch (error) {
            summary.failed.push({ ...entry, error: (error as Error).message });
            timedOut.push(entry);
            progress({ student: entry.student, outcome: 'failed' });
          }
        }
      }));
    } finally {
      await pool.close();
    }
    if (options.retryTimedOut !== false && timedOut.length > 0) {
      // One at a time, after the others: a kernel that timed out because the machine was busy gets it quiet.
      const takeSlot = factoryFor(plan);
      for (const entry of timedOut.sort((a, b) => (a.student < b.student ? -1 : 1))) {
        let grade: SubmissionGrade;
        try {
          grade = await gradeEntry({ student: entry.student, file: entry.file }, takeSlot);
        } catch {
          continue; // No kernel for the retry either: the first outcome stands.
        }
        await write(grade);
        if (entry.score === undefined) {
          summary.failed = summary.failed.filter((failure) => failure.student !== entry.student);
          summary.graded += 1;
        }
        summary.retried.push({ student: entry.student, ...(entry.score === undefined ? {} : { before: entry.score }), after: grade.score });
        options.onProgress?.({ done, total: entries.length, student: entry.student, outcome: 'retried', grade });
      }
    }
  }
  summary.rows = [...rows.values()];
  summary.timedOut = summary.rows.filter((row) => row.timedOut).map((row) => row.student).sort();
  summary.maxScore = plan.exercises.reduce((sum, exercise) => sum + exercise.maxPoints, 0);
  summary.meanScore = summary.rows.length === 0 ? 0 : Math.round((summary.rows.reduce((sum, row) => sum + row.score, 0) / summary.rows.length) * 100) / 100;
  await atomicWrite(join(outDir, 'grades.csv'), gradesCsv(plan, summary.rows));
  return summary;
}

function assignStudents(files: readonly string[], lessonName: string): Array<{ student: string; file: string }> {
  const seen = new Map<string, string>();
  return files.map((file) => {
    const student = studentId(file, lessonName);
    const other = seen.get(student);
    if (other !== undefined) {
      throw new GradeError('ERR_GRADE_DUPLICATE_STUDENT', `Cannot grade: ${other} and ${file} both give the student id '${student}'. Rename one, or put each in a folder named after its student`);
    }
    seen.set(student, file);
    return { student, file };
  });
}

async function writeStudent(outDir: string, grade: SubmissionGrade, plan: GradingPlan, hiddenVisibility: GradescopeVisibility | undefined): Promise<void> {
  const folder = join(outDir, grade.student);
  const results = gradescopeResults(grade, plan.name, hiddenVisibility === undefined ? {} : { hiddenVisibility });
  await atomicWrite(join(folder, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await atomicWrite(join(folder, 'feedback.md'), feedbackMarkdown(grade, plan.title));
  await atomicWrite(join(folder, 'feedback.html'), feedbackHtml(grade, plan.title));
  // Written last: its presence is what marks the student as graded.
  await atomicWrite(join(folder, GRADE_FILE), `${JSON.stringify(grade, null, 2)}\n`);
}

function rowOf(grade: SubmissionGrade): GradeRow {
  return {
    student: grade.student, score: grade.score, maxScore: grade.maxScore,
    exercises: Object.fromEntries(grade.exercises.map((exercise) => [exercise.id, exercise.points])),
    timedOut: isTimedOut(grade),
  };
}

/** Whether a time limit may have cost the grade points (a grade.json from before the mark says no). */
function isTimedOut(grade: SubmissionGrade): boolean {
  return grade.exercises.some((exercise) => exercise.timedOut !== undefined);
}

async function readGrade(path: string): Promise<SubmissionGrade | undefined> {
  try {
    const grade = JSON.parse(await readFile(path, 'utf8')) as SubmissionGrade;
    return typeof grade.score === 'number' && Array.isArray(grade.exercises) ? grade : undefined;
  } catch {
    return undefined;
  }
}

interface CachedReference {
  mergeSetup: boolean;
  checks: ReferenceChecks;
}

async function readReference(path: string, key: string): Promise<CachedReference | undefined> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as { key?: unknown; mergeSetup?: unknown; checks?: Record<string, PlannedCheck[]> };
    if (data.key !== key || typeof data.mergeSetup !== 'boolean' || typeof data.checks !== 'object' || data.checks === null) return undefined;
    return { mergeSetup: data.mergeSetup, checks: new Map(Object.entries(data.checks)) };
  } catch {
    return undefined;
  }
}

function serializeReference(key: string, reference: CachedReference): string {
  return `${JSON.stringify({ key, mergeSetup: reference.mergeSetup, checks: Object.fromEntries(reference.checks) }, null, 2)}\n`;
}
