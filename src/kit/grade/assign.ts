import { join, resolve } from 'node:path';
import { atomicWrite } from '../fs/atomic-write.js';
import { pathExists } from '../fs/path-exists.js';
import { counterpartPath, lessonPaths } from '../lesson/lesson-paths.js';
import type { NotebookVariant } from '../notebook/build-notebook.js';
import { starterFiles } from '../starter/starter-files.js';

/** Options of {@link assignNotebooks}. */
export interface AssignOptions {
  /** Lesson files; each brings its other language along. @default every lesson under `cwd/notebooks/` */
  lessons?: string[];
  /** The folder to write the starter into (`<lang>/NN-slug.ipynb`, `socketbook/`, `package.json`…). */
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
 * Writes an assignment as a starter folder a student can move anywhere (see `starterFiles()`): the
 * notebooks of both languages, `OUT/<lang>/NN-slug.ipynb` (the student version, each exercise marked with
 * its points, or the solutions), the compiled library in `OUT/socketbook/`, a `package.json`, a README in
 * both languages and a dev container. After `npm install` in it, the notebooks run on tslab and Deno.
 * Every lesson is checked, with its other language, before anything is written.
 *
 * @example
 * await assignNotebooks({ lessons: ['notebooks/en/04-tcp-echo.md'], outDir: 'assignment' });
 * // assignment/en/04-tcp-echo.ipynb, assignment/es/04-tcp-echo.ipynb, assignment/package.json, …
 */
export async function assignNotebooks(options: AssignOptions): Promise<AssignedNotebook[]> {
  const cwd = options.cwd ?? process.cwd();
  const given = options.lessons && options.lessons.length > 0 ? options.lessons : await lessonPaths(cwd);
  const lessons: string[] = [];
  for (const lesson of given) {
    for (const path of [lesson, counterpartPath(lesson)]) {
      if (path === undefined || lessons.includes(path)) continue;
      if (path !== lesson && !(await pathExists(resolve(cwd, path)))) continue;
      lessons.push(path);
    }
  }
  if (lessons.length === 0) return [];
  const { files, notebooks } = await starterFiles({ lessons, variant: options.variant ?? 'student', cwd });
  for (const file of files) await atomicWrite(resolve(cwd, options.outDir, file.name), file.data);
  return notebooks.map((notebook) => ({ ...notebook, path: join(options.outDir, notebook.path) }));
}
