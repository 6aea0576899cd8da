/**
 * Test support for the interoperability tests: start the compiled CLI, Python peers and system tools as
 * child processes on 127.0.0.1, wait for what they print, and stop every one of them after each test.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as net from 'node:net';
import * as dgram from 'node:dgram';
import { join, resolve } from 'node:path';
import { toolTestsRun } from '../../support/optional-tools.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'bin', 'socketbook.js');
const pythonFixtures = join(root, 'test', 'fixtures', 'python');

/** A child process whose output the test can wait on. */
export interface Child {
  readonly process: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Waits until the output matches `pattern`; rejects after `timeoutMs` or when the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<Child>();

/**
 * Starts `command` with `args`; it is killed by {@link stopAll} if still running.
 *
 * @example
 * const server = start('python3', ['server.py', '127.0.0.1', '0']);
 */
export function start(command: string, args: string[], options: { stdin?: 'pipe' | 'ignore' } = {}): Child {
  const child = spawn(command, args, { cwd: root, stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiters = new Set<() => void>();
  const onOutput = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    for (const wake of waiters) wake();
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  let ended = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('close', (code, signal) => {
      ended = true;
      running.delete(handle);
      for (const wake of waiters) wake();
      done({ code, signal });
    });
  });
  const handle: Child = {
    process: child,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs = 10_000) {
      return new Promise((resolvePattern, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Cannot find ${pattern} in the output of ${command} ${args.join(' ')} within ${timeoutMs} ms:\n${text}`));
        }, timeoutMs);
        function check(): void {
          const match = pattern.exec(text);
          if (match === null && !ended) return;
          clearTimeout(timer);
          waiters.delete(check);
          if (match !== null) resolvePattern(match);
          else reject(new Error(`${command} ${args.join(' ')} exited before printing ${pattern}:\n${text}`));
        }
        waiters.add(check);
        check();
      });
    },
  };
  running.add(handle);
  return handle;
}

/**
 * Runs `socketbook example ...` from the compiled `lib/`.
 *
 * @example
 * const server = socketbook('tcp-server', '--port', '0');
 */
export function socketbook(...args: string[]): Child {
  return start(process.execPath, [bin, 'example', ...args]);
}

/** Like {@link socketbook}, with a pipe to its standard input. @example socketbookWithInput('chat-client', ...) */
export function socketbookWithInput(...args: string[]): Child {
  return start(process.execPath, [bin, 'example', ...args], { stdin: 'pipe' });
}

/**
 * Runs one of the Python peers in test/fixtures/python.
 *
 * @example
 * const server = python('tcp_echo_server.py', '127.0.0.1', '0');
 */
export function python(script: string, ...args: string[]): Child {
  return start('python3', [join(pythonFixtures, script), ...args]);
}

/** The port a socketbook server printed (`... on 127.0.0.1:PORT ...`). @example await listeningPort(server) */
export async function listeningPort(child: Child): Promise<number> {
  const match = await child.waitFor(/listening on 127\.0\.0\.1:(\d+)/i);
  return Number(match[1]);
}

/** The port a Python peer printed (`listening on HOST PORT`). @example await pythonPort(server) */
export async function pythonPort(child: Child): Promise<number> {
  const match = await child.waitFor(/listening on 127\.0\.0\.1 (\d+)/);
  return Number(match[1]);
}

/** Kills every child still running and waits for each to exit. @example afterEach(stopAll) */
export async function stopAll(): Promise<void> {
  const children = [...running];
  for (const child of children) child.process.kill('SIGKILL');
  await Promise.all(children.map((child) => child.exited));
}

/** A free TCP or UDP port on 127.0.0.1, for tools that cannot listen on port 0 (socat). @example await freePort('tcp') */
export async function freePort(kind: 'tcp' | 'udp'): Promise<number> {
  if (kind === 'tcp') {
    const server = net.createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((done) => server.close(done));
    return port;
  }
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((done) => socket.bind(0, '127.0.0.1', done));
  const { port } = socket.address();
  await new Promise<void>((done) => socket.close(done));
  return port;
}

/** Whether a system tool is on PATH. @example hasTool('socat') */
export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/**
 * Whether a test needing `tool` may be skipped: only outside CI, and only when the tool is missing.
 *
 * @example
 * it.skipIf(maySkip('socat'))('...', async () => {});
 */
export function maySkip(tool: 'socat' | 'nc'): boolean {
  return !toolTestsRun(tool, hasTool(tool));
}

/** Whether the CLI has been compiled to lib/ (`npx tsc -p tsconfig.json`). @example assertCompiled() */
export function assertCompiled(): void {
  if (!existsSync(join(root, 'lib', 'kit', 'cli', 'commands', 'example.js'))) {
    throw new Error('Cannot run the examples: lib/ is not built; run `npx tsc -p tsconfig.json` (npm test does)');
  }
}
