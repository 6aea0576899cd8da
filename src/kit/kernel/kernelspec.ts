import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { KernelNotFoundError } from './kernel-errors.js';

/** The kernels socketbook knows how to start. */
export type KernelName = 'tslab' | 'deno';

/** The kernel names, for option validation and help text. */
export const KERNEL_NAMES: readonly KernelName[] = ['tslab', 'deno'];

/** How to launch one kernel, like a Jupyter `kernel.json`, and how it departs from the protocol. */
export interface KernelSpec {
  name: KernelName;
  displayName: string;
  language: string;
  /** Command and arguments; `{connection_file}` is replaced by the connection file's path. */
  argv: string[];
  /** `message`: interrupt with `interrupt_request` on the control channel; `signal`: send SIGINT. */
  interruptMode: 'signal' | 'message';
  /** Extra environment variables for the kernel process. */
  env: Record<string, string>;
  /** Where the kernel breaks the protocol, and what the client does about it; {@link NO_QUIRKS} when nowhere. */
  quirks: KernelQuirks;
}

/**
 * A kernel's departures from the Jupyter protocol, as data: the client reads these and never asks which
 * kernel it runs, as nbclient keeps kernel specifics out of its client.
 *
 * @example
 * const spec: KernelSpec = { ...resolveKernelSpec('deno'), quirks: { ...NO_QUIRKS, outputSettleMs: 500 } };
 */
export interface KernelQuirks {
  /**
   * How long output may trail a cell's `idle` status. The protocol puts idle after every output of the
   * request, but both kernels break it: Deno may publish a result after idle, and tslab the rest of a
   * failing cell's output (seen in CI with 0 here: a self-check cut after its first line).
   */
  outputSettleMs: number;
  /**
   * The `execute_reply` statuses that mean the kernel dropped the request without running it: the
   * protocol's `aborted`, and whatever the kernel says instead. Such a cell counts as failed.
   */
  abortedStatuses: readonly string[];
  /**
   * How long after a failed cell the kernel aborts new requests without running them; the client waits
   * this out, counted from the end of the failed cell, before sending the next cell. 0: no window.
   */
  abortWindowMs: number;
  /**
   * How often a request the kernel aborted anyway is sent again, each time after `abortedResendDelayMs`.
   * The wait for `abortWindowMs` runs on the client's clock, while a kernel may close its window with a
   * timer of its own, which fires late when the kernel is busy or the machine loaded: a request sent after
   * the wait can still be aborted. It never ran, so sending it again is safe. 0: never.
   */
  abortedResends: number;
  /** The pause before each resend: time for the kernel's late timer to fire. */
  abortedResendDelayMs: number;
  /**
   * What the kernel logs when a request reached it while it was still binding its sockets and it will never
   * answer again; the client then starts it again, on fresh ports. undefined: the kernel has no such race.
   */
  startRaceLog: string | undefined;
}

/** A kernel that keeps to the protocol: idle after all output, only `aborted`, no abort window, no start race. */
export const NO_QUIRKS: KernelQuirks = {
  outputSettleMs: 0,
  abortedStatuses: ['aborted'],
  abortWindowMs: 0,
  abortedResends: 0,
  abortedResendDelayMs: 0,
  startRaceLog: undefined,
};

/**
 * What tslab logs when a request reaches it while it is still binding its sockets: its shell loop dies with
 * it and the kernel never answers again (Jupyter's own client then waits out its start timeout).
 */
export const TSLAB_START_RACE = 'Socket is blocked by a bind or unbind operation';

/** Where {@link resolveKernelSpec} looks for kernels. */
export interface ResolveKernelSpecOptions {
  /** A file or folder from which `node_modules` is searched upwards. @default this package's own location */
  from?: string;
  /** The PATH searched for a `tslab` or `deno` command as a fallback. @default process.env.PATH */
  path?: string;
}

