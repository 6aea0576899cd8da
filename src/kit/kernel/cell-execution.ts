import { setTimeout as sleep } from 'node:timers/promises';
import type { ErrorOutput, Output } from '../notebook/nbformat.js';
import { socketbookError } from './error-output.js';
import type { ReceiveChannel } from './kernel-channels.js';
import { OutputCollector } from './output-collector.js';
import type { JupyterMessage } from './wire.js';

/** How a cell ended: ran, raised, ran too long, or took the kernel down with it. */
export type ExecuteStatus = 'ok' | 'error' | 'timeout' | 'died';

/** What {@link KernelClient.execute} returns for one cell. */
export interface ExecuteResult {
  status: ExecuteStatus;
  /**
   * With `settleInBackground`: resolves with the final result once output has stopped trailing the cell
   * (its outputs then include what came after the idle status). Never rejects. Absent otherwise.
   */
  settled?: Promise<ExecuteResult>;
  /** The kernel's execution counter for this cell, or null when it never said. */
  executionCount: number | null;
  outputs: Output[];
  /** The error output that explains a failed cell (the kernel's own, or one socketbook wrote). */
  error?: ErrorOutput;
  /** Things socketbook did that the reader should know (input refused, output cut, kernel restarted). */
  notes: string[];
  durationMs: number;
  /** True when the kernel was restarted (after a timeout it would not recover from): earlier state is gone. */
  restarted: boolean;
}

/**
 * The bookkeeping of one `execute_request`: it collects the iopub messages whose parent is the request,
 * the `execute_reply`, and the final `status: idle`, and says when both have arrived.
 *
 * @example
 * const execution = new CellExecution(request.header.msg_id, { onInputRequest: refuseInput });
 * listeners.add((channel, message) => execution.handle(channel, message));
 * while (!execution.complete) await execution.nextMessage();
 */
export class CellExecution {
  readonly msgId: string;
  readonly collector: OutputCollector;
  readonly notes: string[] = [];
  /** Errors socketbook adds (timeout, refused input, dead kernel), shown after what the kernel printed. */
  readonly added: ErrorOutput[] = [];
  reply: Record<string, unknown> | undefined;
  idle = false;
  /** True once the kernel has said why the cell failed, or could: an error output, or anything on stderr. */
  explained = false;
  readonly #onInputRequest: (message: JupyterMessage) => void;
  #waiters: Array<() => void> = [];

