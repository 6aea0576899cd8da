import { setTimeout as sleep } from 'node:timers/promises';
import type { KernelChannels } from './kernel-channels.js';
import type { JupyterMessage } from './wire.js';

/** Options of {@link watchHeartbeat}. */
export interface HeartbeatOptions {
  /** Time between pings, and how long each ping may take. @default 1_000 */
  intervalMs?: number;
  /** Consecutive missed pings, while the kernel is not busy, that count as silence. @default 5 */
  misses?: number;
  /** Whether the kernel is busy: tslab answers heartbeats on the thread that runs the cell, so silence then proves nothing. */
  isBusy: () => boolean;
  /** Stops the watch. */
  signal: AbortSignal;
  /** Called once, when the kernel has been silent too long; the watch then ends. */
  onSilent: (misses: number) => void;
}

/**
 * Pings the kernel's heartbeat channel until `signal` aborts, and reports a kernel that stays silent while
 * it says it is idle: a process that is alive but no longer serving its sockets.
 *
 * @example
 * void watchHeartbeat(channels, { isBusy: () => false, signal: stop.signal, onSilent: () => kernel.signal('SIGKILL') });
 */
export async function watchHeartbeat(channels: Pick<KernelChannels, 'ping'>, options: HeartbeatOptions): Promise<void> {
  const interval = options.intervalMs ?? 1_000;
  const maxMisses = options.misses ?? 5;
  let misses = 0;
  while (!options.signal.aborted) {
    const began = Date.now();
    misses = (await channels.ping(interval)) ? 0 : misses + 1;
    if (options.signal.aborted) return;
    if (options.isBusy()) misses = 0;
    if (misses >= maxMisses) {
      options.onSilent(misses);
      return;
    }
    await sleep(Math.max(interval - (Date.now() - began), 0), undefined, { signal: options.signal }).catch(() => undefined);
  }
}

/**
 * Whether the kernel is working, from its iopub `status` messages. Tracked per request because Deno may
 * publish a request's `idle` before its `busy`: a request counts as busy from `busy` until its `idle`,
 * whichever order they come in.
 *
 * @example
 * const tracker = new BusyTracker();
 * tracker.update(statusMessage);
 * if (!tracker.isBusy) ...
 */
export class BusyTracker {
  readonly #busy = new Set<string>();
  readonly #done = new Set<string>();

  get isBusy(): boolean {
    return this.#busy.size > 0;
  }

  update(message: Pick<JupyterMessage, 'content' | 'parent_header'>): void {
    const parent = String(message.parent_header.msg_id ?? '');
    if (message.content['execution_state'] === 'idle') {
      this.#busy.delete(parent);
      this.#done.add(parent);
      // Only a late `busy` needs remembering; keep the memory of finished requests short.
      if (this.#done.size > 64) this.#done.delete(this.#done.values().next().value!);
    } else if (message.content['execution_state'] === 'busy' && !this.#done.has(parent)) {
      this.#busy.add(parent);
    }
  }
}
