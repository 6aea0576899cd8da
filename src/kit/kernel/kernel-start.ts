import { setTimeout as sleep } from 'node:timers/promises';
import { stripAnsi } from '../strip-ansi.js';
import { type ConnectionFile, type ConnectionTransport, writeConnectionFile } from './connection-file.js';
import { BusyTracker, watchHeartbeat } from './heartbeat.js';
import { type KernelChannels, type MessageHandler, openKernelChannels, type ReceiveChannel } from './kernel-channels.js';
import { KernelStartError } from './kernel-errors.js';
import { type KernelExit, type KernelProcess, spawnKernelProcess } from './kernel-process.js';
import type { KernelSpec } from './kernelspec.js';
import { createMessage, type JupyterMessage } from './wire.js';

/** What the kernel said about itself in `kernel_info_reply`. */
export interface KernelInfo {
  implementation: string;
  protocolVersion: string;
  languageInfo: Record<string, unknown>;
  banner: string;
}

/** Options of {@link startKernel}. The kernel client resolves their defaults (see `KernelClientOptions`). */
export interface StartKernelOptions {
  /** The kernel's working folder. */
  cwd: string;
  /** Extra environment variables for the kernel. */
  env?: Record<string, string>;
  /** How to reach the kernel. @default 'tcp' */
  transport?: ConnectionTransport;
  /** Where the connection file's private folder goes. @default os.tmpdir() */
  connectionParent?: string;
  /** The client's session id, in every message it sends. */
  session: string;
  /** How long the kernel may take to answer `kernel_info_request` and publish on iopub. */
  startTimeoutMs: number;
  /** Interval between heartbeats once the kernel runs. */
  heartbeatIntervalMs: number;
  /** Missed heartbeats, while the kernel says it is idle, after which it is killed as dead. */
  heartbeatMisses: number;
  /** Called for every message the kernel sends, from the first one on. */
  onMessage: MessageHandler;
  /** Aborting it kills the kernel being started; the start then rejects with the abort's reason. */
  signal?: AbortSignal;
}

/** A kernel that has answered `kernel_info_request` and published on iopub, its heartbeat watched. */
export interface RunningKernel {
  info: KernelInfo;
  /** The session id its messages are sent under. */
  session: string;
  connection: ConnectionFile;
  channels: KernelChannels;
  process: KernelProcess;
  /** What the kernel is working on, from iopub status messages (see {@link BusyTracker}). */
  busy: BusyTracker;
  /** Why socketbook killed it, when it did (heartbeats missed); otherwise its exit says why it died. */
  deathReason: string | undefined;
  /** Stops the heartbeat watch; {@link stopKernel} aborts it. */
  stopHeartbeat: AbortController;
}

/** Starts tried when a kernel fails in a way a fresh start cures (a port taken, a start race). */
const START_ATTEMPTS = 3;
/** While waiting for the iopub subscription, how long each extra kernel_info_request may take. */
const KERNEL_INFO_RETRY_MS = 500;
/** How long to wait for a SIGKILLed process to be reaped before moving on. */
const KILL_WAIT_MS = 2_000;

/**
 * Starts a kernel from its spec and resolves once it answers `kernel_info_request` and its iopub
 * messages arrive, so no output of the first cell is lost. A kernel that could not bind a port, or lost
 * its start race (the spec's `quirks.startRaceLog`), is started again on fresh ports, three times at
 * most. Rejects with {@link KernelStartError}; a kernel that failed to start is killed.
 *
 * @example
 * const kernel = await startKernel(resolveKernelSpec('deno'), {
 *   cwd: 'notebooks/en', session: randomUUID(), startTimeoutMs: 60_000, heartbeatIntervalMs: 1_000,
 *   heartbeatMisses: 5, onMessage: (channel, message) => console.log(channel, message.header.msg_type),
 * });
 * try { console.log(kernel.info.languageInfo); } finally { await stopKernel(kernel, 2_000); }
 */
export async function startKernel(spec: KernelSpec, options: StartKernelOptions): Promise<RunningKernel> {
  // The connection file's ports were free when picked, but another process may take one before the
  // kernel binds it (Jupyter has the same race), and a kernel can lose a race with its own sockets (tslab
  // does, see KernelQuirks.startRaceLog): then start again, on fresh ports.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(spec, options);
    } catch (error) {
      if (!(error instanceof RetryableStartError) || attempt >= START_ATTEMPTS) throw error;
    }
  }
}

/**
 * Stops a kernel: with `shutdownGraceMs`, asks it to exit (`shutdown_request`) and gives it that long;
 * then kills its process group, closes its channels and removes its connection file.
 *
 * @example
 * await stopKernel(kernel, 2_000); // a polite shutdown
 * await stopKernel(kernel); // a kill, as before a restart
 */
