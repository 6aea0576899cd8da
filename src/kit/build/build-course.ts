import { KitError } from '../kit-error.js';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { atomicWrite } from '../fs/atomic-write.js';
import { type CellFailure, executeNotebook } from '../kernel/execute-notebook.js';
import type { KernelName } from '../kernel/kernelspec.js';
import type { Lesson } from '../lesson/lesson.js';
import { LessonError } from '../lesson/lesson-error.js';
import { checkLessonParity } from '../lesson/lesson-parity.js';
import { counterpartPath, lessonPaths, studentNotebookPath } from '../lesson/lesson-paths.js';
import { parseLesson } from '../lesson/parse-lesson.js';
import { buildNotebook } from '../notebook/build-notebook.js';
import { serializeNotebook } from '../notebook/serialize-notebook.js';
import { hashFolder, lessonHash } from './content-hash.js';
import { runPool } from './run-pool.js';

/** Options of {@link buildCourse}. */
export interface BuildCourseOptions {
  /** The project folder (with `notebooks/`, `lib/`). */
  root: string;
  /** Lesson files to build; all of `notebooks/<lang>/NN-slug.md` when empty. @default [] */
  lessons?: string[];
  /** Lessons executed at once, each in its own kernel. @default 1 */
  jobs?: number;
  /** @default 'tslab' */
  kernel?: KernelName;
  /** Execute the solution notebooks (false: only check lessons and write student notebooks). @default true */
  execute?: boolean;
  /** Execute even lessons whose content hash has not changed. @default false */
  force?: boolean;
  /** Per-cell timeout. @default 60_000 */
  cellTimeoutMs?: number;
  /** Told when a lesson starts and ends, for a progress bar. */
  onProgress?: (event: { lesson: string; phase: 'start' | 'end'; result?: LessonBuildResult }) => void;
}

/** What happened to one lesson. */
export interface LessonBuildResult {
  /** The lesson file, relative to the root. */
  lesson: string;
  cells: number;
  /** executed: ran now; cached: unchanged since its last successful run; checked: not executed. */
  status: 'executed' | 'cached' | 'checked' | 'failed';
  durationMs: number;
  /** Where the executed solutions notebook is (relative to the root), when there is one. */
  executed?: string;
  /** For a failed lesson: `file:line: ...` naming the cell. */
  error?: string;
}

/** Everything {@link buildCourse} did. */
export interface BuildReport {
  results: LessonBuildResult[];
  /** Student notebooks rewritten because their lesson changed (relative to the root). */
  written: string[];
  ok: boolean;
}

/** One or more lessons are malformed: nothing was written. */
export class CourseLessonErrors extends KitError<'ERR_COURSE_LESSONS'> {
  constructor(readonly errors: LessonError[]) {
    super('ERR_COURSE_LESSONS', `Cannot build the course: ${errors.length} lesson error(s)\n${errors.map((error) => `  ${error.message}`).join('\n')}`);
  }
}

/** Where `socketbook build` keeps what it makes that is not committed. */
export function buildFolder(root: string): string {
  return join(root, '.socketbook', 'build');
}

/** The executed solutions notebook of a lesson, e.g. `.socketbook/build/es/04-tcp-echo.ipynb`. */
export function executedNotebookPath(root: string, lessonFile: string): string {
  return join(buildFolder(root), basename(dirname(lessonFile)), basename(lessonFile).replace(/\.md$/, '.ipynb'));
}

/**
 * Builds the course: reads and checks every lesson (and that both languages have the same cells), writes
 * each student notebook beside its lesson, then executes each solutions notebook on the kernel unless its
 * content hash is unchanged. A malformed lesson stops everything before anything is written.
 *
 * @example
 * const report = await buildCourse({ root: process.cwd(), jobs: 2 });
 * for (const result of report.results) console.log(result.lesson, result.status);
 */
export async function buildCourse(options: BuildCourseOptions): Promise<BuildReport> {
  const { root } = options;
  const all = await lessonPaths(root);
  const selected = options.lessons?.length ? options.lessons : all;
  const lessons = await readLessons(root, selected, all);

  const written: string[] = [];
  for (const lesson of lessons) {
    const path = studentNotebookPath(join(root, lesson.file));
    const json = serializeNotebook(buildNotebook(lesson, { variant: 'student' }));
    const current = existsSync(path) ? await readFile(path, 'utf8') : undefined;
    if (current !== json) {
      await atomicWrite(path, json);
      written.push(relative(root, path));
    }
  }

  const execute = options.execute ?? true;
  const libraryHash = execute ? await libraryDigest(root) : '';
  const results = await runPool(lessons, options.jobs ?? 1, async (lesson) => {
    const name = lesson.file;
    options.onProgress?.({ lesson: name, phase: 'start' });
    const result = execute
      ? await executeLesson(root, lesson, libraryHash, options)
      : { lesson: name, cells: lesson.cells.filter((cell) => cell.only !== 'slides').length, status: 'checked' as const, durationMs: 0 };
    options.onProgress?.({ lesson: name, phase: 'end', result });
    return result;
  });
  return { results, written, ok: results.every((result) => result.status !== 'failed') };
}

