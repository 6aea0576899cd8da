import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canMakeProcessGroups } from '../../../src/kit/grade/process-group.js';
import { createWorkspace, type Workspace } from '../../../src/kit/grade/workspace.js';
import { createKernelClient, type KernelClient } from '../../../src/kit/kernel/kernel-client.js';
import { resolveKernelSpec } from '../../../src/kit/kernel/kernelspec.js';
import { joinSource } from '../../../src/kit/notebook/nbformat.js';
import { projectRoot } from '../../support/jupyter.js';
import { toolTestsRun } from '../../support/optional-tools.js';

/** Real sandboxed kernels need bubblewrap; elsewhere than CI the test is skipped when it is not installed. */
const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;
const run = toolTestsRun('bubblewrap', hasBwrap);
/** Control groups need root; CI has them, elsewhere their test is skipped without them. */
const groups = toolTestsRun('control groups', await canMakeProcessGroups());

interface Sandboxed {
  workspace: Workspace;
  kernel: KernelClient;
}

async function startSandboxed(tempRoot: string, memoryMb?: number): Promise<Sandboxed> {
  const workspace = await createWorkspace({
    projectRoot, kernelSpec: resolveKernelSpec('tslab', { from: projectRoot }), tempRoot,
    ...(memoryMb === undefined ? {} : { memoryMb }),
  });
  const kernel = createKernelClient({
    kernel: workspace.kernelSpec, cwd: workspace.cwd, env: workspace.env,
    transport: workspace.transport, connectionParent: workspace.connectionParent,
  });
  await kernel.start();
  return { workspace, kernel };
}

/** Runs code and returns what it printed; fails the test when the cell fails. */
async function printed(kernel: KernelClient, code: string): Promise<string> {
  const result = await kernel.execute(code, { timeoutMs: 20_000 });
  expect(result.status, JSON.stringify(result.outputs)).toBe('ok');
  return result.outputs.map((output) => (output.output_type === 'stream' ? joinSource(output.text) : '')).join('');
}

describe.skipIf(!run)('createWorkspace() with the sandbox, on real tslab kernels', () => {
  let folder: string;
  let host: Server;
  const kernels: Sandboxed[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'workspace-'));
    host = createServer((socket) => socket.end('a server of the grading machine\n'));
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    kernels.push(await startSandboxed(folder), await startSandboxed(folder, 256));
  }, 120_000);

  afterAll(async () => {
    for (const { kernel, workspace } of kernels) {
      await kernel.shutdown();
      await workspace.remove();
    }
    await new Promise((resolve) => host.close(resolve));
    await rm(folder, { recursive: true, force: true });
  });

  test("kernels graded side by side each have a loopback of their own: both listen on the lecture's port 9800", async () => {
    const listen = [
      "import * as net from 'node:net';",
      'const server = net.createServer();',
      "await new Promise<void>((resolve, reject) => server.once('error', reject).listen(9800, '127.0.0.1', resolve));",
      "console.log('listening on', (server.address() as net.AddressInfo).port);",
    ].join('\n');
    for (const { kernel } of kernels) expect(await printed(kernel, listen)).toBe('listening on 9800\n');
  });

  test("student code cannot reach a server on this machine's loopback", async () => {
    const { port } = host.address() as { port: number };
    const reach = [
      "import * as net from 'node:net';",
      `await new Promise<void>((resolve) => net.connect(${port}, '127.0.0.1')`,
      "  .on('connect', () => { console.log('reached'); resolve(); })",
      "  .on('error', (error: NodeJS.ErrnoException) => { console.log(error.code); resolve(); }));",
    ].join('\n');
    expect(await printed(kernels[0]!.kernel, reach)).toBe('ECONNREFUSED\n');
  });

  test('memory is capped beyond the V8 heap: buffers stop at twice --memory with a RangeError, and the kernel lives on', async () => {
    const hog = [
      'function hogMemory(): string {',
      '  const hog: Buffer[] = [];',
      '  try {',
      '    for (let i = 0; i < 64; i++) hog.push(Buffer.allocUnsafe(64 * 1024 * 1024));',
      '  } catch (error) {',
      "    return `${(error as Error).name} ${hog.length * 64 <= 512 ? 'within the cap' : `after ${hog.length * 64} MiB`}`;",
      '  }',
      '  return `no error after ${hog.length * 64} MiB`;',
      '}',
      'console.log(hogMemory());',
    ].join('\n');
    expect(await printed(kernels[1]!.kernel, hog)).toBe('RangeError within the cap\n');
    expect(await printed(kernels[1]!.kernel, 'console.log(1 + 1)')).toBe('2\n');
  });

  test.runIf(groups)('a submission that keeps starting processes is refused past the cap, and the kernel lives on', async () => {
    expect(kernels[0]!.workspace.grouped).toBe(true);
    const bomb = [
      "import { spawn, type ChildProcess } from 'node:child_process';",
      'async function startMany(): Promise<string> {',
      '  const children: ChildProcess[] = [];',
      "  let refused = 'nothing';",
      '  for (let i = 0; i < 300; i++) {',
      "    const child = spawn('sleep', ['30'], { stdio: 'ignore' });",
      "    const started = await new Promise<boolean>((resolve) => child.once('spawn', () => resolve(true))",
      "      .once('error', (error: NodeJS.ErrnoException) => { refused = error.code ?? error.message; resolve(false); }));",
      '    if (!started) break;',
      '    children.push(child);',
      '  }',
      '  for (const child of children) child.kill();',
      "  return `${children.length < 128 ? 'capped' : `not capped: ${children.length}`}, then ${refused}`;",
      '}',
      'console.log(await startMany());',
    ].join('\n');
    expect(await printed(kernels[0]!.kernel, bomb)).toBe('capped, then EAGAIN\n');
    expect(await printed(kernels[0]!.kernel, 'console.log(2 + 2)')).toBe('4\n');
  });

  test("the kernel's Unix sockets sit in the workspace, not on a loopback port", async () => {
    const [connection] = await readdir(kernels[0]!.workspace.connectionParent);
    const files = await readdir(join(kernels[0]!.workspace.connectionParent, connection!));
    expect(files.sort()).toEqual(['connection.json', 'k:1', 'k:2', 'k:3', 'k:4', 'k:5']);
  });
});
