import type { ExecuteResult, KernelClient } from '../../../src/kit/kernel/kernel-client.js';
import type { Output } from '../../../src/kit/notebook/nbformat.js';
import { CHECK_REPORT_MIME, reportMac } from '../../../src/net/check-report.js';

/** What the fake kernel does with one execution: the result to give, by default a quiet success. */
export type FakeBehaviour = (code: string) => Partial<ExecuteResult> | undefined;

/**
 * A kernel client that runs nothing: it records the code it gets and answers with `behave(code)`.
 * `restart()` counts restarts; `executed` lists every execution in order.
 */
export function createFakeKernel(behave: FakeBehaviour = () => undefined): KernelClient & { executed: string[]; restarts: number } {
  const fake = {
    kernelName: 'fake',
    info: undefined,
    pid: 1,
    executed: [] as string[],
    restarts: 0,
    start: async () => ({ implementation: 'fake', protocolVersion: '5.3', languageInfo: {}, banner: '' }),
    execute: async (code: string): Promise<ExecuteResult> => {
      fake.executed.push(code);
      return { status: 'ok', executionCount: fake.executed.length, outputs: [], notes: [], durationMs: 1, restarted: false, ...behave(code) };
    },
    interrupt: async () => undefined,
    restart: async () => {
      fake.restarts += 1;
      return fake.start();
    },
    shutdown: async () => undefined,
  };
  return fake;
}

/**
 * A `display_data` output carrying a check report as the checker sends it: the message, signed with the
 * kernel's key (`nonce`) for the tests step `token` (none: the fake sessions have no seal).
 */
export function reportOutput(report: Record<string, unknown> & { nonce: string; token?: string }): Output {
  const { nonce, token = '', ...message } = report;
  const body = JSON.stringify(message);
  const envelope = { version: 2, body, mac: reportMac(nonce, token, body) };
  return { output_type: 'display_data', data: { [CHECK_REPORT_MIME]: JSON.stringify(envelope) }, metadata: {} };
}
