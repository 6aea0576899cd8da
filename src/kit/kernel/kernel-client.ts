import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ErrorOutput } from '../notebook/nbformat.js';
import { capitalize, CellExecution, type CellOutcome, type ExecuteResult, type ExecuteStatus, settleOutput, waitForCell } from './cell-execution.js';
import { type ConnectionFile, type ConnectionTransport, writeConnectionFile } from './connection-file.js';
import { socketbookError, synthesizeError } from './error-output.js';
import { BusyTracker, watchHeartbeat } from './heartbeat.js';
import { type KernelChannels, openKernelChannels, type ReceiveChannel } from './kernel-channels.js';
import { KernelDiedError, KernelStartError, KernelStateError } from './kernel-errors.js';
import { type KernelProcess, spawnKernelProcess } from './kernel-process.js';
import { type KernelName, type KernelSpec, resolveKernelSpec } from './kernelspec.js';
import { stripAnsi } from '../strip-ansi.js';
import { DEFAULT_MAX_OUTPUT_BYTES } from './output-collector.js';
import { createMessage, type JupyterMessage } from './wire.js';

export type { ExecuteResult, ExecuteStatus } from './cell-execution.js';

/** What the kernel said about itself in `kernel_info_reply`. */
export interface KernelInfo {
  implementation: string;
  protocolVersion: string;
  languageInfo: Record<string, unknown>;
  banner: string;
}

/** Options of {@link createKernelClient}. Every limit has a default suited to a shared 2-core machine. */
export interface KernelClientOptions {
  /** A kernel name, resolved with {@link resolveKernelSpec}, or a spec of your own. */
  kernel: KernelName | KernelSpec;
  /** The kernel's working folder; tslab needs a `node_modules` with `@types/node` in it or above it. */
  cwd: string;
  /** Extra environment variables for the kernel. */
  env?: Record<string, string>;
  /**
   * How to reach the kernel: `ipc` needs no network (a kernel in its own network namespace) and no free port.
   * @default 'tcp'
   */
  transport?: ConnectionTransport;
  /** Where connection files (and, with `ipc`, the sockets) go, each in a folder of its own. @default os.tmpdir() */
  connectionParent?: string;
  /** How long the kernel may take to answer its first `kernel_info_request`. @default 60_000 */
  startTimeoutMs?: number;
  /** After an interrupt, how long to wait for the cell to stop before killing and restarting. @default 5_000 */
  interruptGraceMs?: number;
  /** After `shutdown_request`, how long the kernel may take to exit before it is killed. @default 2_000 */
  shutdownGraceMs?: number;
  /** After `execute_reply`, how long to wait for the output that may still be in flight. @default 2_000 */
  iopubGraceMs?: number;
  /** After a cell's reply and idle status, how long output must stop arriving before the cell is done. @default the kernelspec's `outputSettleMs` */
  quietMs?: number;
  /** Interval between heartbeats. @default 1_000 */
  heartbeatIntervalMs?: number;
  /** Missed heartbeats, while the kernel says it is idle, after which it counts as dead. @default 5 */
  heartbeatMisses?: number;
  /** Output bytes kept per cell. @default DEFAULT_MAX_OUTPUT_BYTES (1 MiB) */
  maxOutputBytes?: number;
}

/** Options of one {@link KernelClient.execute}. */
export interface ExecuteOptions {
  /** Interrupt the cell after this long (then kill and restart if it will not stop). @default no limit */
  timeoutMs?: number;
  /** How messages name the cell, e.g. `cell 3 (id "intro")`. @default 'the cell' */
  label?: string;
  /**
   * Resolve as soon as the reply and the idle status are in, and collect the output that may trail the
   * idle status in the background (`result.settled`), so the next cell can run meanwhile, as Jupyter's
   * "Run all" does. @default false: wait for the output to settle before resolving
   */
  settleInBackground?: boolean;
}

