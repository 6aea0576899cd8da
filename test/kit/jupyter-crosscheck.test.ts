import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/kit/cli/main.js';
import { lessonPaths } from '../../src/kit/lesson/lesson-paths.js';
import {
  installTslabKernelspec,
  jupyterTestsEnabled,
  makeScratchFolder,
  nbconvertExecute,
  nbformatErrors,
  projectRoot,
} from '../support/jupyter.js';

const quietIo = (cwd: string) => {
  const errors: string[] = [];
  return { io: { stdout: () => {}, stderr: (text: string) => void errors.push(text), cwd }, errors };
};

const enabled = await jupyterTestsEnabled();
const lessons = await lessonPaths(projectRoot);

describe.runIf(enabled)("Debian's Jupyter accepts and runs what socketbook writes", () => {
  let scratch: Awaited<ReturnType<typeof makeScratchFolder>>;
  let kernelPrefix: string;
  let jupyterPath: string;

  beforeAll(async () => {
    scratch = await makeScratchFolder();
    kernelPrefix = await mkdtemp(join(tmpdir(), 'socketbook-kernels-'));
    jupyterPath = await installTslabKernelspec(kernelPrefix);
  });

  afterAll(async () => {
    await scratch?.remove();
    if (kernelPrefix) await rm(kernelPrefix, { recursive: true, force: true });
  });

  it('the course has lessons to check', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it.each(lessons.map((path) => [path.slice(projectRoot.length + 1), path]))(
    '%s: the committed student notebook is valid nbformat 4.5',
    async (_name, source) => {
      expect(await nbformatErrors(source.replace(/\.md$/, '.ipynb'))).toBe('');
    },
  );

  it.each(lessons.map((path) => [path.slice(projectRoot.length + 1), path]))(
    '%s: the solutions notebook is valid nbformat 4.5 and jupyter nbconvert --execute runs it on tslab',
    async (_name, source) => {
      const out = join(scratch.path, source.replace(/^.*\/notebooks\/(\w+)\/(.*)\.md$/, '$1-$2.ipynb'));
      const { io, errors } = quietIo(projectRoot);
      expect(await main(['export', source, '--solutions', '-o', out], io), errors.join('')).toBe(0);
      expect(await nbformatErrors(out)).toBe('');
      await nbconvertExecute(out, jupyterPath);
      const executed = JSON.parse(await readFile(out, 'utf8')) as { cells: { cell_type: string; outputs?: { output_type: string }[] }[] };
      const errorsSeen = executed.cells.flatMap((cell) => cell.outputs ?? []).filter((o) => o.output_type === 'error');
      expect(errorsSeen).toEqual([]);
      const ran = executed.cells.filter((cell) => cell.cell_type === 'code' && (cell.outputs?.length ?? 0) > 0);
      expect(ran.length).toBeGreaterThan(0);
    },
    // Above nbconvert's own 60 s per cell (and two 30 s start-ups lost to tslab's start race), so a cell
    // that hangs is named by nbconvert, not cut by vitest.
    240_000,
  );
});