async function readLessons(root: string, selected: readonly string[], all: readonly string[]): Promise<Lesson[]> {
  const errors: LessonError[] = [];
  const parsed = new Map<string, Lesson>();
  // Parity needs the other language too, so every lesson of the course is read even when few are built.
  for (const file of new Set([...selected, ...all])) {
    try {
      parsed.set(file, parseLesson(await readFile(file, 'utf8'), { file: relative(root, file) }));
    } catch (error) {
      if (error instanceof LessonError) errors.push(error);
      else throw error;
    }
  }
  for (const file of selected) {
    const lesson = parsed.get(file);
    const other = counterpartPath(file) ?? file;
    const counterpart = parsed.get(other);
    if (!lesson) continue;
    if (!counterpart && !errors.some((error) => error.file === relative(root, other))) {
      errors.push(new LessonError('ERR_LESSON_PARITY', relative(root, file), 1,
        `Lesson has no counterpart in the other language (expected ${relative(root, other)})`,
        'Write the lesson in both languages, with the same cells'));
    } else if (counterpart && lesson.lang === 'es') {
      try {
        checkLessonParity(lesson, counterpart);
      } catch (error) {
        if (error instanceof LessonError) errors.push(error);
        else throw error;
      }
    }
  }
  if (errors.length > 0) throw new CourseLessonErrors(errors);
  return selected.map((file) => parsed.get(file) as Lesson);
}

async function libraryDigest(root: string): Promise<string> {
  const folder = join(root, 'lib', 'net');
  if (!existsSync(folder)) {
    throw new Error(`Cannot execute lessons: the library is not built (${relative(root, folder)} is missing). Run 'npm install' (or 'npm run build:lib')`);
  }
  return hashFolder(folder);
}

async function executeLesson(root: string, lesson: Lesson, libraryHash: string, options: BuildCourseOptions): Promise<LessonBuildResult> {
  const name = lesson.file;
  const kernel = options.kernel ?? 'tslab';
  const notebook = buildNotebook(lesson, { variant: 'solutions' });
  const cells = notebook.cells.length;
  const out = executedNotebookPath(root, join(root, lesson.file));
  const hashFile = `${out}.hash`;
  const hash = lessonHash({ notebookJson: serializeNotebook(notebook), libraryHash, kernel });
  const executed = relative(root, out);
  if (!options.force && existsSync(out) && existsSync(hashFile) && (await readFile(hashFile, 'utf8')) === hash) {
    return { lesson: name, cells, status: 'cached', durationMs: 0, executed };
  }
  const started = performance.now();
  const run = await executeNotebook(notebook, { kernel, cwd: join(root, dirname(lesson.file)), cellTimeoutMs: options.cellTimeoutMs ?? 60_000 });
  const durationMs = performance.now() - started;
  if (run.result.failure) {
    await rm(hashFile, { force: true });
    return { lesson: name, cells, status: 'failed', durationMs, error: describeFailure(lesson, run.result.failure) };
  }
  await atomicWrite(out, serializeNotebook(run.notebook));
  await atomicWrite(hashFile, hash);
  return { lesson: name, cells, status: 'executed', durationMs, executed };
}

/** `notebooks/es/04-tcp-echo.md:57: cell 12 (id "server") failed: Error: listen EADDRINUSE ...`, at the failing line when known. */
function describeFailure(lesson: Lesson, failure: CellFailure): string {
  const cell = lesson.cells.find((candidate) => candidate.id === failure.id);
  // Without a line inside the cell (tslab does not say where an async cell threw), point at the cell's fence.
  const line = !cell ? 1 : failure.line === undefined ? cell.line : cell.sourceLine + failure.line - 1;
  return `${lesson.file}:${line}: cell ${failure.index + 1} (id "${failure.id}") ${failure.status === 'error' ? 'failed' : failure.status === 'timeout' ? 'timed out' : 'killed the kernel'}: ${failure.ename}: ${failure.evalue}`;
}
