import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeNotebook } from '../../src/kit/kernel/execute-notebook.js';
import type { KernelName } from '../../src/kit/kernel/kernelspec.js';
import { lessonPaths } from '../../src/kit/lesson/lesson-paths.js';
import { parseLesson } from '../../src/kit/lesson/parse-lesson.js';
import { buildNotebook } from '../../src/kit/notebook/build-notebook.js';
import { type CodeCell, type ErrorOutput, joinSource, type Notebook } from '../../src/kit/notebook/nbformat.js';
import { exportLessonNotebook } from '../../src/kit/notebook/export-notebook.js';
import { readNotebook } from '../../src/kit/notebook/read-notebook.js';
import {
  installTslabKernelspec,
  jupyterTestsEnabled,
  makeScratchFolder,
  NBCONVERT_TEST_MS,
  nbconvertExecute,
  nbformatErrors,
  projectRoot,
} from '../support/jupyter.js';

/**
 * Every lesson runs once per kernel (tslab, Deno) and variant (solutions, student notebook), and every
 * check that needs a run's outputs reads that one run. The solutions on tslab run in Debian's Jupyter
 * (`jupyter nbconvert --execute`), as a student runs them: that run proves both that the lesson works on
 * tslab and that Jupyter accepts and runs what socketbook writes. The other three runs go through
 * socketbook's own kernel client, which the course build uses. Without Jupyter (CI unset, not installed)
 * the tslab solutions run through socketbook's client too, and the run's end says what to install.
 */

const lessons = await lessonPaths(projectRoot);
const jupyter = await jupyterTestsEnabled();
/**
 * A whole lesson on one kernel: about 5–20 s on this 2-core machine, more for tslab, which type-checks
 * every cell. Each cell has its own 30 s limit, which names a cell that hangs; nbconvert's is 60 s.
 */
const LESSON_RUN_MS = NBCONVERT_TEST_MS;
const kernels: KernelName[] = ['tslab', 'deno'];
const cases = lessons.flatMap((file) => kernels.map((kernel) => [file.slice(projectRoot.length + 1), kernel, file] as const));
/** Where each kernel runs the solutions: Debian's Jupyter for tslab when it is there, socketbook's client otherwise. */
const solutionCases = cases.map(([name, kernel, file]) =>
  [name, kernel, kernel === 'tslab' && jupyter ? 'jupyter nbconvert --execute (valid nbformat 4.5)' : "socketbook's kernel client", file] as const);

function errorsOf(cells: readonly { cell_type: string }[]): { id: string; error: ErrorOutput }[] {
  return cells
    .filter((cell): cell is CodeCell => cell.cell_type === 'code')
    .flatMap((cell) => cell.outputs.filter((o): o is ErrorOutput => o.output_type === 'error').map((error) => ({ id: cell.id, error })));
}

// A lesson run waits on its own timers and sockets about half of the time (a tslab run of lesson 05: 11 s
// of wall time, 6 s of CPU), so two runs side by side in this file keep the two cores busy.
describe.concurrent('every lesson of the course runs on both kernels', () => {
  let scratch: Awaited<ReturnType<typeof makeScratchFolder>>;
  let jupyterPath: string;

  beforeAll(async () => {
    scratch = await makeScratchFolder();
    if (jupyter) jupyterPath = await installTslabKernelspec(join(scratch.path, 'kernels'));
  });

  afterAll(async () => {
    await scratch?.remove();
  });

  it('the course has lessons', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  /**
   * Writes the solutions notebook of a lesson as `socketbook export --solutions` does, into a scratch folder
   * of the project (where `socketbook/*` resolves as from notebooks/<lang>/), and runs it in jupyter nbconvert on tslab.
   */
  async function runInJupyter(name: string): Promise<Notebook> {
    const path = join(scratch.path, name.replace(/^notebooks\/(\w+)\/(.*)\.md$/, '$1-$2.ipynb'));
    const { json } = await exportLessonNotebook(name, { variant: 'solutions', outputPath: path, cwd: projectRoot });
    await writeFile(path, json);
    expect(await nbformatErrors(path), 'the solutions notebook is not valid nbformat 4.5').toBe('');
    await nbconvertExecute(path, jupyterPath);
    return readNotebook(path);
  }

  it.each(solutionCases)(
    '%s on %s: the solutions notebook runs without an error in %s',
    async (name, kernel, _runner, file) => {
      let executed: Notebook;
      if (kernel === 'tslab' && jupyter) {
        executed = await runInJupyter(name);
      } else {
        const lesson = parseLesson(await readFile(file, 'utf8'), { file: name });
        const { notebook, result } = await executeNotebook(buildNotebook(lesson, { variant: 'solutions' }), { kernel, cwd: dirname(file), cellTimeoutMs: 30_000 });
        expect(result.failure, JSON.stringify(result.failure)).toBeUndefined();
        executed = notebook;
      }
      expect(errorsOf(executed.cells)).toEqual([]);
      expect(executed.cells.filter((cell) => cell.cell_type === 'code' && cell.outputs.length > 0).length, 'no cell printed anything').toBeGreaterThan(0);
    },
    LESSON_RUN_MS,
  );

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
