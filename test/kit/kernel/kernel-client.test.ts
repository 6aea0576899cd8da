import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { executeNotebook } from '../../../src/kit/kernel/execute-notebook.js';
import { createKernelClient, type KernelClient } from '../../../src/kit/kernel/kernel-client.js';
import { KernelDiedError, KernelStartError, KernelStateError } from '../../../src/kit/kernel/kernel-errors.js';
import { type KernelQuirks, NO_QUIRKS, resolveKernelSpec } from '../../../src/kit/kernel/kernelspec.js';
import type { Output } from '../../../src/kit/notebook/nbformat.js';
import { notebookOf } from '../../support/notebooks.js';
import { createFakeJupyterKernel, type FakeAnswer, type FakeJupyterKernel } from './fake-jupyter-kernel.js';

// tslab finds @types/node only through an ancestor node_modules, so kernels run in a folder inside the project.
const projectRoot = resolve(import.meta.dirname, '../../..');
const TMP_ROOT = resolve(projectRoot, '.socketbook/tmp');

async function makeCwd(): Promise<string> {
  await mkdir(TMP_ROOT, { recursive: true });
  return mkdtemp(join(TMP_ROOT, 'kernel-test-'));
}

function textOf(outputs: Output[], name: 'stdout' | 'stderr' = 'stdout'): string {
  return outputs.map((output) => (output.output_type === 'stream' && output.name === name ? String(output.text) : '')).join('');
}

/** Lets executeNotebook() use an already started client instead of starting a kernel of its own. */
function borrowed(client: KernelClient): KernelClient {
  return { ...client, start: async () => client.info!, shutdown: async () => undefined };
}

const FIVE_MB = 'console.log("x".repeat(5_000_000))';