/** A Jupyter client bound to one kernel process (replaced by a new one on restart). */
export interface KernelClient {
  readonly kernelName: string;
  /** What the kernel reported when it started; undefined before {@link KernelClient.start}. */
  readonly info: KernelInfo | undefined;
  /** The kernel process id, or undefined when no kernel is running. */
  readonly pid: number | undefined;
  /** Starts the kernel and resolves once it answers `kernel_info_request`. */
  start: () => Promise<KernelInfo>;
  /**
   * Runs code and resolves with its outputs and status (a failing, timed-out or fatal cell still resolves).
   * Rejects with {@link KernelStateError} before start or during another execute, and with
   * {@link KernelDiedError} once the kernel is dead (call {@link KernelClient.restart}).
   */
  execute: (code: string, options?: ExecuteOptions) => Promise<ExecuteResult>;
  /** Interrupts the running cell (`interrupt_request` or SIGINT, as the kernelspec says). */
  interrupt: () => Promise<void>;
  /** Kills the kernel and starts a fresh one: all state is lost. */
  restart: () => Promise<KernelInfo>;
  /** Asks the kernel to exit, kills its process group if it lingers, removes the connection file. */
  shutdown: () => Promise<void>;
}

/** How often, and after what pause, a request the kernel aborted without running it is sent again. */
const ABORT_RETRIES = 3;
const ABORT_RETRY_DELAY_MS = 300;
/** While waiting for the iopub subscription, how long each extra kernel_info_request may take. */
const KERNEL_INFO_RETRY_MS = 500;
/** Starts tried when a kernel fails in a way a fresh start cures (a port taken, tslab's start race). */
const START_ATTEMPTS = 3;
/**
 * What tslab logs when a request reaches it while it is still binding its sockets: its shell loop dies with
 * it and the kernel never answers again (Jupyter's own client then waits out its start timeout).
 */
export const TSLAB_START_RACE = 'Socket is blocked by a bind or unbind operation';
/** How long to wait for a SIGKILLed process to be reaped before moving on. */
const KILL_WAIT_MS = 2_000;

interface Running {
  connection: ConnectionFile;
  channels: KernelChannels;
  process: KernelProcess;
  /** What the kernel is working on, from iopub status messages (see {@link BusyTracker}). */
  busy: BusyTracker;
  deathReason: string | undefined;
  stopHeartbeat: AbortController;
}

/**
 * Creates a client for a tslab or Deno kernel; nothing starts until {@link KernelClient.start}.
 *
 * @example
 * const client = createKernelClient({ kernel: 'tslab', cwd: 'notebooks/en' });
 * try {
 *   await client.start();
 *   const result = await client.execute('console.log(1 + 1)', { timeoutMs: 10_000 });
 *   console.log(result.status, result.outputs);
 * } finally {
 *   await client.shutdown();
 * }
 */
