import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeNotebook } from '../../src/kit/kernel/execute-notebook.js';
import type { KernelName } from '../../src/kit/kernel/kernelspec.js';
import { lessonPaths } from '../../src/kit/lesson/lesson-paths.js';
import { parseLesson } from '../../src/kit/lesson/parse-lesson.js';
import { buildNotebook } from '../../src/kit/notebook/build-notebook.js';
import { type CodeCell, type ErrorOutput, joinSource } from '../../src/kit/notebook/nbformat.js';
import { projectRoot } from '../support/jupyter.js';

const lessons = await lessonPaths(projectRoot);
/**
 * A whole lesson on one kernel: about 10–30 s on this 2-core machine with two running side by side, more
 * for tslab, which type-checks every cell. Each cell has its own 30 s limit, which names a cell that hangs.
 */
const LESSON_RUN_MS = 180_000;
const kernels: KernelName[] = ['tslab', 'deno'];
const cases = lessons.flatMap((file) => kernels.map((kernel) => [file.slice(projectRoot.length + 1), kernel, file] as const));

function errorsOf(cells: readonly { cell_type: string }[]): { id: string; error: ErrorOutput }[] {
  return cells
    .filter((cell): cell is CodeCell => cell.cell_type === 'code')
    .flatMap((cell) => cell.outputs.filter((o): o is ErrorOutput => o.output_type === 'error').map((error) => ({ id: cell.id, error })));
}

describe('every lesson of the course runs on both kernels', () => {
  it('the course has lessons', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it.each(cases)('%s on %s: the solutions notebook runs without an error', async (name, kernel, file) => {
    const lesson = parseLesson(await readFile(file, 'utf8'), { file: name });
    const { notebook, result } = await executeNotebook(buildNotebook(lesson, { variant: 'solutions' }), {
      kernel,
      cwd: dirname(file),
      cellTimeoutMs: 30_000,
    });
    expect(result.failure, JSON.stringify(result.failure)).toBeUndefined();
    expect(errorsOf(notebook.cells)).toEqual([]);
  }, LESSON_RUN_MS);

  it.each(cases)('%s on %s: in the student notebook only the exercise tests fail, with the not-implemented stub', async (name, kernel, file) => {
    const lesson = parseLesson(await readFile(file, 'utf8'), { file: name });
    const { notebook } = await executeNotebook(buildNotebook(lesson, { variant: 'student' }), {
      kernel,
      cwd: dirname(file),
      cellTimeoutMs: 30_000,
      allowErrors: true,
    });
    const testIds = lesson.cells.filter((cell) => cell.kind === 'tests').map((cell) => cell.id);
    const failures = errorsOf(notebook.cells);
    expect(failures.map((f) => f.id)).toEqual(testIds);
    // The checker prints each failed case with its reason: the stub's message, since nothing is answered.
    for (const { id } of failures) {
      const cell = notebook.cells.find((candidate) => candidate.id === id) as CodeCell;
      const printed = cell.outputs.map((o) => (o.output_type === 'stream' ? joinSource(o.text) : o.output_type === 'error' ? o.evalue : '')).join('');
      expect(printed).toMatch(/Not implemented yet|Aún no implementado/);
    }
  }, LESSON_RUN_MS);
});
