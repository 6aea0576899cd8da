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
import { gradescopeResults } from './results-json.js';
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
   * Grade again students that already have results.
   * @default false
   */
  force?: boolean;
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

/** One student done. */
export interface GradeProgress {
  done: number;
  total: number;
  student: string;
  outcome: 'graded' | 'skipped' | 'failed';
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
 * graded, so an interrupted run loses nothing; students with a `grade.json` are skipped unless `force`.
 * `grades.csv` is rewritten at the end with every student in the folder's results.
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
  for (const entry of entries) {
    const previous = options.force ? undefined : await readGrade(join(outDir, entry.student, GRADE_FILE));
    if (previous === undefined) todo.push(entry);
    else {
      rows.set(entry.student, rowOf(previous));
      progress({ student: entry.student, outcome: 'skipped' });
    }
  }
  const summary: GradeRunSummary = { graded: 0, skipped: entries.length - todo.length, failed: [], warnings: [], meanScore: 0, maxScore: 0, rows: [] };
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
    try {
      await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, async () => {
        for (let entry = queue.shift(); entry !== undefined; entry = queue.shift()) {
          try {
            const grade = await gradeSubmission({ ...entry, file: resolve(cwd, entry.file), plan, reference: checks, takeSlot: pool.take, limits });
            grade.file = entry.file;
            await writeStudent(outDir, grade, plan);
            rows.set(entry.student, rowOf(grade));
            summary.graded += 1;
            if (summary.slowest === undefined || grade.durationMs > summary.slowest.durationMs) {
              summary.slowest = { student: grade.student, durationMs: grade.durationMs };
            }
            progress({ student: entry.student, outcome: 'graded', grade });
          } catch (error) {
            summary.failed.push({ ...entry, error: (error as Error).message });
            progress({ student: entry.student, outcome: 'failed' });
          }
        }
      }));
    } finally {
      await pool.close();
    }
  }
  summary.rows = [...rows.values()];
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

async function writeStudent(outDir: string, grade: SubmissionGrade, plan: GradingPlan): Promise<void> {
  const folder = join(outDir, grade.student);
  await atomicWrite(join(folder, 'results.json'), `${JSON.stringify(gradescopeResults(grade, plan.name), null, 2)}\n`);
  await atomicWrite(join(folder, 'feedback.md'), feedbackMarkdown(grade, plan.title));
  await atomicWrite(join(folder, 'feedback.html'), feedbackHtml(grade, plan.title));
  // Written last: its presence is what marks the student as graded.
  await atomicWrite(join(folder, GRADE_FILE), `${JSON.stringify(grade, null, 2)}\n`);
}

function rowOf(grade: SubmissionGrade): GradeRow {
  return {
    student: grade.student, score: grade.score, maxScore: grade.maxScore,
    exercises: Object.fromEntries(grade.exercises.map((exercise) => [exercise.id, exercise.points])),
  };
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