export function createKernelClient(options: KernelClientOptions): KernelClient {
  const settings = resolveOptions(options);
  const session = { session: randomUUID() };
  const listeners = new Set<(channel: ReceiveChannel, message: JupyterMessage) => void>();
  let spec: KernelSpec | undefined = typeof options.kernel === 'string' ? undefined : options.kernel;
  const kernelName = typeof options.kernel === 'string' ? options.kernel : options.kernel.name;
  let running: Running | undefined;
  let info: KernelInfo | undefined;
  let executing = false;
  let closed = false;
  /** When the last failed cell's reply came, for kernels that abort requests arriving soon after a failure. */
  let failedAt: number | undefined;

  async function start(): Promise<KernelInfo> {
    if (closed) throw new KernelStateError('Cannot start the kernel: this client was shut down');
    if (running !== undefined) throw new KernelStateError(`Cannot start the ${kernelName} kernel: it is already running`);
    spec ??= resolveKernelSpec(kernelName as KernelName);
    // The connection file's ports were free when picked, but another process may take one before the
    // kernel binds it (Jupyter has the same race), and tslab can lose a race with its own sockets: then
    // start again, on fresh ports.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await startOnce(spec);
      } catch (error) {
        if (!(error instanceof RetryableStartError) || attempt >= START_ATTEMPTS) throw error;
      }
    }
  }

  async function startOnce(spec: KernelSpec): Promise<KernelInfo> {
    const connection = await writeConnectionFile({
      kernelName,
      ...(options.transport === undefined ? {} : { transport: options.transport }),
      ...(options.connectionParent === undefined ? {} : { parent: options.connectionParent }),
    });
    const state: Partial<Running> = { connection, busy: new BusyTracker(), deathReason: undefined, stopHeartbeat: new AbortController() };
    try {
      state.channels = openKernelChannels(connection.info, {
        session: session.session,
        onMessage: (channel, message) => {
          if (channel === 'iopub' && message.header.msg_type === 'status') state.busy?.update(message);
          for (const listener of listeners) listener(channel, message);
        },
      });
      state.process = spawnKernelProcess(spec, connection.path, { cwd: options.cwd, ...(options.env ? { env: options.env } : {}) });
      running = state as Running;
      info = await waitForKernelInfo(running);
      const watched = running;
      void watchHeartbeat(watched.channels, {
        intervalMs: settings.heartbeatIntervalMs,
        misses: settings.heartbeatMisses,
        isBusy: () => watched.busy.isBusy || watched.process.hasExited,
        signal: watched.stopHeartbeat.signal,
        onSilent: (misses) => {
          watched.deathReason = `it stopped answering heartbeats (${misses} missed in a row) while idle`;
          watched.process.signal('SIGKILL');
        },
      });
      return info;
    } catch (error) {
      await stop(state, false);
      if (running === state) running = undefined;
      throw error;
    }
  }

  /**
   * Throws a {@link RetryableStartError} once the kernel has logged that it could not bind one of its ports,
   * or that a request raced its binding (see {@link TSLAB_START_RACE}).
   */
  function assertStartable(state: Running): void {
    const log = state.process.logTail();
    if (/EADDRINUSE/.test(log)) {
      throw new RetryableStartError(`Cannot start the ${kernelName} kernel: one of its ports was taken by another process before it could bind it${logOf(state)}`);
    }
    if (log.includes(TSLAB_START_RACE)) {
      throw new RetryableStartError(`Cannot start the ${kernelName} kernel: a request reached it while it was still binding its sockets, and it stopped answering${logOf(state)}`);
    }
  }

  async function waitForKernelInfo(state: Running): Promise<KernelInfo> {
    const deadline = Date.now() + settings.startTimeoutMs;
    let iopubSeen = false;
    const onIopub = (channel: ReceiveChannel): void => {
      iopubSeen ||= channel === 'iopub';
    };
    listeners.add(onIopub);
    try {
      // Ask again until the kernel answers, as Jupyter's own client does: a request that comes while the
      // kernel is still binding its sockets may go unanswered (tslab then fails with EBUSY and drops it).
      let reply: JupyterMessage | undefined;
      while (reply === undefined) {
        assertStartable(state);
        const attemptDeadline = Math.min(deadline, Date.now() + KERNEL_INFO_RETRY_MS);
        reply = await request(state, 'shell', 'kernel_info_request', {}, attemptDeadline).catch((error: unknown) => {
          if (state.process.hasExited) assertStartable(state);
          if (state.process.hasExited || Date.now() >= deadline) throw error;
          return undefined;
        });
      }
      // The iopub subscription may not be in place when the first reply comes; ask again until it is, so
      // no output of the first cell is lost.
      let answered: JupyterMessage = reply;
      while (!iopubSeen) {
        // A kernel that could bind its shell port but not its iopub port answers, yet never publishes.
        assertStartable(state);
        if (Date.now() >= deadline) {
          throw new KernelStartError(`Cannot start the ${kernelName} kernel: it answers requests but published nothing on iopub within ${settings.startTimeoutMs} ms${logOf(state)}`);
        }
        answered = await request(state, 'shell', 'kernel_info_request', {}, Math.min(deadline, Date.now() + KERNEL_INFO_RETRY_MS)).catch(
          (error: unknown) => (state.process.hasExited ? Promise.reject(error) : answered),
        );
      }
      const content = answered.content;
      return {
        implementation: String(content['implementation'] ?? kernelName),
        protocolVersion: String(content['protocol_version'] ?? ''),
        languageInfo: (content['language_info'] as Record<string, unknown> | undefined) ?? {},
        banner: String(content['banner'] ?? ''),
      };
    } finally {
      listeners.delete(onIopub);
    }
  }

  /** Sends a request and waits for its reply on the same channel, the kernel's exit, or the deadline. */
  function request(state: Running, channel: 'shell' | 'control', type: string, content: object, deadline: number): Promise<JupyterMessage> {
    const message = createMessage(type, content, session);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        finish();
        reject(new KernelStartError(`Cannot start the ${kernelName} kernel: no ${type.replace('_request', '_reply')} within ${settings.startTimeoutMs} ms${logOf(state)}`));
      }, Math.max(deadline - Date.now(), 0));
      const listener = (from: ReceiveChannel, reply: JupyterMessage): void => {
        if (from !== channel || reply.parent_header.msg_id !== message.header.msg_id) return;
        finish();
        resolve(reply);
      };
      void state.process.exited.then((exit) => {
        if (!listeners.has(listener)) return;
        finish();
        reject(new KernelStartError(`Cannot start the ${kernelName} kernel: it exited with ${describeExit(exit)} before answering${logOf(state)}`));
      });
      function finish(): void {
        clearTimeout(timer);
        listeners.delete(listener);
      }
      listeners.add(listener);
      state.channels.send(channel, message).catch((error: unknown) => {
        finish();
        reject(new KernelStartError(`Cannot send ${type} to the ${kernelName} kernel`, { cause: error }));
      });
    });
  }

  async function execute(code: string, executeOptions: ExecuteOptions = {}): Promise<ExecuteResult> {
    const state = running;
    if (closed || state === undefined) throw new KernelStateError(`Cannot execute code: the ${kernelName} kernel is not running; call start() or restart()`);
    if (state.process.hasExited) {
      const why = state.deathReason ?? `it exited with ${describeExit(await state.process.exited)}`;
      throw new KernelDiedError(`Cannot execute code: the ${kernelName} kernel is dead (${why}); call restart()`);
    }
    if (executing) throw new KernelStateError('Cannot execute code: another cell is still running on this kernel');
    executing = true;
    const began = Date.now();
    const label = executeOptions.label ?? 'the cell';
    try {
      const quietMs = options.quietMs ?? spec?.outputSettleMs ?? 100;
      const background = executeOptions.settleInBackground === true && quietMs > 0;
      await waitOutAbortWindow();
      let { execution, outcome, detach } = await executeOnce(state, code, label, executeOptions.timeoutMs, background ? 0 : quietMs);
      // tslab aborts every request that arrives within 200 ms of a failed cell: the code never ran, so send it again.
      for (let retry = 1; retry <= ABORT_RETRIES && outcome.status === 'ok' && isAborted(execution.replyStatus); retry += 1) {
        detach();
        await sleep(ABORT_RETRY_DELAY_MS);
        ({ execution, outcome, detach } = await executeOnce(state, code, label, executeOptions.timeoutMs, background ? 0 : quietMs));
      }
      const result = toResult(execution, outcome, began, label);
      if (result.status !== 'ok') failedAt = Date.now();
      if (!background) {
        detach();
        return result;
      }
      // Listen on until the output is quiet; the next cell may run meanwhile (its messages have another parent).
      const settled = settleOutput(execution, state.process.exited, quietMs, settings.iopubGraceMs)
        .then(() => toResult(execution, outcome, began, label))
        .finally(detach);
      return { ...result, settled };
    } finally {
      executing = false;
    }
  }

  /** The result of a cell from what has arrived so far (called again once trailing output has settled). */
  function toResult(execution: CellExecution, outcome: CellOutcome, began: number, label: string): ExecuteResult {
    const outputs = execution.outputs();
    const notes = [...execution.notes];
    if (execution.collector.omittedBytes > 0) {
      notes.push(`Output of ${label} was cut to ${settings.maxOutputBytes} bytes; ${execution.collector.omittedBytes} bytes omitted`);
    }
    let status: ExecuteStatus = outcome.status;
    let error = [...outputs].reverse().find((output): output is ErrorOutput => output.output_type === 'error');
    if (status === 'ok' && (execution.replyStatus === 'error' || isAborted(execution.replyStatus) || error !== undefined)) status = 'error';
    if (status === 'error' && error === undefined) {
      error = synthesizeError(outputs, execution.reply ?? {});
      outputs.push(error);
    }
    return {
      status,
      executionCount: execution.executionCount,
      outputs,
      ...(error === undefined || status === 'ok' ? {} : { error }),
      notes,
      durationMs: Date.now() - began,
      restarted: outcome.restarted,
    };
  }

  /** tslab aborts requests that arrive within its abort window after a failed cell: wait it out instead of retrying. */
  async function waitOutAbortWindow(): Promise<void> {
    const windowMs = spec?.abortWindowMs ?? 0;
    if (failedAt === undefined || windowMs === 0) return;
    const wait = failedAt + windowMs - Date.now();
    failedAt = undefined;
    if (wait > 0) await sleep(wait);
  }

  async function executeOnce(
    state: Running,
    code: string,
    label: string,
    timeoutMs: number | undefined,
    quietMs: number,
  ): Promise<{ execution: CellExecution; outcome: CellOutcome; detach: () => void }> {
    const message = createMessage(
      'execute_request',
      { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: true, stop_on_error: true },
      session,
    );
    const execution = new CellExecution(message.header.msg_id, {
      maxBytes: settings.maxOutputBytes,
      onInputRequest: (request) => {
        execution.notes.push(`${capitalize(label)} asked for input (prompt ${JSON.stringify(String(request.content['prompt'] ?? ''))}); socketbook runs notebooks without a keyboard, answered with an empty value and failed the cell`);
        // A well-formed empty answer: Deno stops forwarding the output of later cells after a malformed
        // input_reply, so the failure is socketbook's error output below, not something the kernel raises.
        const reply = createMessage('input_reply', { value: '' }, session, request.header);
        state.channels.send('stdin', reply).catch(() => undefined);
        execution.added.push(socketbookError('StdinNotImplementedError', `Cannot answer input in ${label}: socketbook runs notebooks without a keyboard; give the value in the code instead`));
      },
    });
    const listener = (channel: ReceiveChannel, received: JupyterMessage): void => execution.handle(channel, received);
    const detach = (): void => void listeners.delete(listener);
    listeners.add(listener);
    try {
      await state.channels.send('shell', message);
      const outcome = await waitForCell(execution, {
        label,
        kernelName,
        exited: state.process.exited,
        describeDeath: async () => `${state.deathReason ?? `it exited with ${describeExit(await state.process.exited)}`}${logOf(state)}`,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        interruptGraceMs: settings.interruptGraceMs,
        iopubGraceMs: settings.iopubGraceMs,
        quietMs,
        interrupt: () => interruptState(state),
        restart,
      });
      return { execution, outcome, detach };
    } catch (error) {
      detach();
      throw error;
    }
  }

  async function interruptState(state: Running): Promise<void> {
    if (spec?.interruptMode === 'message') {
      await state.channels.send('control', createMessage('interrupt_request', {}, session)).catch(() => undefined);
    } else {
      state.process.signal('SIGINT');
    }
  }

  async function stop(state: Partial<Running>, graceful: boolean): Promise<void> {
    try {
      state.stopHeartbeat?.abort();
      if (graceful && state.process !== undefined && state.channels !== undefined && !state.process.hasExited) {
        await state.channels.send('control', createMessage('shutdown_request', { restart: false }, session)).catch(() => undefined);
        await waitAtMost(state.process.exited, settings.shutdownGraceMs);
      }
    } finally {
      state.process?.signal('SIGKILL');
      if (state.process !== undefined) await waitAtMost(state.process.exited, KILL_WAIT_MS);
      state.channels?.close();
      await state.connection?.remove();
    }
  }

  async function restart(): Promise<KernelInfo> {
    const state = running;
    running = undefined;
    if (state !== undefined) await stop(state, false);
    return start();
  }

  return {
    kernelName,
    get info() {
      return info;
    },
    get pid() {
      return running?.process.hasExited === false ? running.process.pid : undefined;
    },
    start,
    execute,
    interrupt: async () => {
      if (running !== undefined) await interruptState(running);
    },
    restart,
    shutdown: async () => {
      closed = true;
      const state = running;
      running = undefined;
      if (state !== undefined) await stop(state, true);
    },
  };
}