export async function stopKernel(kernel: RunningKernel, shutdownGraceMs?: number): Promise<void> {
  kernel.stopHeartbeat.abort();
  try {
    if (shutdownGraceMs !== undefined && !kernel.process.hasExited) {
      await kernel.channels.send('control', createMessage('shutdown_request', { restart: false }, { session: kernel.session })).catch(() => undefined);
      await waitAtMost(kernel.process.exited, shutdownGraceMs);
    }
  } finally {
    await kill(kernel);
  }
}

/**
 * Why a kernel is dead: what socketbook saw (heartbeats missed), else how its process exited.
 *
 * @example
 * if (kernel.process.hasExited) console.error(`dead: ${await describeDeath(kernel)}`); // 'dead: it exited with code 1'
 */
export async function describeDeath(kernel: Pick<RunningKernel, 'deathReason' | 'process'>): Promise<string> {
  return kernel.deathReason ?? `it exited with ${describeExit(await kernel.process.exited)}`;
}

/**
 * The last lines the kernel printed on its own stdout/stderr, as a sentence to end an error message with;
 * '' when it printed nothing.
 *
 * @example
 * throw new KernelStartError(`Cannot start the kernel: it exited${logEnding(kernel.process)}`);
 */
export function logEnding(process: KernelProcess | undefined): string {
  const tail = stripAnsi(process?.logTail() ?? '').trim();
  return tail ? `. Its log ends with:\n${tail.split('\n').slice(-10).join('\n')}` : '';
}

/** A start that failed in a way a fresh start cures: a port taken after it was picked, a start race. */
class RetryableStartError extends KernelStartError {}

/** What waiting for the first replies needs: the kernel's channels and process, and who listens. */
interface Starting {
  spec: KernelSpec;
  options: StartKernelOptions;
  channels: KernelChannels;
  process: KernelProcess;
  /** Called for every message while the start waits for replies. */
  waiters: Set<MessageHandler>;
}

