import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KernelNotFoundError } from '../../../src/kit/kernel/kernel-errors.js';
import { NO_QUIRKS, resolveKernelSpec, TSLAB_START_RACE } from '../../../src/kit/kernel/kernelspec.js';

describe('resolveKernelSpec()', () => {
  let bare: string;
  beforeAll(async () => {
    bare = await mkdtemp(join(tmpdir(), 'socketbook-no-kernel-'));
  });
  afterAll(async () => {
    await rm(bare, { recursive: true, force: true });
  });

  it("launches tslab from this project's node_modules with node", () => {
    const spec = resolveKernelSpec('tslab');
    expect(spec.argv[0]).toBe(process.execPath);
    expect(spec.argv.slice(1)).toEqual([expect.stringMatching(/tslab[/\\]bin[/\\]tslab$/), 'kernel', '--config-path', '{connection_file}']);
    expect(spec.interruptMode).toBe('signal');
  });

  it("describes tslab's departures from the protocol as quirks: 'abort', its abort window and resends, its start race", () => {
    expect(resolveKernelSpec('tslab').quirks).toEqual({
      outputSettleMs: 100,
      abortedStatuses: ['aborted', 'abort'],
      abortWindowMs: 220,
      abortedResends: 3,
      abortedResendDelayMs: 300,
      startRaceLog: TSLAB_START_RACE,
    });
  });

  it('gives Deno no quirks but output that trails its idle status', () => {
    expect(resolveKernelSpec('deno').quirks).toEqual({ ...NO_QUIRKS, outputSettleMs: 300 });
  });

  it('launches the deno binary of the deno package, interrupting by message', () => {
    const spec = resolveKernelSpec('deno');
    expect(spec.argv.slice(-4)).toEqual(['jupyter', '--kernel', '--conn', '{connection_file}']);
    expect(spec.interruptMode).toBe('message');
  });

  it.each(['tslab', 'deno'] as const)('throws ERR_KERNEL_NOT_FOUND with the install command when %s is missing', (name) => {
    let caught: unknown;
    try {
      resolveKernelSpec(name, { from: bare, path: bare });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KernelNotFoundError);
    expect((caught as KernelNotFoundError).code).toBe('ERR_KERNEL_NOT_FOUND');
    expect((caught as Error).message).toContain(`'npm install ${name}'`);
    expect((caught as Error).message).toContain("Run 'npm install' in the socketbook project");
  });
});
