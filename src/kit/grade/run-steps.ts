import type { ExecuteResult, KernelClient } from '../kernel/kernel-client.js';
import type { ErrorOutput, Output } from '../notebook/nbformat.js';
import type { PlanStep } from './grading-plan.js';
import { limitSeconds, type TimeLimitHit } from './time-limit.js';
import { type Bilingual, say } from '../lang.js';

/** How one step of a grading plan went. */
export interface StepRun {
  /** The step's index in the plan. */
  index: number;
  /** `skipped`: not executed (no answer, the notebook's time ran out, the kernel kept dying). */
  status: ExecuteResult['status'] | 'skipped';
  outputs: Output[];
  error?: ErrorOutput;
  /** Why a step was skipped, or what happened to it, for the student. */
  reason?: Bilingual;
  durationMs: number;
  /** Set when a time limit stopped this step, skipped it, or cost it state it needed (see {@link TimeLimitHit}). */
  timeLimit?: TimeLimitHit;
  /** For a tests step run through {@link GradingSession.prepare}: the token its `check()` reports are signed for. */
  token?: string;
}

/** Limits of {@link runSteps}. */
export interface RunLimits {
  /**
   * Longest a single cell may run before it is interrupted (instructor cells run merged get this per cell).
   * @default 30_000
   */
  cellTimeoutMs?: number;
  /**
   * Longest a whole submission may run; steps left when it is spent are skipped.
   * @default 300_000
   */
  notebookTimeoutMs?: number;
  /**
   * Kernel restarts allowed (after a crash or an unstoppable loop) before the remaining steps are skipped.
   * @default 3
   */
  maxRestarts?: number;
}

/** A kernel being graded: what ran so far, so that a restarted kernel can get its state back. */
export interface GradingSession {
  kernel: KernelClient;
  /** Code that built the kernel's state (instructor cells, answers), replayed after a restart. */
  replay: string[];
  restarts: number;
  /** When the notebook's time runs out (epoch ms); set by the first {@link runSteps}. */
  deadline?: number;
  /** Set once the kernel could not be brought back: every later step is skipped with this reason. */
  broken?: Bilingual;
  /**
   * Set when a restart cost state because of time: a replayed cell hit its limit, or the restarts ran out
   * after a cell would not stop. Every later step carries it, since it ran without that state.
   */
  lostToTime?: TimeLimitHit;
  /** Called after a restart, before the replay (the workspace writes its nonce file again). */
  onRestart?: () => Promise<void>;
  /**
   * Rewrites an instructor or tests step's code before it runs (the grader's seal, seal-code.ts); a tests
   * step also gets the token its reports must be signed for.
   */
  prepare?: (index: number, code: string) => { code: string; token?: string };
}

/** The code to run for an answer step: the student's cells in notebook order, none when it is missing. */
export type AnswerSource = (exercise: string) => string[];

/**
 * Runs steps of a grading plan on a kernel, one execution each (an answer split over several cells runs
 * as one, or cell by cell if that fails). A cell that crashes the kernel (`process.exit`) or will not stop
 * makes the kernel restart and replay the state-building code that ran before, so later exercises are
 * still graded; a tests cell is never replayed.
 *
 * @example
 * const session = { kernel, replay: [], restarts: 0 };
 * const runs = await runSteps(session, plan.steps, 0, plan.steps.length, (id) => answers.get(id)!.parts, {});
 */
