import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOutputPath } from '../../../../src/kit/cli/commands/run.js';
import { main } from '../../../../src/kit/cli/main.js';
import type { Io } from '../../../../src/kit/cli/command.js';
import type { Notebook } from '../../../../src/kit/notebook/nbformat.js';

const TMP_ROOT = resolve(import.meta.dirname, '../../../../.socketbook/tmp');

function capture(cwd: string): Io & { out: string; err: string } {
  const io = { out: '', err: '', cwd, stdout: (text: string) => void (io.out += text), stderr: (text: string) => void (io.err += text) };
  return io;
}

function notebookOf(...sources: string[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { cell_type: 'markdown', id: 'intro', metadata: {}, source: '# Sockets' },
      ...sources.map((source, index) => ({ cell_type: 'code' as const, id: `c${index + 1}`, metadata: {}, source, execution_count: null, outputs: [] })),
    ],
  };
}

describe('socketbook run', () => {
  let folder: string;
  beforeAll(async () => {
    await mkdir(TMP_ROOT, { recursive: true });
    folder = await mkdtemp(join(TMP_ROOT, 'run-test-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('writes NAME.executed.ipynb beside the input by default', () => {
    expect(defaultOutputPath('/x/04-tcp.ipynb')).toBe('/x/04-tcp.executed.ipynb');
  });

  it('runs in the notebook folder, writes the executed copy, and exits 1 naming the failing cell and line', async () => {
    await writeFile(join(folder, 'data.txt'), 'from the notebook folder');
    await writeFile(
      join(folder, 'lesson.ipynb'),
      JSON.stringify(notebookOf('console.log(Deno.readTextFileSync("data.txt"))', 'const port = 1;\nthrow new RangeError("port " + port + " is taken")', 'console.log("never")')),
    );
    const io = capture(folder);
    const code = await main(['run', 'lesson.ipynb', '--kernel', 'deno', '--timeout', '20'], io);
    expect(code).toBe(1);
    expect(io.err).toContain('lesson.ipynb: cell 3 (index 2, id "c2"), line 2 failed: RangeError: port 1 is taken');
    const executed = JSON.parse(await readFile(join(folder, 'lesson.executed.ipynb'), 'utf8')) as Notebook;
    expect(executed.cells[1]).toMatchObject({ execution_count: 1, outputs: [{ output_type: 'stream', text: ['from the notebook folder\n'] }] });
    expect(executed.cells[3]).toMatchObject({ execution_count: null, outputs: [] });
    expect(executed.metadata.language_info).toMatchObject({ name: 'typescript' });
  });

  it('with --allow-errors runs every cell, writes to -o and exits 0', async () => {
    await writeFile(join(folder, 'errors.ipynb'), JSON.stringify(notebookOf('throw new Error("first")', 'console.log("second")')));
    const io = capture(folder);
    const code = await main(['run', 'errors.ipynb', '--kernel', 'deno', '--allow-errors', '-o', 'out/errors.ipynb'], io);
    expect(code).toBe(0);
    const executed = JSON.parse(await readFile(join(folder, 'out/errors.ipynb'), 'utf8')) as Notebook;
    expect(executed.cells[2]).toMatchObject({ outputs: [{ output_type: 'stream', text: ['second\n'] }] });
  });

  it('rejects an unknown kernel as bad usage (exit 2) without starting anything', async () => {
    const io = capture(folder);
    expect(await main(['run', 'lesson.ipynb', '--kernel', 'python'], io)).toBe(2);
    expect(io.err).toContain("--kernel must be one of tslab, deno, not 'python'");
  });
});
