import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createKernelClient } from '../kernel/kernel-client.js';
import { DEFAULT_MAX_OUTPUT_BYTES } from '../kernel/output-collector.js';
import type { KernelSpec } from '../kernel/kernelspec.js';
import type { GradingPlan } from './grading-plan.js';
import { type KernelSlot, prefixLength } from './grade-submission.js';
import { type GradingSession, type RunLimits, runSteps } from './run-steps.js';
import { planSeals, type SealPlan, sealSuffix, sealedTests } from './seal-code.js';
import { createWorkspace, type WorkspaceOptions } from './workspace.js';

/** Options of {@link createSlotFactory}. */
export interface SlotFactoryOptions extends Omit<WorkspaceOptions, 'kernelSpec'> {
  kernelSpec: KernelSpec;
  plan: GradingPlan;
  limits: RunLimits;
  /**
   * Output bytes kept per execution; past it output is cut (and a report printed after it is lost).
   * @default 1_048_576
   */
  maxOutputBytes?: number;
}

/**
 * Makes kernel slots for real: a fresh workspace (sandboxed unless turned off), a started kernel whose
 * reports carry the workspace's nonce, and the lesson's cells before the first answer already run.
 *
 * @example
 * const takeSlot = createSlotFactory({ projectRoot, kernelSpec: resolveKernelSpec('tslab'), plan, limits: {} });
 * const slot = await takeSlot();
 */
export function createSlotFactory(options: SlotFactoryOptions): () => Promise<KernelSlot> {
  // Parsed once per plan: every submission's kernel gets the same seal, under its own key.
  const seals = planSeals(options.plan.steps);
  return async () => {
    const workspace = await createWorkspace(options);
    const kernel = createKernelClient({
      kernel: workspace.kernelSpec,
      cwd: workspace.cwd,
      env: workspace.env,
      transport: workspace.transport,
      connectionParent: workspace.connectionParent,
      maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
      interruptGraceMs: 3_000,
    });
    const close = async (): Promise<void> => {
      try {
        await kernel.shutdown();
      } finally {
        await workspace.remove();
      }
    };
    try {
      await kernel.start();
      const session: GradingSession = {
        kernel, replay: [], restarts: 0,
        onRestart: () => writeFile(join(workspace.cwd, '.socketbook-nonce'), workspace.nonce),
        prepare: sealing(options.plan, seals, workspace.nonce),
      };
      const prefixRuns = await runSteps(session, options.plan.steps, 0, prefixLength(options.plan), () => [], options.limits);
      return { session, nonce: workspace.nonce, prefixRuns, close };
    } catch (error) {
      await close();
      throw error;
    }
  };
}

/**
 * The grader's seal for a plan (seal-code.ts): an instructor step gets a `seal()` of the names later
 * tests read; a tests step runs inside a block that binds them from the seal, with a fresh token its
 * reports must be signed for.
 */
export function sealing(plan: GradingPlan, { seals, binds }: SealPlan, key: string): NonNullable<GradingSession['prepare']> {
  return (index, code) => {
    const step = plan.steps[index];
    if (step?.kind === 'tests') {
      const token = randomBytes(16).toString('hex');
      return { code: sealedTests(key, code, binds.get(index) ?? [], token), token };
    }
    return { code: code + sealSuffix(key, seals.get(index) ?? []) };
  };
}

/** Slots started ahead of need, so a kernel is warm when a submission comes. */
export interface SlotPool {
  /** The next warm slot (starting one if none is on the way). */
  take: () => Promise<KernelSlot>;
  /** Closes the slots that were started but never taken. */
  close: () => Promise<void>;
}

/**
 * Keeps up to `size` slots starting in the background, but never starts more than `total` in all.
 *
 * @example
 * const pool = createSlotPool(createSlotFactory(options), { size: 2, total: submissions.length });
 * try { const slot = await pool.take(); } finally { await pool.close(); }
 */
export function createSlotPool(make: () => Promise<KernelSlot>, options: { size: number; total: number }): SlotPool {
  const waiting: Array<Promise<KernelSlot>> = [];
  let started = 0;
  const fill = (): void => {
    while (waiting.length < options.size && started < options.total) {
      started += 1;
      const slot = make();
      slot.catch(() => undefined);
      waiting.push(slot);
    }
  };
  return {
    take: () => {
      fill();
      const next = waiting.shift() ?? make();
      fill();
      return next;
    },
    close: async () => {
      const left = waiting.splice(0);
      await Promise.all(left.map((slot) => slot.then((ready) => ready.close(), () => undefined)));
    },
  };
}
