import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ErrorOutput } from '../notebook/nbformat.js';
import { capitalize, CellExecution, type CellOutcome, type ExecuteResult, type ExecuteStatus, settleOutput, waitForCell } from './cell-execution.js';
import type { ConnectionTransport } from './connection-file.js';
import { socketbookError, synthesizeError } from './error-output.js';
import type { MessageHandler, ReceiveChannel } from './kernel-channels.js';
import { KernelDiedError, KernelStateError } from './kernel-errors.js';
import { describeDeath, type KernelInfo, logEnding, type RunningKernel, startKernel, stopKernel } from './kernel-start.js';
import { type KernelName, type KernelQuirks, type KernelSpec, resolveKernelSpec } from './kernelspec.js';
import { DEFAULT_MAX_OUTPUT_BYTES } from './output-collector.js';
import { createMessage, type JupyterMessage } from './wire.js';

export type { ExecuteResult, ExecuteStatus } from './cell-execution.js';
export type { KernelInfo } from './kernel-start.js';

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
  /** After a cell's reply and idle status, how long output must stop arriving before the cell is done. @default the kernelspec's `quirks.outputSettleMs` */
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
  /** Asks the kernel to exit (or kills one still starting), kills its process group if it lingers, removes the connection file. */
  shutdown: () => Promise<void>;
}