export async function runSteps(
  session: GradingSession,
  steps: readonly PlanStep[],
  from: number,
  to: number,
  answerOf: AnswerSource,
  limits: RunLimits,
): Promise<StepRun[]> {
  const cellTimeoutMs = limits.cellTimeoutMs ?? 30_000;
  const notebookTimeoutMs = limits.notebookTimeoutMs ?? 300_000;
  const notebookSeconds = Math.round(notebookTimeoutMs / 1000);
  session.deadline ??= Date.now() + notebookTimeoutMs;
  const runs: StepRun[] = [];
  // Output that trails a step is collected while the next step runs; all of it is in before returning.
  const settling: Array<Promise<void>> = [];
  for (let index = from; index < to; index += 1) {
    const step = steps[index]!;
    const began = Date.now();
    const skip = (reason: Bilingual, timeLimit?: TimeLimitHit): void => {
      runs.push({ index, status: 'skipped', outputs: [], reason, durationMs: 0, ...(timeLimit === undefined ? {} : { timeLimit }) });
    };
    if (session.broken !== undefined) {
      skip(session.broken, session.lostToTime);
      continue;
    }
    const remaining = session.deadline - Date.now();
    if (remaining <= 0) {
      skip(say(`Not run: the notebook used up its ${notebookSeconds} s`, `No se ejecutó: el cuaderno agotó sus ${notebookSeconds} s`),
        { kind: 'notebook', seconds: notebookSeconds });
      continue;
    }
    const prepared = step.kind === 'answer' ? undefined : session.prepare?.(index, step.code);
    const parts = step.kind === 'answer' ? answerOf(step.exercise) : [prepared?.code ?? step.code];
    if (parts.length === 0) {
      skip(say('Not run: there is no answer cell', 'No se ejecutó: no hay celda de respuesta'));
      continue;
    }
    const label = step.kind === 'setup' ? `cells ${step.cellIds.join(', ')}` : step.kind === 'answer' ? `answer ${step.exercise}` : `tests ${step.id}`;
    // Instructor cells merged into one step keep each cell's own time: merging must not shrink their budget.
    const cells = step.kind === 'setup' ? step.cellIds.length : 1;
    const timeoutMs = Math.min(cellTimeoutMs * cells, remaining);
    // What a timeout of this step means: the cell's own limit, or the notebook's time running out first.
    const limit: TimeLimitHit = timeoutMs < cellTimeoutMs * cells
      ? { kind: 'notebook', seconds: notebookSeconds }
      : { kind: 'cell', seconds: limitSeconds(timeoutMs) };
    let result = await execute(session, parts.join('\n'), label, timeoutMs, true);
    let code = [parts.join('\n')];
    if (parts.length > 1 && result.status === 'error') {
      // Split in the middle of a statement, or duplicated: cell by cell is what Jupyter would have run.
      code = parts;
      for (const part of parts) result = await execute(session, part, label, Math.min(cellTimeoutMs, Math.max(session.deadline - Date.now(), 1)), true);
    }
    const lostBefore = session.lostToTime;
    const run = toRun(index, result, Date.now() - began, cellTimeoutMs, limit, lostBefore);
    if (prepared?.token !== undefined) run.token = prepared.token;
    runs.push(run);
    if (result.settled !== undefined) {
      settling.push(result.settled.then((final) => void Object.assign(run, toRun(index, final, run.durationMs, cellTimeoutMs, limit, lostBefore))));
    }
    const crashed = result.status === 'died' || result.restarted;
    if (crashed) await recover(session, result, cellTimeoutMs, limits.maxRestarts ?? 3);
    else if (step.kind !== 'tests') session.replay.push(...code);
  }
  await Promise.all(settling);
  return runs;
}

async function execute(session: GradingSession, code: string, label: string, timeoutMs: number, settleInBackground = false): Promise<ExecuteResult> {
  return session.kernel.execute(code, { timeoutMs, label, settleInBackground });
}

/**
 * After a crash: restart (unless the client already did) and replay the state, within the restart budget.
 * A replayed cell that hits its limit leaves the state incomplete: the session remembers it was time.
 */
async function recover(session: GradingSession, cause: ExecuteResult, cellTimeoutMs: number, maxRestarts: number): Promise<void> {
  let restart = cause.status === 'died';
  let hung = cause.status === 'timeout';
  const cellLimit: TimeLimitHit = { kind: 'replay', seconds: limitSeconds(cellTimeoutMs) };
  for (;;) {
    session.restarts += 1;
    if (session.restarts > maxRestarts) {
      session.broken = say(`Not run: the kernel crashed or hung ${session.restarts} times`, `No se ejecutó: el kernel falló o se colgó ${session.restarts} veces`);
      if (hung) session.lostToTime ??= { kind: 'cell', seconds: cellLimit.seconds };
      return;
    }
    try {
      if (restart) await session.kernel.restart();
      await session.onRestart?.();
    } catch {
      session.broken = say('Not run: the kernel could not be restarted', 'No se ejecutó: no se pudo reiniciar el kernel');
      return;
    }
    let again = false;
    for (const code of session.replay) {
      const result = await execute(session, code, 'replayed cell', cellTimeoutMs);
      if (result.status === 'timeout') {
        hung = true;
        if (!result.restarted) session.lostToTime ??= cellLimit;
      }
      if (result.status === 'died' || result.restarted) {
        again = true;
        restart = result.status === 'died';
        break;
      }
    }
    if (!again) return;
  }
}

function toRun(index: number, result: ExecuteResult, durationMs: number, cellTimeoutMs: number, limit: TimeLimitHit, lost: TimeLimitHit | undefined): StepRun {
  const run: StepRun = { index, status: result.status, outputs: result.outputs, durationMs };
  if (result.error !== undefined) run.error = result.error;
  const timeLimit = result.status === 'timeout' ? limit : lost;
  if (timeLimit !== undefined) run.timeLimit = timeLimit;
  if (result.status === 'timeout') {
    const seconds = Math.round(cellTimeoutMs / 1000);
    run.reason = say(`Stopped: it ran longer than ${seconds} s (an endless loop, or waiting for something that never comes?)`,
      `Detenido: tardó más de ${seconds} s (¿un bucle infinito, o espera algo que nunca llega?)`);
  } else if (result.status === 'died') {
    run.reason = say('The kernel crashed while running it (process.exit, or out of memory?); it was restarted for the next cells',
      'El kernel se cayó al ejecutarlo (¿process.exit, o sin memoria?); se reinició para las celdas siguientes');
  }
  return run;
}
