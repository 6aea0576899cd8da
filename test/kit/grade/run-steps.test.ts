import { describe, expect, test } from 'vitest';
import type { PlanStep } from '../../../src/kit/grade/grading-plan.js';
import { runSteps, type GradingSession } from '../../../src/kit/grade/run-steps.js';
import { createFakeKernel } from './fake-kernel.js';

const steps: PlanStep[] = [
  { kind: 'setup', cellIds: ['imports'], code: 'IMPORTS' },
  { kind: 'answer', exercise: 'a', solution: 'SOLUTION A' },
  { kind: 'tests', id: 'a-tests', exercise: 'a', points: 1, code: 'TESTS A', hasHidden: false },
  { kind: 'answer', exercise: 'b', solution: 'SOLUTION B' },
  { kind: 'tests', id: 'b-tests', exercise: 'b', points: 1, code: 'TESTS B', hasHidden: false },
];
const session = (kernel: GradingSession['kernel']): GradingSession => ({ kernel, replay: [], restarts: 0 });

describe('runSteps()', () => {
  test('a crash restarts the kernel and replays instructor cells and answers, never tests, before going on', async () => {
    let crashed = false;
    const kernel = createFakeKernel((code) => (code === 'TESTS A' && !crashed ? ((crashed = true), { status: 'died' }) : undefined));
    const answers: Record<string, string[]> = { a: ['ANSWER A'], b: ['ANSWER B'] };
    const runs = await runSteps(session(kernel), steps, 0, steps.length, (id) => answers[id]!, {});
    expect(runs.map((run) => run.status)).toEqual(['ok', 'ok', 'died', 'ok', 'ok']);
    expect(kernel.restarts).toBe(1);
    expect(kernel.executed).toEqual(['IMPORTS', 'ANSWER A', 'TESTS A', 'IMPORTS', 'ANSWER A', 'ANSWER B', 'TESTS B']);
  });

  test('prepare() rewrites instructor and tests steps, never answers; a tests run keeps its token; the replay uses the rewritten code', async () => {
    let crashed = false;
    const kernel = createFakeKernel((code) => (code === 'TESTS A [t2]' && !crashed ? ((crashed = true), { status: 'died' }) : undefined));
    let tokens = 0;
    const prepared: GradingSession = {
      ...session(kernel),
      prepare: (index, code) => {
        if (steps[index]!.kind !== 'tests') return { code: `${code} [sealed]` };
        tokens += 1;
        return { code: `${code} [t${tokens}]`, token: `t${tokens}` };
      },
    };
    const runs = await runSteps(prepared, steps, 0, 3, () => ['ANSWER A'], {});
    expect(kernel.executed).toEqual(['IMPORTS [sealed]', 'ANSWER A', 'TESTS A [t1]']);
    expect(runs.map((run) => run.token)).toEqual([undefined, undefined, 't1']);
    const again = await runSteps(prepared, steps, 2, 3, () => ['ANSWER A'], {});
    expect(again[0]).toMatchObject({ status: 'died', token: 't2' });
    expect(kernel.executed.slice(3)).toEqual(['TESTS A [t2]', 'IMPORTS [sealed]', 'ANSWER A']);
  });

  test('instructor cells merged into one step get the cell timeout once per cell', async () => {
    const timeouts: Array<number | undefined> = [];
    const kernel = createFakeKernel();
    const execute = kernel.execute;
    kernel.execute = (code, options) => {
      timeouts.push(options?.timeoutMs);
      return execute(code, options);
    };
    const merged: PlanStep[] = [{ kind: 'setup', cellIds: ['imports', 'server', 'helpers'], code: 'IMPORTS\nSERVER\nHELPERS' }, steps[1]!];
    await runSteps(session(kernel), merged, 0, merged.length, () => ['ANSWER A'], { cellTimeoutMs: 1_000 });
    expect(timeouts).toEqual([3_000, 1_000]);
  });

  test('a missing answer is skipped with a reason and its tests still run', async () => {
    const kernel = createFakeKernel();
    const runs = await runSteps(session(kernel), steps, 0, steps.length, (id) => (id === 'a' ? [] : ['ANSWER B']), {});
    expect(runs[1]).toMatchObject({ status: 'skipped', reason: { en: 'Not run: there is no answer cell' } });
    expect(kernel.executed).toEqual(['IMPORTS', 'TESTS A', 'ANSWER B', 'TESTS B']);
  });

  test('parts of a split answer run as one; if that fails, one by one', async () => {
    const kernel = createFakeKernel((code) => (code === 'P1\nP2' ? { status: 'error' } : undefined));
    await runSteps(session(kernel), steps, 1, 2, () => ['P1', 'P2'], {});
    expect(kernel.executed).toEqual(['P1\nP2', 'P1', 'P2']);
  });

  test('after maxRestarts crashes every later step is skipped', async () => {
    const kernel = createFakeKernel((code) => (code.startsWith('TESTS') ? { status: 'died' } : undefined));
    const runs = await runSteps(session(kernel), steps, 0, steps.length, (id) => [`ANSWER ${id}`], { maxRestarts: 1 });
    expect(runs.map((run) => run.status)).toEqual(['ok', 'ok', 'died', 'ok', 'died']);
    const more = await runSteps({ ...session(kernel), restarts: 2, broken: { en: 'gone', es: 'fuera' } }, steps, 0, 1, () => [], {});
    expect(more[0]).toMatchObject({ status: 'skipped', reason: { en: 'gone' } });
  });

  test('steps left when the notebook time is spent are skipped, marked as lost to the notebook limit', async () => {
    const runs = await runSteps({ ...session(createFakeKernel()), deadline: Date.now() - 1 }, steps, 0, 2, () => ['X'], { notebookTimeoutMs: 5000 });
    expect(runs.map((run) => run.reason?.en)).toEqual(['Not run: the notebook used up its 5 s', 'Not run: the notebook used up its 5 s']);
    expect(runs.map((run) => run.timeLimit)).toEqual([{ kind: 'notebook', seconds: 5 }, { kind: 'notebook', seconds: 5 }]);
  });

  test('a step stopped at its limit is marked with that limit; the steps after it, still fine, are not', async () => {
    const kernel = createFakeKernel((code) => (code === 'ANSWER A' ? { status: 'timeout' } : undefined));
    const runs = await runSteps(session(kernel), steps, 0, steps.length, (id) => [`ANSWER ${id.toUpperCase()}`], { cellTimeoutMs: 2_000 });
    expect(runs.map((run) => run.timeLimit)).toEqual([undefined, { kind: 'cell', seconds: 2 }, undefined, undefined, undefined]);
    expect(runs[1]!.reason?.en).toMatch(/^Stopped: it ran longer than 2 s/);
  });

  test('a missing answer is not a time limit, even after one was hit', async () => {
    const runs = await runSteps({ ...session(createFakeKernel()), lostToTime: { kind: 'replay', seconds: 30 } }, steps, 1, 2, () => [], {});
    expect(runs[0]).toMatchObject({ status: 'skipped' });
    expect(runs[0]!.timeLimit).toBeUndefined();
  });

  test('a replayed cell that runs out of time after a restart marks every later step: they ran without its state', async () => {
    let restarted = false;
    const kernel = createFakeKernel((code) => {
      if (code === 'TESTS A' && !restarted) return (restarted = true), { status: 'died' };
      if (code === 'IMPORTS' && restarted) return { status: 'timeout' };
      return undefined;
    });
    const runs = await runSteps(session(kernel), steps, 0, steps.length, (id) => [`ANSWER ${id.toUpperCase()}`], { cellTimeoutMs: 1_000 });
    expect(runs.map((run) => run.status)).toEqual(['ok', 'ok', 'died', 'ok', 'ok']);
    expect(runs.map((run) => run.timeLimit?.kind)).toEqual([undefined, undefined, undefined, 'replay', 'replay']);
  });

  test('when the restarts run out after a cell would not stop, the skipped steps are marked', async () => {
    const kernel = createFakeKernel((code) => (code === 'ANSWER A' ? { status: 'timeout', restarted: true } : undefined));
    const runs = await runSteps(session(kernel), steps, 0, steps.length, () => ['ANSWER A'], { cellTimeoutMs: 1_000, maxRestarts: 0 });
    expect(runs.map((run) => run.status)).toEqual(['ok', 'timeout', 'skipped', 'skipped', 'skipped']);
    expect(runs.slice(2).map((run) => run.timeLimit)).toEqual([{ kind: 'cell', seconds: 1 }, { kind: 'cell', seconds: 1 }, { kind: 'cell', seconds: 1 }]);
  });
});