async function startOnce(spec: KernelSpec, options: StartKernelOptions): Promise<RunningKernel> {
  options.signal?.throwIfAborted();
  const connection = await writeConnectionFile({
    kernelName: spec.name,
    ...(options.transport === undefined ? {} : { transport: options.transport }),
    ...(options.connectionParent === undefined ? {} : { parent: options.connectionParent }),
  });
  const busy = new BusyTracker();
  const waiters = new Set<MessageHandler>();
  let channels: KernelChannels | undefined;
  let process: KernelProcess | undefined;
  const cancel = (): void => process?.signal('SIGKILL');
  options.signal?.addEventListener('abort', cancel);
  try {
    channels = openKernelChannels(connection.info, {
      session: options.session,
      onMessage: (channel, message) => {
        if (channel === 'iopub' && message.header.msg_type === 'status') busy.update(message);
        for (const waiter of waiters) waiter(channel, message);
        options.onMessage(channel, message);
      },
    });
    process = spawnKernelProcess(spec, connection.path, { cwd: options.cwd, ...(options.env ? { env: options.env } : {}) });
    options.signal?.throwIfAborted();
    const info = await waitForKernelInfo({ spec, options, channels, process, waiters });
    options.signal?.throwIfAborted();
    const kernel: RunningKernel = {
      info, session: options.session, connection, channels, process, busy, deathReason: undefined, stopHeartbeat: new AbortController(),
    };
    watch(kernel, options);
    return kernel;
  } catch (error) {
    await kill({ connection, channels, process });
    throw options.signal?.aborted ? options.signal.reason : error;
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
}

/** Kills a kernel whose heartbeat stays silent while it says it is idle: alive, but no longer serving its sockets. */
function watch(kernel: RunningKernel, options: StartKernelOptions): void {
  void watchHeartbeat(kernel.channels, {
    intervalMs: options.heartbeatIntervalMs,
    misses: options.heartbeatMisses,
    isBusy: () => kernel.busy.isBusy || kernel.process.hasExited,
    signal: kernel.stopHeartbeat.signal,
    onSilent: (misses) => {
      kernel.deathReason = `it stopped answering heartbeats (${misses} missed in a row) while idle`;
      kernel.process.signal('SIGKILL');
    },
  });
}

async function waitForKernelInfo(starting: Starting): Promise<KernelInfo> {
  const { spec, options, process } = starting;
  const deadline = Date.now() + options.startTimeoutMs;
  let iopubSeen = false;
  const onIopub = (channel: ReceiveChannel): void => {
    iopubSeen ||= channel === 'iopub';
  };
  starting.waiters.add(onIopub);
  try {
    // Ask again until the kernel answers, as Jupyter's own client does: a request that comes while the
    // kernel is still binding its sockets may go unanswered (tslab then fails with EBUSY and drops it).
    let reply: JupyterMessage | undefined;
    while (reply === undefined) {
      assertStartable(starting);
      const attemptDeadline = Math.min(deadline, Date.now() + KERNEL_INFO_RETRY_MS);
      reply = await requestKernelInfo(starting, attemptDeadline).catch((error: unknown) => {
        if (process.hasExited) assertStartable(starting);
        if (process.hasExited || Date.now() >= deadline) throw error;
        return undefined;
      });
    }
    // The iopub subscription may not be in place when the first reply comes; ask again until it is, so
    // no output of the first cell is lost.
    let answered: JupyterMessage = reply;
    while (!iopubSeen) {
      // A kernel that could bind its shell port but not its iopub port answers, yet never publishes.
      assertStartable(starting);
      if (Date.now() >= deadline) {
        throw new KernelStartError(`Cannot start the ${spec.name} kernel: it answers requests but published nothing on iopub within ${options.startTimeoutMs} ms${logEnding(process)}`);
      }
      answered = await requestKernelInfo(starting, Math.min(deadline, Date.now() + KERNEL_INFO_RETRY_MS)).catch(
        (error: unknown) => (process.hasExited ? Promise.reject(error) : answered),
      );
    }
    const content = answered.content;
    return {
      implementation: String(content['implementation'] ?? spec.name),
      protocolVersion: String(content['protocol_version'] ?? ''),
      languageInfo: (content['language_info'] as Record<string, unknown> | undefined) ?? {},
      banner: String(content['banner'] ?? ''),
    };
  } finally {
    starting.waiters.delete(onIopub);
  }
}

/**
 * Throws a {@link RetryableStartError} once the kernel has logged that it could not bind one of its ports,
 * or that a request raced its binding (the spec's `quirks.startRaceLog`).
 */
function assertStartable({ spec, process }: Starting): void {
  const log = process.logTail();
  if (/EADDRINUSE/.test(log)) {
    throw new RetryableStartError(`Cannot start the ${spec.name} kernel: one of its ports was taken by another process before it could bind it${logEnding(process)}`);
  }
  const race = spec.quirks.startRaceLog;
  if (race !== undefined && log.includes(race)) {
    throw new RetryableStartError(`Cannot start the ${spec.name} kernel: a request reached it while it was still binding its sockets, and it stopped answering${logEnding(process)}`);
  }
}

/** Sends `kernel_info_request` and waits for its reply, the kernel's exit, or the deadline. */
function requestKernelInfo({ spec, options, channels, process, waiters }: Starting, deadline: number): Promise<JupyterMessage> {
  const message = createMessage('kernel_info_request', {}, { session: options.session });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      finish();
      reject(new KernelStartError(`Cannot start the ${spec.name} kernel: no kernel_info_reply within ${options.startTimeoutMs} ms${logEnding(process)}`));
    }, Math.max(deadline - Date.now(), 0));
    const waiter = (from: ReceiveChannel, reply: JupyterMessage): void => {
      if (from !== 'shell' || reply.parent_header.msg_id !== message.header.msg_id) return;
      finish();
      resolve(reply);
    };
    void process.exited.then((exit) => {
      if (!waiters.has(waiter)) return;
      finish();
      reject(new KernelStartError(`Cannot start the ${spec.name} kernel: it exited with ${describeExit(exit)} before answering${logEnding(process)}`));
    });
    function finish(): void {
      clearTimeout(timer);
      waiters.delete(waiter);
    }
    waiters.add(waiter);
    channels.send('shell', message).catch((error: unknown) => {
      finish();
      reject(new KernelStartError(`Cannot send kernel_info_request to the ${spec.name} kernel`, { cause: error }));
    });
  });
}

/** Kills what there is of a kernel (also one whose start failed halfway) and removes its connection file. */
async function kill(kernel: { connection: ConnectionFile; channels: KernelChannels | undefined; process: KernelProcess | undefined }): Promise<void> {
  const { connection, channels, process } = kernel;
  process?.signal('SIGKILL');
  if (process !== undefined) await waitAtMost(process.exited, KILL_WAIT_MS);
  channels?.close();
  await connection.remove();
}

function describeExit(exit: KernelExit): string {
  return exit.signal !== null ? `signal ${exit.signal}` : `code ${exit.code ?? 'unknown'}`;
}

/** Waits for `promise`, but no longer than `ms`, leaving no timer behind. */
async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  const timer = new AbortController();
  try {
    await Promise.race([promise, sleep(ms, undefined, { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
}