  constructor(msgId: string, options: { maxBytes?: number; onInputRequest: (message: JupyterMessage) => void }) {
    this.msgId = msgId;
    this.collector = new OutputCollector(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes });
    this.#onInputRequest = options.onInputRequest;
  }

  /** Resolves when the next message of this request has been handled. */
  nextMessage(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** True once the reply and the final idle status have both arrived. */
  get complete(): boolean {
    return this.reply !== undefined && this.idle;
  }

  /** Takes one message from any channel; ignores those that belong to other requests. */
  handle(channel: ReceiveChannel, message: JupyterMessage): void {
    if (message.parent_header.msg_id !== this.msgId) return;
    const type = message.header.msg_type;
    if (channel === 'iopub') {
      if (type === 'status') this.idle ||= message.content['execution_state'] === 'idle';
      else {
        this.collector.add(type, message.content);
        this.explained ||= type === 'error' || (type === 'stream' && message.content['name'] === 'stderr');
      }
    } else if (channel === 'shell' && type === 'execute_reply') {
      this.reply = message.content;
    } else if (channel === 'stdin' && type === 'input_request') {
      this.#onInputRequest(message);
    }
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** The cell's outputs: the kernel's, then the errors socketbook added. */
  outputs(): Output[] {
    return [...this.collector.outputs(), ...this.added];
  }

  /** The kernel's `execute_reply` status, or undefined before the reply. */
  get replyStatus(): string | undefined {
    const status = this.reply?.['status'];
    return typeof status === 'string' ? status : undefined;
  }

  /** The execution count from the reply, or null before the reply. */
  get executionCount(): number | null {
    const count = this.reply?.['execution_count'];
    return typeof count === 'number' ? count : null;
  }
}

/** How waiting for a cell ended, before the reply's own status is looked at. */
export interface CellOutcome {
  status: 'ok' | 'timeout' | 'died';
  restarted: boolean;
}

/** What {@link waitForCell} needs from the kernel client. */
export interface WaitForCellOptions {
  /** Names the cell in messages, e.g. `cell 3 (id "intro")`. */
  label: string;
  kernelName: string;
  /** Resolves when the kernel process exits. */
  exited: Promise<unknown>;
  /** Why the kernel died, for the error output: "it exited with code 1. Its log ends with: …". */
  describeDeath: () => Promise<string>;
  timeoutMs?: number;
  interruptGraceMs: number;
  iopubGraceMs: number;
  /**
   * After the reply and the idle status, how long output must stop arriving before the cell counts as done;
   * 0 returns at once (the caller then settles the output itself, see {@link settleOutput}).
   */
  quietMs: number;
  interrupt: () => Promise<void>;
  restart: () => Promise<unknown>;
}

/**
 * Waits until the cell's reply and final idle status have arrived. Past `timeoutMs` it interrupts the
 * kernel; if the cell has not stopped `interruptGraceMs` later, it restarts the kernel. If the process
 * exits, the cell died. After the reply, the idle status gets `iopubGraceMs` to arrive, and then output
 * still in flight is collected until none has come for `quietMs`.
 *
 * @example
 * const outcome = await waitForCell(execution, { label: 'cell 1', kernelName: 'deno', exited, describeDeath, timeoutMs: 30_000, interruptGraceMs: 5_000, iopubGraceMs: 2_000, quietMs: 100, interrupt, restart });
 */
export async function waitForCell(execution: CellExecution, options: WaitForCellOptions): Promise<CellOutcome> {
  const { label, timeoutMs, interruptGraceMs, iopubGraceMs } = options;
  const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
  let replyAt: number | undefined;
  let interruptedAt: number | undefined;
  const finished = (): CellOutcome => ({ status: interruptedAt === undefined ? 'ok' : 'timeout', restarted: false });
  for (;;) {
    if (execution.complete) {
      if (options.quietMs > 0) await settleOutput(execution, options.exited, options.quietMs, iopubGraceMs);
      return finished();
    }
    if (execution.reply !== undefined) replyAt ??= Date.now();
    const waits = [
      replyAt === undefined ? undefined : replyAt + iopubGraceMs,
      interruptedAt === undefined ? deadline : interruptedAt + interruptGraceMs,
    ].filter((at): at is number => at !== undefined);
    const event = await nextEvent(execution, options.exited, waits.length === 0 ? undefined : Math.min(...waits) - Date.now());
    const now = Date.now();
    if (event === 'exit') {
      execution.added.splice(0);
      execution.added.push(
        socketbookError('KernelDiedError', `Cannot finish ${label}: the ${options.kernelName} kernel died while running it: ${await options.describeDeath()}`),
      );
      return { status: 'died', restarted: false };
    }
    if (event !== 'timer') continue;
    if (replyAt !== undefined && now >= replyAt + iopubGraceMs) return finished();
    if (interruptedAt === undefined && deadline !== undefined && now >= deadline) {
      interruptedAt = now;
      execution.added.push(socketbookError('CellTimeoutError', `Cannot finish ${label}: it ran longer than ${seconds(timeoutMs ?? 0)}, so socketbook interrupted it`));
      execution.notes.push(`${capitalize(label)} timed out after ${seconds(timeoutMs ?? 0)} and was interrupted`);
      await options.interrupt();
    } else if (interruptedAt !== undefined && now >= interruptedAt + interruptGraceMs) {
      execution.added.splice(0);
      execution.added.push(
        socketbookError(
          'CellTimeoutError',
          `Cannot finish ${label}: it ran longer than ${seconds(timeoutMs ?? 0)} and did not stop within ${seconds(interruptGraceMs)} of an interrupt, so socketbook restarted the ${options.kernelName} kernel (earlier variables are gone)`,
        ),
      );
      execution.notes.push(`The ${options.kernelName} kernel did not stop ${label} after an interrupt and was restarted`);
      await options.restart();
      return { status: 'timeout', restarted: true };
    }
  }
}

/**
 * Collects output that trails a cell's idle status (Deno may publish a result after it, tslab the rest of
 * a failing cell's output) until none has come for `quietMs`, or the kernel exits. A cell that failed
 * without printing anything yet gets `silentFailureMs` of quiet instead: its explanation is still on the way.
 *
 * @example
 * await settleOutput(execution, kernel.exited, 100, 2_000);
 */
export async function settleOutput(execution: CellExecution, exited: Promise<unknown>, quietMs: number, silentFailureMs = quietMs): Promise<void> {
  let event: 'message' | 'timer' | 'exit';
  do event = await nextEvent(execution, exited, failedSilently(execution) ? Math.max(quietMs, silentFailureMs) : quietMs);
  while (event === 'message');
}

/** A cell whose reply says it failed, with nothing yet that says why (tslab prints its errors on stderr). */
function failedSilently(execution: CellExecution): boolean {
  return execution.replyStatus === 'error' && !execution.explained && execution.added.length === 0;
}

async function nextEvent(execution: CellExecution, exited: Promise<unknown>, ms: number | undefined): Promise<'message' | 'timer' | 'exit'> {
  const timer = new AbortController();
  const events: Array<Promise<'message' | 'timer' | 'exit'>> = [
    execution.nextMessage().then(() => 'message' as const),
    exited.then(() => 'exit' as const),
  ];
  if (ms !== undefined) events.push(sleep(Math.max(ms, 0), 'timer' as const, { signal: timer.signal }).catch(() => 'timer' as const));
  try {
    return await Promise.race(events);
  } finally {
    timer.abort();
  }
}

/**
 * Capitalizes the first letter, for labels that start a sentence.
 *
 * @example
 * capitalize('cell 3 (id "echo")'); // 'Cell 3 (id "echo")'
 */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
