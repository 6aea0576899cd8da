import { dirname, relative, resolve } from 'node:path';
import { readLesson } from '../lesson/read-lesson.js';
import { buildNotebook, type NotebookVariant } from './build-notebook.js';
import type { Notebook } from './nbformat.js';
import { serializeNotebook } from './serialize-notebook.js';

/** Options of {@link exportLessonNotebook}. */
export interface ExportLessonOptions {
  variant: NotebookVariant;
  /** Where the notebook will be written: its `metadata.socketbook.source` points from there to the lesson. */
  outputPath: string;
  /**
   * The folder relative paths are read from; messages show `lessonPath` as given.
   * @default process.cwd()
   */
  cwd?: string;
}

/**
 * Reads a lesson (checking it against its other language) and returns its notebook and the exact bytes
 * to write. Writes nothing.
 *
 * @example
 * const { json } = await exportLessonNotebook(lesson, { variant: 'student', outputPath: studentNotebookPath(lesson) });
 * await atomicWrite(studentNotebookPath(lesson), json);
 */
export async function exportLessonNotebook(lessonPath: string, options: ExportLessonOptions): Promise<{ notebook: Notebook; json: string }> {
  const cwd = options.cwd ?? process.cwd();
  const lesson = await readLesson(lessonPath, { cwd });
  const source = relative(dirname(resolve(cwd, options.outputPath)), resolve(cwd, lessonPath)).split('\\').join('/');
  const notebook = buildNotebook(lesson, { variant: options.variant, source });
  return { notebook, json: serializeNotebook(notebook) };
}