describe('KernelClient on tslab', () => {
  let cwd: string;
  let client: KernelClient;
  beforeAll(async () => {
    cwd = await makeCwd();
    client = createKernelClient({ kernel: 'tslab', cwd, interruptGraceMs: 5_000 });
    await client.start();
  });
  afterAll(async () => {
    await client?.shutdown();
    await rm(cwd, { recursive: true, force: true });
  });

  it('reports language_info and runs a cell that prints text', async () => {
    expect(client.info?.languageInfo['name']).toBe('typescript');
    const result = await client.execute('console.log("hola, sockets")');
    expect(result.status).toBe('ok');
    expect(result.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'hola, sockets\n' }]);
  });

  it('keeps state across cells and prints the last expression as stdout', async () => {
    await client.execute('const port = 8080;');
    const result = await client.execute('port + 1');
    expect(textOf(result.outputs)).toBe('8081\n');
  });

  it("shows SVG through tslab's display", async () => {
    const result = await client.execute('import { display } from "tslab";\ndisplay.svg("<svg xmlns=\\"http://www.w3.org/2000/svg\\"/>")');
    expect(result.outputs).toEqual([
      { output_type: 'display_data', data: { 'image/svg+xml': '<svg xmlns="http://www.w3.org/2000/svg"/>' }, metadata: {} },
    ]);
  });

  it('reports a type error as an error output', async () => {
    const result = await client.execute('const n: number = "text";');
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ output_type: 'error', ename: 'TSError', evalue: expect.stringContaining("not assignable to type 'number'") });
    expect(result.outputs.at(-1)).toEqual(result.error);
  });

  it('names the failing cell and line of a thrown error when executing a notebook', async () => {
    const notebook = notebookOf('const greeting = "hi";', 'const a = 1;\nthrow new Error("boom");', 'console.log("never")');
    const { notebook: executed, result } = await executeNotebook(notebook, { kernel: 'tslab', cwd, createClient: () => borrowed(client) });
    expect(result.ok).toBe(false);
    expect(result.failure).toEqual({ index: 1, id: 'c2', status: 'error', line: 2, ename: 'Error', evalue: 'boom' });
    expect(executed.cells[1]).toMatchObject({ outputs: expect.arrayContaining([expect.objectContaining({ output_type: 'error', ename: 'Error' })]) });
    expect(result.cells.map((cell) => cell.status)).toEqual(['ok', 'error', 'skipped']);
    expect(executed.metadata.language_info?.['name']).toBe('typescript');
  });

  it('interrupts a cell that loops forever, and the next cell still runs', async () => {
    const result = await client.execute('while (true) {}', { timeoutMs: 1_500, label: 'cell 9 (id "loop")' });
    expect(result.status).toBe('timeout');
    expect(result.error?.evalue).toContain('cell 9 (id "loop")');
    const after = await client.execute('console.log("alive")');
    expect(after.status).toBe('ok');
    expect(textOf(after.outputs)).toBe('alive\n');
  });

  it('caps 5 MB of output at 1 MiB with a truncation note', async () => {
    const result = await client.execute(FIVE_MB);
    expect(result.status).toBe('ok');
    expect(Buffer.byteLength(textOf(result.outputs))).toBe(1_048_576);
    expect(textOf(result.outputs, 'stderr')).toMatch(/\[output truncated by socketbook: \d+ bytes omitted\]/);
    expect(result.notes.join('\n')).toContain('omitted');
  });

  it('resolves at the idle status with settleInBackground, and collects trailing output in settled', async () => {
    const result = await client.execute('setTimeout(() => console.log("late"), 40);\nconsole.log("now")', { settleInBackground: true });
    expect(result.status).toBe('ok');
    expect(result.settled).toBeInstanceOf(Promise);
    const settled = await result.settled;
    expect(settled?.status).toBe('ok');
    expect(textOf(settled?.outputs ?? [])).toBe('now\nlate\n');
  });

  it('keeps output that trails the last cell of a notebook in that cell', async () => {
    const notebook = notebookOf('const start = 1;', 'setTimeout(() => console.log("late"), 40);\nconsole.log("now")');
    const { notebook: executed, result } = await executeNotebook(notebook, { kernel: 'tslab', cwd, createClient: () => borrowed(client) });
    expect(result.ok).toBe(true);
    expect(textOf((executed.cells[1] as { outputs: Output[] }).outputs)).toBe('now\nlate\n');
  });

  it('runs the cell after a failed one without it being aborted', async () => {
    const failed = await client.execute('throw new Error("first")');
    expect(failed.status).toBe('error');
    const after = await client.execute('console.log("second")');
    expect(after.status).toBe('ok');
    expect(textOf(after.outputs)).toBe('second\n');
  });

  it('reports a kernel that exits mid-cell as dead, naming the cell', async () => {
    const result = await client.execute('process.exit(1)', { label: 'cell 4 (id "bye")' });
    expect(result.status).toBe('died');
    expect(result.error?.ename).toBe('KernelDiedError');
    expect(result.error?.evalue).toMatch(/cell 4 \(id "bye"\).*exited with code 1/);
    await expect(client.execute('1')).rejects.toBeInstanceOf(KernelDiedError);
  });
});

