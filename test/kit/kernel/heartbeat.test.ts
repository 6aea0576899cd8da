import { describe, expect, it } from 'vitest';
import { BusyTracker, watchHeartbeat } from '../../../src/kit/kernel/heartbeat.js';

const status = (parent: string, state: 'busy' | 'idle') => ({ parent_header: { msg_id: parent }, content: { execution_state: state } });

describe('BusyTracker', () => {
  it('is busy from a request’s busy status until its idle status', () => {
    const tracker = new BusyTracker();
    tracker.update(status('a', 'busy'));
    tracker.update(status('b', 'busy'));
    tracker.update(status('a', 'idle'));
    expect(tracker.isBusy).toBe(true);
    tracker.update(status('b', 'idle'));
    expect(tracker.isBusy).toBe(false);
  });

  it('ignores a busy status that arrives after the same request’s idle (as Deno may send them)', () => {
    const tracker = new BusyTracker();
    tracker.update(status('a', 'idle'));
    tracker.update(status('a', 'busy'));
    expect(tracker.isBusy).toBe(false);
  });
});

describe('watchHeartbeat()', () => {
  it('reports silence after the given number of missed pings while idle', async () => {
    const stop = new AbortController();
    let reported = 0;
    await watchHeartbeat({ ping: async () => false }, { intervalMs: 1, misses: 3, isBusy: () => false, signal: stop.signal, onSilent: (misses) => (reported = misses) });
    expect(reported).toBe(3);
  });

  it('does not count missed pings while the kernel is busy', async () => {
    const stop = new AbortController();
    let pings = 0;
    let silent = false;
    const ping = async () => {
      pings += 1;
      if (pings === 20) stop.abort();
      return false;
    };
    await watchHeartbeat({ ping }, { intervalMs: 1, misses: 3, isBusy: () => true, signal: stop.signal, onSilent: () => (silent = true) });
    expect(pings).toBe(20);
    expect(silent).toBe(false);
  });
});