/**
 * Creates a client for a tslab or Deno kernel; nothing starts until {@link KernelClient.start}. Starting
 * and stopping the kernel is {@link startKernel}'s; this runs cells on it, as the kernelspec's quirks say.
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
  const listeners = new Set<MessageHandler>();
  const kernelName = typeof options.kernel === 'string' ? options.kernel : options.kernel.name;
  /** The kernelspec and what follows from it, resolved at the first start (which reports a kernel not installed). */
  let resolved: ResolvedKernel | undefined;
  let running: RunningKernel | undefined;
  /** A start in progress, which a shutdown cancels. */
  let starting: { cancel: AbortController; done: Promise<unknown> } | undefined;
  let info: KernelInfo | undefined;
  let executing = false;
  let closed = false;
  /** When the last failed cell ended, for kernels that abort requests arriving soon after a failure. */
  let failedAt: number | undefined;

  async function start(): Promise<KernelInfo> {
    if (closed) throw new KernelStateError('Cannot start the kernel: this client was shut down');
    if (running !== undefined || starting !== undefined) throw new KernelStateError(`Cannot start the ${kernelName} kernel: it is already running`);
    resolved ??= resolveKernel(options);
    const cancel = new AbortController();
    const done = startKernel(resolved.spec, {
      cwd: options.cwd,
      env: options.env,
      transport: options.transport,
      connectionParent: options.connectionParent,
      session: session.session,
      startTimeoutMs: settings.startTimeoutMs,
      heartbeatIntervalMs: settings.heartbeatIntervalMs,
      heartbeatMisses: settings.heartbeatMisses,
      onMessage: (channel, message) => {
        for (const listener of listeners) listener(channel, message);
      },
      signal: cancel.signal,
    }).then((started) => {
      running = started;
      info = started.info;
      return started.info;
    });
    starting = { cancel, done };
    try {
      return await done;
    } finally {
      starting = undefined;
    }
  }

  async function execute(code: string, executeOptions: ExecuteOptions = {}): Promise<ExecuteResult> {
    const state = running;
    const kernel = resolved;
    if (closed || state === undefined || kernel === undefined) {
      throw new KernelStateError(`Cannot execute code: the ${kernelName} kernel is not running; call start() or restart()`);
    }
    if (state.process.hasExited) {
      throw new KernelDiedError(`Cannot execute code: the ${kernelName} kernel is dead (${await describeDeath(state)}); call restart()`);
    }
    if (executing) throw new KernelStateError('Cannot execute code: another cell is still running on this kernel');
    executing = true;
    const began = Date.now();
    const label = executeOptions.label ?? 'the cell';
    try {
      const { spec: { quirks }, quietMs } = kernel;
      const background = executeOptions.settleInBackground === true && quietMs > 0;
      const run = (): ReturnType<typeof executeOnce> => executeOnce(state, code, label, executeOptions.timeoutMs, background ? 0 : quietMs);
      await waitOutAbortWindow(quirks);
      let { execution, outcome, detach } = await run();
      // The wait above can fall short (see KernelQuirks.abortedResends); the aborted code never ran: send it again.
      for (let resend = 1; resend <= quirks.abortedResends && outcome.status === 'ok' && isAborted(quirks, execution.replyStatus); resend += 1) {
        detach();
        await sleep(quirks.abortedResendDelayMs);
        ({ execution, outcome, detach } = await run());
      }
      const result = toResult(execution, outcome, began, label, quirks);
      if (result.status !== 'ok') failedAt = Date.now();
      if (!background) {
        detach();
        return result;
      }
      // Listen on until the output is quiet; the next cell may run meanwhile (its messages have another parent).
      const settled = settleOutput(execution, state.process.exited, quietMs, settings.iopubGraceMs)
        .then(() => toResult(execution, outcome, began, label, quirks))
        .finally(detach);
      return { ...result, settled };
    } finally {
      executing = false;
    }
  }

  /** The result of a cell from what has arrived so far (called again once trailing output has settled). */
  function toResult(execution: CellExecution, outcome: CellOutcome, began: number, label: string, quirks: KernelQuirks): ExecuteResult {
    const outputs = execution.outputs();
    const notes = [...execution.notes];
    if (execution.collector.omittedBytes > 0) {
      notes.push(`Output of ${label} was cut to ${settings.maxOutputBytes} bytes; ${execution.collector.omittedBytes} bytes omitted`);
    }
    let status: ExecuteStatus = outcome.status;
    let error = [...outputs].reverse().find((output): output is ErrorOutput => output.output_type === 'error');
    if (status === 'ok' && (execution.replyStatus === 'error' || isAborted(quirks, execution.replyStatus) || error !== undefined)) status = 'error';
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

  /** Waits out the kernel's abort window after a failed cell, so the next request is run, not aborted. */
  async function waitOutAbortWindow(quirks: KernelQuirks): Promise<void> {
    if (failedAt === undefined || quirks.abortWindowMs === 0) return;
    const wait = failedAt + quirks.abortWindowMs - Date.now();
    failedAt = undefined;
    if (wait > 0) await sleep(wait);
  }

  async function executeOnce(
    state: RunningKernel,
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
        describeDeath: async () => `${await describeDeath(state)}${logEnding(state.process)}`,
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

  async function interruptState(state: RunningKernel): Promise<void> {
    if (resolved?.spec.interruptMode === 'message') {
      await state.channels.send('control', createMessage('interrupt_request', {}, session)).catch(() => undefined);
    } else {
      state.process.signal('SIGINT');
    }
  }

  async function restart(): Promise<KernelInfo> {
    const state = running;
    running = undefined;
    if (state !== undefined) await stopKernel(state);
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
      const pending = starting;
      if (pending !== undefined) {
        pending.cancel.abort(new KernelStateError(`Cannot start the ${kernelName} kernel: the client was shut down while it started`));
        await pending.done.catch(() => undefined);
      }
      const state = running;
      running = undefined;
      if (state !== undefined) await stopKernel(state, settings.shutdownGraceMs);
    },
  };
}

/** The kernelspec, and the options whose default it gives. */
interface ResolvedKernel {
  spec: KernelSpec;
  /** See {@link KernelClientOptions.quietMs}. */
  quietMs: number;
}

function resolveKernel(options: KernelClientOptions): ResolvedKernel {
  const spec = typeof options.kernel === 'string' ? resolveKernelSpec(options.kernel) : options.kernel;
  return { spec, quietMs: options.quietMs ?? spec.quirks.outputSettleMs };
}

/** Whether a reply status says the kernel dropped the request without running it. */
function isAborted(quirks: KernelQuirks, status: string | undefined): boolean {
  return status !== undefined && quirks.abortedStatuses.includes(status);
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