describe('KernelClient on Deno', () => {
  let cwd: string;
  let client: KernelClient;
  beforeAll(async () => {
    cwd = await makeCwd();
    client = createKernelClient({ kernel: 'deno', cwd, interruptGraceMs: 1_500 });
    await client.start();
  });
  afterAll(async () => {
    await client?.shutdown();
    await rm(cwd, { recursive: true, force: true });
  });

  it('prints text and gives execute_result text without ANSI colours', async () => {
    const result = await client.execute('console.log("hola");\n"sockets"');
    expect(result.status).toBe('ok');
    expect(result.outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: 'hola\n' },
      { output_type: 'execute_result', execution_count: result.executionCount, data: { 'text/plain': '"sockets"' }, metadata: {} },
    ]);
  });

  it('keeps state across cells', async () => {
    await client.execute('const port = 8080;');
    const result = await client.execute('port + 1');
    expect(result.outputs).toMatchObject([{ output_type: 'execute_result', data: { 'text/plain': '8081' } }]);
  });

  it('reports a thrown error with its name, message and line', async () => {
    const notebook = notebookOf('const a = 1;\nconst b = 2;\nthrow new TypeError("bad port");');
    const { result } = await executeNotebook(notebook, { kernel: 'deno', cwd, createClient: () => borrowed(client) });
    expect(result.failure).toEqual({ index: 0, id: 'c1', status: 'error', line: 3, ename: 'TypeError', evalue: 'bad port' });
  });

  it('interrupts a cell that loops forever and keeps the earlier state', async () => {
    const result = await client.execute('while (true) {}', { timeoutMs: 1_000 });
    expect(result.status).toBe('timeout');
    expect(result.restarted).toBe(false);
    const after = await client.execute('port');
    expect(after.outputs).toMatchObject([{ data: { 'text/plain': '8080' } }]);
  });

  it('refuses an input request with an error and a note', async () => {
    const result = await client.execute('const name = prompt("Name?");', { label: 'cell 2 (id "ask")' });
    expect(result.status).toBe('error');
    expect(result.error).toMatchObject({ ename: 'StdinNotImplementedError', evalue: expect.stringContaining('cell 2 (id "ask")') });
    expect(result.notes).toEqual([expect.stringContaining('asked for input (prompt "Name?")')]);
    const after = await client.execute('console.log(JSON.stringify(name))');
    expect(textOf(after.outputs)).toBe('""\n');
  });

  it('restarts the kernel when a cell ignores the interrupt, and the next cell runs on the new kernel', async () => {
    const pid = client.pid;
    // A blocking system call: V8 only sees the interrupt when it returns.
    const result = await client.execute('new Deno.Command("sleep", { args: ["30"] }).outputSync();', { timeoutMs: 1_000, label: 'cell 5 (id "stuck")' });
    expect(result).toMatchObject({ status: 'timeout', restarted: true });
    expect(result.error?.evalue).toMatch(/cell 5 \(id "stuck"\).*restarted the deno kernel/);
    expect(client.pid).not.toBe(pid);
    const after = await client.execute('typeof port');
    expect(after.outputs).toMatchObject([{ data: { 'text/plain': '"undefined"' } }]);
  });

  it('caps 5 MB of output at 1 MiB with a truncation note', async () => {
    const result = await client.execute(FIVE_MB);
    expect(Buffer.byteLength(textOf(result.outputs))).toBe(1_048_576);
    expect(textOf(result.outputs, 'stderr')).toContain('[output truncated by socketbook:');
  });

  it('reports a kernel that exits mid-cell as dead, naming the cell', async () => {
    const result = await client.execute('Deno.exit(1)', { label: 'cell 7 (id "exit")' });
    expect(result.status).toBe('died');
    expect(result.error?.evalue).toContain('cell 7 (id "exit")');
  });
});

