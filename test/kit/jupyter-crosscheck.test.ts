import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonPaths, studentNotebookPath } from '../../src/kit/lesson/lesson-paths.js';
import { serializeNotebook } from '../../src/kit/notebook/serialize-notebook.js';
import {
  installTslabKernelspec,
  jupyterTestsEnabled,
  makeScratchFolder,
  nbconvertExecute,
  nbformatErrors,
  projectRoot,
} from '../support/jupyter.js';
import { notebookOf } from '../support/notebooks.js';

// Debian's Jupyter also runs every lesson's solutions notebook on tslab, in the one tslab run of the
// solutions that test/kit/course-lessons.test.ts makes per lesson (`jupyter nbconvert --execute`).
const enabled = await jupyterTestsEnabled();
const lessons = (await lessonPaths(projectRoot)).map((path) => path.slice(projectRoot.length + 1));

describe.runIf(enabled)("Debian's Jupyter accepts the student notebooks socketbook commits", () => {
  it('the course has lessons to check', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it.each(lessons)('%s: the committed student notebook is valid nbformat 4.5', async (lesson) => {
    expect(await nbformatErrors(`${projectRoot}/${studentNotebookPath(lesson)}`)).toBe('');
  });
});

describe.runIf(enabled)('the tests\' nbconvert runner, when a notebook hangs', () => {
  it('stops nbconvert at its budget and reports the attempt and the cell it was executing', async () => {
    const scratch = await makeScratchFolder();
    try {
      const jupyterPath = await installTslabKernelspec(join(scratch.path, 'kernels'));
      const path = join(scratch.path, 'hangs.ipynb');
      await writeFile(path, serializeNotebook(notebookOf('console.log("before the wait");', 'await new Promise(() => {});')));
      // Long enough for tslab to start and reach the second cell on a loaded machine.
      const budgetMs = 40_000;
      const started = Date.now();
      const error: Error = await nbconvertExecute(path, jupyterPath, 'tslab', { budgetMs }).then(
        () => { throw new Error('nbconvert finished a notebook that never ends'); },
        (reason: Error) => reason,
      );
      const tookMs = Date.now() - started;
      // Stopped at the budget: interrupted then, and given at most 10 s to stop its kernel before the kill.
      expect(tookMs).toBeGreaterThanOrEqual(budgetMs);
      expect(tookMs).toBeLessThan(budgetMs + 15_000);
      expect(error.message).toMatch(/attempt \d ran out of time and was stopped after \d+\.\d s\n/);
      expect(error.message).toContain('await new Promise(() => {});');
      expect(error.message).toMatch(/before it was stopped[^]*^\+\d+\.\ds \[NbConvertApp\] Executing cell:\n\+\d+\.\ds await new Promise/m);
    } finally {
      await scratch.remove();
    }
  }, 120_000);
});
