import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeNotebook } from '../../src/kit/kernel/execute-notebook.js';
import type { KernelName } from '../../src/kit/kernel/kernelspec.js';
import { parseLesson } from '../../src/kit/lesson/parse-lesson.js';
import { buildNotebook } from '../../src/kit/notebook/build-notebook.js';
import { type CodeCell, type ErrorOutput, joinSource } from '../../src/kit/notebook/nbformat.js';
import { projectRoot } from '../support/jupyter.js';

async function lessonFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const lang of ['es', 'en']) {
    const folder = join(projectRoot, 'notebooks', lang);
    for (const name of (await readdir(folder)).sort()) if (/^\d\d-[a-z0-9-]+\.md$/.test(name)) files.push(join(folder, name));
  }
  return files;
}

const lessons = await lessonFiles();
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
  });

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
  });
});
