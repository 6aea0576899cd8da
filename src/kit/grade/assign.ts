import { basename, dirname, join, resolve } from 'node:path';
import { atomicWrite } from '../fs/atomic-write.js';
import { counterpartPath, lessonPaths } from '../lesson/lesson-paths.js';
import type { NotebookVariant } from '../notebook/build-notebook.js';
import { exportLessonNotebook } from '../notebook/export-notebook.js';
import { pathExists } from '../fs/path-exists.js';

/** Options of {@link assignNotebooks}. */
export interface AssignOptions {
  /** Lesson files; each brings its other language along. @default every lesson under `cwd/notebooks/` */
  lessons?: string[];
  /** The folder to write `<lang>/NN-slug.ipynb` into. */
  outDir: string;
  /** `student` (stubs, no hidden tests) or `solutions` (both included). @default 'student' */
  variant?: NotebookVariant;
  /** Relative paths are resolved from here. @default process.cwd() */
  cwd?: string;
}

/** One notebook written by {@link assignNotebooks}. */
export interface AssignedNotebook {
  lesson: string;
  path: string;
  cells: number;
}

/**
 * Writes the notebooks of an assignment for both languages: `OUT/<lang>/NN-slug.ipynb`, the student
 * version (each exercise marked with its points) or the solutions. Every lesson is checked, with its
 * other language, before anything is written.
 *
 * @example
 * await assignNotebooks({ lessons: ['notebooks/en/04-tcp-echo.md'], outDir: 'assignment' });
 * // assignment/en/04-tcp-echo.ipynb, assignment/es/04-tcp-echo.ipynb
 */
export async function assignNotebooks(options: AssignOptions): Promise<AssignedNotebook[]> {
  const cwd = options.cwd ?? process.cwd();
  const variant = options.variant ?? 'student';
  const given = options.lessons && options.lessons.length > 0 ? options.lessons : await lessonPaths(cwd);
  const lessons: string[] = [];
  for (const lesson of given) {
    for (const path of [lesson, counterpartPath(lesson)]) {
      if (path === undefined || lessons.includes(path)) continue;
      if (path !== lesson && !(await pathExists(resolve(cwd, path)))) continue;
      lessons.push(path);
    }
  }
  const built = [];
  for (const lesson of lessons) {
    const path = join(options.outDir, basename(dirname(lesson)), basename(lesson).replace(/\.md$/, '.ipynb'));
    built.push({ lesson, path, ...(await exportLessonNotebook(lesson, { variant, outputPath: path, cwd })) });
  }
  for (const { path, json } of built) await atomicWrite(resolve(cwd, path), json);
  return built.map(({ lesson, path, notebook }) => ({ lesson, path, cells: notebook.cells.length }));
}
