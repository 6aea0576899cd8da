import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Lesson } from './lesson.js';
import { checkLessonParity } from './lesson-parity.js';
import { counterpartPath } from './lesson-paths.js';
import { parseLesson } from './parse-lesson.js';
import { pathExists } from '../fs/path-exists.js';

/** Options of {@link readLesson}. */
export interface ReadLessonOptions {
  /**
   * Also parse the lesson in the other language, when it exists, and check both have the same cells.
   * @default true
   */
  parity?: boolean;
  /**
   * The folder a relative `path` is read from; messages show `path` as given.
   * @default process.cwd()
   */
  cwd?: string;
}

/**
 * Reads and parses a lesson file; by default also checks it against its other language.
 * Throws a {@link LessonError} for a malformed lesson or a parity difference.
 *
 * @example
 * const lesson = await readLesson('notebooks/es/04-tcp-echo.md');
 */
export async function readLesson(path: string, options: ReadLessonOptions = {}): Promise<Lesson> {
  const cwd = options.cwd ?? process.cwd();
  const lesson = parseLesson(await readFile(resolve(cwd, path), 'utf8'), { file: path });
  const other = options.parity === false ? undefined : counterpartPath(path);
  if (other !== undefined && (await pathExists(resolve(cwd, other)))) {
    checkLessonParity(lesson, parseLesson(await readFile(resolve(cwd, other), 'utf8'), { file: other }));
  }
  return lesson;
}
