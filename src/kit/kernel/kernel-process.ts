import { type ChildProcess, spawn } from 'node:child_process';
import { killWithSocketbook, withLifeline } from './kernel-lifetime.js';
import type { KernelSpec } from './kernelspec.js';

/** Options of {@link spawnKernelProcess}. */
export interface KernelProcessOptions {
  /** The kernel's working folder (a notebook's folder). */
  cwd: string;
  /** Extra environment variables, on top of `process.env` and the kernelspec's own. */
  env?: Record<string, string>;
  /** Bytes of the kernel's own stdout/stderr kept for error messages. @default 8192 */
  logTailBytes?: number;
}

/** How a kernel process ended. */
export interface KernelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A running kernel process, leader of its own process group so that everything it started can be killed,
 * and which dies with socketbook (see {@link killWithSocketbook} and {@link withLifeline}).
 */
export interface KernelProcess {
  readonly pid: number;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<KernelExit>;
  /** Whether the process has exited. */
  readonly hasExited: boolean;
  /** The last bytes the kernel printed on its own stdout/stderr (not the cells' output, which goes to iopub). */
  logTail: () => string;
  /** Sends a signal to the whole process group; does nothing once the group is gone. */
  signal: (signal: NodeJS.Signals) => void;
}

/**
 * Starts a kernel from its spec, with `{connection_file}` replaced, in a new process group that is killed
 * when socketbook exits, is stopped by a signal, crashes or is killed.
 *
 * @example
 * const kernel = spawnKernelProcess(resolveKernelSpec('deno'), connection.path, { cwd: 'notebooks/en' });
 * kernel.signal('SIGKILL');
 * await kernel.exited;
 */
export function spawnKernelProcess(spec: KernelSpec, connectionFile: string, options: KernelProcessOptions): KernelProcess {
  const [command, ...args] = spec.argv.map((arg) => arg.replaceAll('{connection_file}', connectionFile));
  if (command === undefined) throw new TypeError(`Cannot start the ${spec.name} kernel: its argv is empty`);
  const lifeline = withLifeline(command, args);
  const launch = lifeline ?? { command, args };
  const child = spawn(launch.command, launch.args, {
    cwd: options.cwd,
    env: { ...process.env, ...spec.env, ...options.env },
    detached: true,
    stdio: [lifeline === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  // The lifeline is never written to; an error on it (the watcher gone) changes nothing.
  child.stdin?.on('error', () => {});
  const maxLog = options.logTailBytes ?? 8192;
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-maxLog);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let hasExited = false;
  const exited = new Promise<KernelExit>((resolve) => {
    child.once('exit', (code, signal) => {
      hasExited = true;
      // Closing the lifeline makes its watcher kill what the kernel left in its group, then exit itself.
      child.stdin?.destroy();
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      keep(Buffer.from(`${error.message}\n`));
      hasExited = true;
      child.stdin?.destroy();
      resolve({ code: null, signal: null });
    });
  });
  const pid = child.pid ?? -1;
  if (pid > 0) killWithSocketbook(pid, exited);
  return {
    pid,
    exited,
    get hasExited() {
      return hasExited;
    },
    logTail: () => log,
    signal: (signal) => signalGroup(child, pid, signal),
  };
}

function signalGroup(child: ChildProcess, pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone (ESRCH); the leader may still be a zombie we have not reaped, so try it directly.
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
}
