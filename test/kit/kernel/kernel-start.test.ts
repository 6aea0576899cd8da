import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KernelStartError } from '../../../src/kit/kernel/kernel-errors.js';
import { startKernel, type StartKernelOptions, stopKernel } from '../../../src/kit/kernel/kernel-start.js';
import { type KernelQuirks, type KernelSpec, NO_QUIRKS, resolveKernelSpec } from '../../../src/kit/kernel/kernelspec.js';

// tslab finds @types/node only through an ancestor node_modules, so kernels run in a folder inside the project.
const projectRoot = resolve(import.meta.dirname, '../../..');
const TMP_ROOT = resolve(projectRoot, '.socketbook/tmp');

let cwd: string;
afterEach(async () => {
  if (cwd !== undefined) await rm(cwd, { recursive: true, force: true });
});

async function makeCwd(): Promise<string> {
  await mkdir(TMP_ROOT, { recursive: true });
  cwd = await mkdtemp(join(TMP_ROOT, 'kernel-start-test-'));
  return cwd;
}

function options(folder: string, more: Partial<StartKernelOptions> = {}): StartKernelOptions {
  return { cwd: folder, session: randomUUID(), startTimeoutMs: 30_000, heartbeatIntervalMs: 1_000, heartbeatMisses: 5, onMessage: () => undefined, ...more };
}

/** A node script as the kernel: it gets the connection file's path as `process.argv[1]`. */
function fakeKernel(script: string, quirks: KernelQuirks = NO_QUIRKS): KernelSpec {
  return { name: 'tslab', displayName: 'fake', language: 'typescript', argv: [process.execPath, '-e', script, '{connection_file}'], interruptMode: 'signal', env: {}, quirks };
}

/** Logs what tslab logs when a request reaches it mid-bind, and stops answering, as tslab then does. */
const LOSES_THE_START_RACE = [
  'require("fs").appendFileSync("tries", "try\\n");',
  'console.error("UnhandledPromiseRejection: Error: Socket is blocked by a bind or unbind operation");',
  'setInterval(() => {}, 1000);',
].join('\n');

async function tries(folder: string): Promise<string[]> {
  return (await readFile(join(folder, 'tries'), 'utf8')).trim().split('\n');
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startKernel()', () => {
  it('resolves with what the kernel says about itself, and stopKernel() shuts it down and removes its connection file', async () => {
    const folder = await makeCwd();
    const kernel = await startKernel(resolveKernelSpec('deno'), options(folder));
    try {
      expect(kernel.info.languageInfo['name']).toBe('typescript');
      expect(existsSync(kernel.connection.path)).toBe(true);
    } finally {
      await stopKernel(kernel, 2_000);
    }
    expect(kernel.process.hasExited).toBe(true);
    expect(existsSync(kernel.connection.folder)).toBe(false);
  });

  it('reports a kernel that exits before answering, with its exit code and log', async () => {
    const failure = startKernel(fakeKernel('console.error("cannot load zeromq"); process.exit(3)'), options(await makeCwd()));
    await expect(failure).rejects.toBeInstanceOf(KernelStartError);
    await expect(failure).rejects.toThrow(/exited with code 3 before answering.*\n.*cannot load zeromq/s);
  });

  it('starts again on fresh ports when a kernel cannot bind one, and names the cause after three tries', async () => {
    const folder = await makeCwd();
    // Logs what tslab logs when a port of its connection file is taken, then waits like a kernel that got stuck.
    const script = 'const fs = require("fs"); fs.appendFileSync("tries", process.argv[1] + "\\n"); console.error("Error: Address already in use { code: \'EADDRINUSE\' }"); setInterval(() => {}, 1000)';
    await expect(startKernel(fakeKernel(script), options(folder))).rejects.toThrow(/one of its ports was taken by another process.*\n.*EADDRINUSE/s);
    const files = await tries(folder);
    expect(files).toHaveLength(3);
    expect(new Set(files).size).toBe(3);
  });

  it("starts again when the kernel logs its spec's startRaceLog (tslab's start race), and then answers", async () => {
    const folder = await makeCwd();
    // The first start loses the race; the second is the real tslab kernel.
    const tslabMain = join(projectRoot, 'node_modules', 'tslab', 'dist', 'main.js');
    const script = [
      'if (!require("fs").existsSync("tries")) {',
      LOSES_THE_START_RACE,
      '} else {',
      '  require("fs").appendFileSync("tries", "try\\n");',
      `  require(${JSON.stringify(tslabMain)}).startKernel({ configPath: process.argv[1], enableFindLocal: false });`,
      '}',
    ].join('\n');
    const kernel = await startKernel(fakeKernel(script, resolveKernelSpec('tslab').quirks), options(folder));
    try {
      expect(await tries(folder)).toHaveLength(2);
      expect(kernel.info.languageInfo['name']).toBe('typescript');
    } finally {
      await stopKernel(kernel);
    }
  });

  it('does not start again on that log when the spec has no startRaceLog', async () => {
    const folder = await makeCwd();
    await expect(startKernel(fakeKernel(LOSES_THE_START_RACE), options(folder, { startTimeoutMs: 1_000 }))).rejects.toThrow(/no kernel_info_reply within 1000 ms/);
    expect(await tries(folder)).toHaveLength(1);
  });

  it('gives up after startTimeoutMs on a kernel that never answers, and kills it', async () => {
    const folder = await makeCwd();
    const spec = fakeKernel('require("fs").writeFileSync("pid", String(process.pid)); setInterval(() => {}, 1000)');
    await expect(startKernel(spec, options(folder, { startTimeoutMs: 1_000 }))).rejects.toThrow(/no kernel_info_reply within 1000 ms/);
    expect(isRunning(Number(await readFile(join(folder, 'pid'), 'utf8')))).toBe(false);
  });

  it('kills the kernel it is starting when its signal aborts, and rejects with the reason', async () => {
    const folder = await makeCwd();
    const spec = fakeKernel('require("fs").writeFileSync("pid", String(process.pid)); setInterval(() => {}, 1000)');
    const cancel = new AbortController();
    const starting = startKernel(spec, options(folder, { signal: cancel.signal }));
    await expect.poll(() => existsSync(join(folder, 'pid'))).toBe(true);
    const reason = new Error('stopped by the test');
    cancel.abort(reason);
    await expect(starting).rejects.toBe(reason);
    expect(isRunning(Number(await readFile(join(folder, 'pid'), 'utf8')))).toBe(false);
  });

  it('kills and reports a kernel that stops answering heartbeats while idle', async () => {
    const kernel = await startKernel(resolveKernelSpec('deno'), options(await makeCwd(), { heartbeatIntervalMs: 200, heartbeatMisses: 3 }));
    try {
      // Stop it only once it has said it is idle: a kernel stopped mid-request looks busy, which cell timeouts cover.
      await expect.poll(() => kernel.busy.isBusy).toBe(false);
      process.kill(kernel.process.pid, 'SIGSTOP');
      await expect.poll(() => kernel.process.hasExited, { timeout: 10_000 }).toBe(true);
      expect(kernel.deathReason).toBe('it stopped answering heartbeats (3 missed in a row) while idle');
    } finally {
      await stopKernel(kernel);
    }
  });
});