/** A start that failed in a way a fresh start cures: a port taken after it was picked, tslab's start race. */
class RetryableStartError extends KernelStartError {}

/** tslab answers "abort" where the protocol says "aborted". */
function isAborted(status: string | undefined): boolean {
  return status === 'aborted' || status === 'abort';
}

function logOf(state: Partial<Running>): string {
  const tail = stripAnsi(state.process?.logTail() ?? '').trim();
  return tail ? `. Its log ends with:\n${tail.split('\n').slice(-10).join('\n')}` : '';
}

function describeExit(exit: { code: number | null; signal: string | null }): string {
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

/** The options with a default, each resolved once. */
type ResolvedOptions = Required<Pick<KernelClientOptions,
  'startTimeoutMs' | 'interruptGraceMs' | 'shutdownGraceMs' | 'iopubGraceMs' | 'heartbeatIntervalMs' | 'heartbeatMisses' | 'maxOutputBytes'>>;

function resolveOptions(options: KernelClientOptions): ResolvedOptions {
  return {
    startTimeoutMs: options.startTimeoutMs ?? 60_000,
    interruptGraceMs: options.interruptGraceMs ?? 5_000,
    shutdownGraceMs: options.shutdownGraceMs ?? 2_000,
    iopubGraceMs: options.iopubGraceMs ?? 2_000,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1_000,
    heartbeatMisses: options.heartbeatMisses ?? 5,
    maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
  };
}