/**
 * Finds how to start `name`: first in this package's `node_modules`, then on PATH. Throws
 * {@link KernelNotFoundError} (`ERR_KERNEL_NOT_FOUND`) with the command that installs it.
 *
 * @example
 * const spec = resolveKernelSpec('tslab');
 * spawn(spec.argv[0]!, spec.argv.slice(1).map((arg) => arg.replace('{connection_file}', file)));
 */
export function resolveKernelSpec(name: KernelName, options: ResolveKernelSpecOptions = {}): KernelSpec {
  const from = options.from ?? import.meta.url;
  const searchPath = options.path ?? process.env['PATH'] ?? '';
  return name === 'tslab' ? tslabSpec(from, searchPath) : denoSpec(from, searchPath);
}

function tslabSpec(from: string, searchPath: string): KernelSpec {
  const packageJson = resolvePackageFile(from, 'tslab/package.json');
  const script = packageJson === undefined ? undefined : join(dirname(packageJson), 'bin', 'tslab');
  let command: string[] | undefined;
  if (script !== undefined && existsSync(script)) command = [process.execPath, script];
  else {
    const onPath = findOnPath('tslab', searchPath);
    if (onPath !== undefined) command = [onPath];
  }
  if (command === undefined) throw new KernelNotFoundError(notFoundMessage('tslab'));
  return {
    name: 'tslab',
    displayName: 'TypeScript (tslab)',
    language: 'typescript',
    argv: [...command, 'kernel', '--config-path', '{connection_file}'],
    // tslab's kernel.json has no interrupt_mode, so Jupyter's default applies: a SIGINT.
    interruptMode: 'signal',
    env: {},
    quirks: {
      outputSettleMs: 100,
      // tslab replies "abort" (its TaskCanceledError) where the protocol says "aborted".
      abortedStatuses: ['aborted', 'abort'],
      // After a failed cell tslab aborts its queue and resets it with a 200 ms timer (tslab issue #19).
      abortWindowMs: 220,
      // That timer fires late when tslab is busy: the safety net for a wait that was not enough.
      abortedResends: 3,
      abortedResendDelayMs: 300,
      startRaceLog: TSLAB_START_RACE,
    },
  };
}

function denoSpec(from: string, searchPath: string): KernelSpec {
  const launcher = resolvePackageFile(from, 'deno/bin.cjs');
  // Run the platform binary itself when it sits beside the launcher: a SIGINT to the node launcher would
  // kill it, while Deno's kernel handles interrupts itself.
  const binary = launcher === undefined ? undefined : join(dirname(launcher), 'deno');
  let command: string[] | undefined;
  if (binary !== undefined && isExecutable(binary)) command = [binary];
  else if (launcher !== undefined) command = [process.execPath, launcher];
  else {
    const onPath = findOnPath('deno', searchPath);
    if (onPath !== undefined) command = [onPath];
  }
  if (command === undefined) throw new KernelNotFoundError(notFoundMessage('deno'));
  return {
    name: 'deno',
    displayName: 'Deno',
    language: 'typescript',
    argv: [...command, 'jupyter', '--kernel', '--conn', '{connection_file}'],
    interruptMode: 'message',
    env: { DENO_NO_UPDATE_CHECK: '1' },
    // Deno publishes printed output after idle: 5 MB printed came 50–100 ms after it on an idle machine
    // (so 100 ms lost it now and then under load, in CI's output-cap test). Cells that settle in the
    // background (notebook runs) do not wait for this.
    quirks: { ...NO_QUIRKS, outputSettleMs: 300 },
  };
}

function notFoundMessage(name: KernelName): string {
  return (
    `Cannot start the ${name} kernel: it is not installed in this project's node_modules nor on PATH. ` +
    `Run 'npm install' in the socketbook project, or 'npm install ${name}'`
  );
}

function resolvePackageFile(from: string, request: string): string | undefined {
  try {
    const base = from.startsWith('file:') ? from : join(from, 'noop.js');
    return createRequire(base).resolve(request);
  } catch {
    return undefined;
  }
}

function findOnPath(command: string, searchPath: string): string | undefined {
  for (const folder of searchPath.split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