describe("KernelClient and the kernelspec's quirks", () => {
  let folder: string;
  let fake: FakeJupyterKernel | undefined;
  let client: KernelClient | undefined;
  afterEach(async () => {
    await client?.shutdown();
    fake?.close();
    await rm(folder, { recursive: true, force: true });
  });

  async function startOn(quirks: KernelQuirks, answer: (code: string) => FakeAnswer): Promise<{ client: KernelClient; fake: FakeJupyterKernel }> {
    folder = await makeCwd();
    const served = createFakeJupyterKernel(folder, answer);
    const started = createKernelClient({ kernel: served.spec(quirks), cwd: folder });
    fake = served;
    client = started;
    await Promise.all([started.start(), served.serve()]);
    return { client: started, fake: served };
  }

  /** Like tslab: a failed cell makes the kernel abort, with `status`, every request that comes within `windowMs`. */
  function abortsAfterFailure(status: string, windowMs: number): (code: string) => FakeAnswer {
    let failedAt = -Infinity;
    return (code) => {
      if (Date.now() - failedAt < windowMs) return { status };
      if (code === 'fail') {
        failedAt = Date.now();
        return { status: 'error' };
      }
      return { status: 'ok', stdout: `ran ${code}\n` };
    };
  }

  it("with tslab's quirks, sends a request tslab aborted with 'abort' again, and it runs", async () => {
    let aborts = 2;
    const { client, fake } = await startOn(resolveKernelSpec('tslab').quirks, (code) => (aborts-- > 0 ? { status: 'abort' } : { status: 'ok', stdout: `ran ${code}\n` }));
    const result = await client.execute('1');
    expect(result.status).toBe('ok');
    expect(textOf(result.outputs)).toBe('ran 1\n');
    expect(fake.executed).toEqual(['1', '1', '1']);
  });

  it('sends an aborted request again no more often than abortedResends, then fails the cell', async () => {
    const { client, fake } = await startOn({ ...NO_QUIRKS, abortedResends: 2, abortedResendDelayMs: 10 }, () => ({ status: 'aborted' }));
    const result = await client.execute('1');
    expect(result.status).toBe('error');
    expect(result.error?.output_type).toBe('error');
    expect(fake.executed).toEqual(['1', '1', '1']);
  });

  it('fails a cell the kernel aborted, without sending it again, on a kernel without quirks', async () => {
    const { client, fake } = await startOn(NO_QUIRKS, () => ({ status: 'aborted' }));
    expect((await client.execute('1')).status).toBe('error');
    expect(fake.executed).toEqual(['1']);
  });

  it("waits out the spec's abortWindowMs after a failed cell, so the next cell runs instead of being aborted", async () => {
    const { client, fake } = await startOn({ ...NO_QUIRKS, abortedStatuses: ['abort'], abortWindowMs: 600 }, abortsAfterFailure('abort', 500));
    expect((await client.execute('fail')).status).toBe('error');
    const after = await client.execute('2');
    expect(after.status).toBe('ok');
    expect(textOf(after.outputs)).toBe('ran 2\n');
    expect(fake.executed).toEqual(['fail', '2']);
  });

  it('without an abort window in the spec, sends the next cell at once (and such a kernel aborts it)', async () => {
    const { client, fake } = await startOn({ ...NO_QUIRKS, abortedStatuses: ['abort'] }, abortsAfterFailure('abort', 5_000));
    expect((await client.execute('fail')).status).toBe('error');
    expect((await client.execute('2')).status).toBe('error');
    expect(fake.executed).toEqual(['fail', '2']);
  });
});

describe('KernelClient start and shutdown', () => {
  it('reports a kernel that cannot start as a KernelStartError from start()', async () => {
    const client = createKernelClient({ kernel: { ...resolveKernelSpec('tslab'), argv: [process.execPath, '-e', 'process.exit(3)'] }, cwd: TMP_ROOT });
    try {
      await expect(client.start()).rejects.toThrow(KernelStartError);
      await expect(client.execute('1')).rejects.toBeInstanceOf(KernelStateError);
    } finally {
      await client.shutdown();
    }
  });

  it('shutdown() during start() kills the kernel being started, and start() rejects', async () => {
    const cwd = await makeCwd();
    const script = 'require("fs").writeFileSync("pid", String(process.pid)); setInterval(() => {}, 1000)';
    const client = createKernelClient({ kernel: { ...resolveKernelSpec('tslab'), argv: [process.execPath, '-e', script] }, cwd });
    try {
      const starting = client.start();
      await expect.poll(() => existsSync(join(cwd, 'pid'))).toBe(true);
      await client.shutdown();
      await expect(starting).rejects.toThrow(/Cannot start the tslab kernel: the client was shut down while it started/);
      const pid = Number(await readFile(join(cwd, 'pid'), 'utf8'));
      expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
      await expect(client.start()).rejects.toBeInstanceOf(KernelStateError);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
