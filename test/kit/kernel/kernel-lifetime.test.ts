import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeScratchFolder, projectRoot } from '../../support/jupyter.js';

const bin = join(projectRoot, 'bin', 'socketbook.js');
const lib = join(projectRoot, 'lib', 'kit');

/**
 * The processes whose working folder is `folder`: a run's kernel, its lifeline watcher and what its cell
 * started, since the kernel runs in the notebook's folder and socketbook itself runs elsewhere. Zombies
 * have no working folder, so only processes still running count.
 */
function processesIn(folder: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`) === folder) pids.push(Number(name));
    } catch {
      // Gone, or a zombie.
    }
  }
  return pids;
}

async function waitUntil(what: string, timeoutMs: number, done: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Cannot see ${what} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[]): Started {
  const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, output: () => output, exited };
}

/**
 * A notebook whose one cell starts a child process, says it is running (a `started` file in its folder)
 * and then waits ten minutes: a run of it is killed mid-cell, with a kernel and a grandchild to clean up.
 */
const HANGING_CELL = [
  "import { spawn } from 'child_process';",
  "import { writeFileSync } from 'fs';",
  "spawn('sleep', ['600'], { stdio: 'ignore' });",
  "writeFileSync('started', '');",
  'await new Promise((resolve) => setTimeout(resolve, 600_000));',
].join('\n');

async function writeHangingNotebook(folder: string): Promise<string> {
  const path = join(folder, 'hang.ipynb');
  const cell = { cell_type: 'code', id: 'hang', metadata: {}, execution_count: null, outputs: [], source: HANGING_CELL };
  await writeFile(path, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell] }));
  return path;
}

describe('no kernel outlives socketbook', () => {
  let scratch: Awaited<ReturnType<typeof makeScratchFolder>> | undefined;
  let started: Started | undefined;

  beforeAll(() => {
    if (!existsSync(join(lib, 'kernel', 'kernel-lifetime.js'))) {
      throw new Error('Cannot run the CLI: lib/ is not built; run `npm run build:lib` (npm test does)');
    }
  });

  afterEach(async () => {
    if (started?.child.exitCode === null && started.child.signalCode === null) {
      started.child.kill('SIGKILL');
      await started.exited;
    }
    started = undefined;
    if (scratch !== undefined) {
      // Whatever a failing test left behind, so that it does not outlive the test either.
      for (const pid of processesIn(scratch.path)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }
      await scratch.remove();
      scratch = undefined;
    }
  });

  /** Starts `socketbook run` on the hanging notebook and resolves once its cell is running. */
  async function runHangingNotebook(nodeFlags: string[] = []): Promise<Started> {
    scratch ??= await makeScratchFolder();
    const notebook = await writeHangingNotebook(scratch.path);
    started = start([...nodeFlags, bin, 'run', notebook, '--timeout', '600']);
    const run = started;
    const folder = scratch.path;
    await waitUntil('the cell start', 45_000, () => {
      if (run.child.exitCode !== null || run.child.signalCode !== null) throw new Error(`socketbook run exited before its cell started:\n${run.output()}`);
      return existsSync(join(folder, 'started'));
    });
    // The kernel and the cell's sleep, at least.
    await waitUntil('the kernel and its child', 10_000, () => processesIn(folder).length >= 2);
    return run;
  }

  async function expectNoProcessesLeft(): Promise<void> {
    const folder = scratch!.path;
    await waitUntil('every process of the run gone', 10_000, () => processesIn(folder).length === 0);
  }

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} kills the kernel and what its cell started, and socketbook dies of ${signal}`, async () => {
      const run = await runHangingNotebook();
      run.child.kill(signal);
      expect(await run.exited).toEqual({ code: null, signal });
      await expectNoProcessesLeft();
    }, 90_000);
  }

  it('SIGKILL, which no handler sees, still takes the kernel and what its cell started with it', async () => {
    const run = await runHangingNotebook();
    run.child.kill('SIGKILL');
    expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await expectNoProcessesLeft();
  }, 90_000);

  it('an uncaught exception kills the kernel, then crashes socketbook as before', async () => {
    scratch = await makeScratchFolder();
    // Preloaded into socketbook's node: throws, outside any promise, two seconds after the cell started
    // (time for the test to see the kernel and its child).
    const crash = join(scratch.path, 'crash.mjs');
    await writeFile(crash, [
      "import { existsSync } from 'node:fs';",
      'const timer = setInterval(() => {',
      `  if (!existsSync(${JSON.stringify(join(scratch.path, 'started'))})) return;`,
      '  clearInterval(timer);',
      "  setTimeout(() => { throw new Error('crash requested by the test'); }, 2000);",
      '}, 50);',
      'timer.unref();',
    ].join('\n'));
    const run = await runHangingNotebook(['--import', pathToFileURL(crash).href]);
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.output()).toContain('Error: crash requested by the test');
    await expectNoProcessesLeft();
  }, 90_000);

  it('a command that handles SIGINT itself still stops cleanly, with its kernels killed', async () => {
    scratch = await makeScratchFolder();
    const script = join(scratch.path, 'serve-like.mjs');
    // A stand-in kernel (the process group is what matters), and untilStopped() as `serve` uses it.
    await writeFile(script, [
      `import { spawnKernelProcess } from ${JSON.stringify(pathToFileURL(join(lib, 'kernel', 'kernel-process.js')).href)};`,
      `import { untilStopped } from ${JSON.stringify(pathToFileURL(join(lib, 'site', 'until-stopped.js')).href)};`,
      "const spec = { name: 'tslab', displayName: 'stand-in', language: 'sh', argv: ['/bin/sh', '-c', 'sleep 600 & wait', '{connection_file}'],",
      "  interruptMode: 'signal', env: {} };",
      `const kernel = spawnKernelProcess(spec, 'unused', { cwd: ${JSON.stringify(scratch.path)} });`,
      "console.log('ready');",
      'const signal = await untilStopped();',
      "const exit = await Promise.race([kernel.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 5000).unref())]);",
      'console.log(`stopped by ${signal}; kernel ${JSON.stringify(exit)}`);',
    ].join('\n'));
    started = start([script]);
    const run = started;
    const folder = scratch.path;
    // The stand-in shell and its sleep, at least.
    await waitUntil('the stand-in kernel', 10_000, () => run.output().includes('ready') && processesIn(folder).length >= 2);
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain('stopped by SIGINT; kernel {"code":null,"signal":"SIGKILL"}');
    await expectNoProcessesLeft();
  }, 60_000);

  it('what a kernel started dies when the kernel exits by itself', async () => {
    scratch = await makeScratchFolder();
    const script = join(scratch.path, 'exiting-kernel.mjs');
    await writeFile(script, [
      `import { spawnKernelProcess } from ${JSON.stringify(pathToFileURL(join(lib, 'kernel', 'kernel-process.js')).href)};`,
      "const spec = { name: 'tslab', displayName: 'stand-in', language: 'sh', argv: ['/bin/sh', '-c', 'sleep 600 & sleep 1', '{connection_file}'],",
      "  interruptMode: 'signal', env: {} };",
      `const kernel = spawnKernelProcess(spec, 'unused', { cwd: ${JSON.stringify(scratch.path)} });`,
      'console.log(`kernel ${JSON.stringify(await kernel.exited)}`);',
      "setTimeout(() => console.log('still alive'), 60_000);",
    ].join('\n'));
    started = start([script]);
    const run = started;
    const folder = scratch.path;
    await waitUntil('the stand-in kernel exit', 10_000, () => run.output().includes('kernel {"code":0,"signal":null}'));
    // socketbook is still running: the watcher, not an exit hook, killed the kernel's sleep.
    await expectNoProcessesLeft();
    expect(run.child.exitCode).toBeNull();
  }, 60_000);
});
