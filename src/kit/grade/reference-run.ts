import { GradeError } from './grade-errors.js';
import type { GradingPlan } from './grading-plan.js';
import { collectReports } from './collect-reports.js';
import { type KernelSlot, prefixLength } from './grade-submission.js';
import { type RunLimits, runSteps, type StepRun } from './run-steps.js';
import type { ReferenceChecks } from './score-exercises.js';

/** What the reference run learnt: the checks each tests cell makes, and whether merged setup cells ran. */
export interface ReferenceResult {
  checks: ReferenceChecks;
  /** False when an instructor step failed: with merged setup cells, grade again with them apart. */
  setupOk: boolean;
  /** The failures, one line each, for the error message. */
  failures: string[];
}

/**
 * Runs the lesson with its own solutions on a slot and records the `check()` plan of every tests cell:
 * a submission's reports must match it. Reports whether every step succeeded; a tests cell that fails with
 * the solution is a broken lesson, reported as a {@link GradeError} by {@link assertReference}.
 *
 * @example
 * const reference = await runReference(plan, await takeSlot(), {});
 */
export async function runReference(plan: GradingPlan, slot: KernelSlot, limits: RunLimits): Promise<ReferenceResult> {
  let runs: StepRun[];
  try {
    slot.session.deadline = undefined;
    const rest = await runSteps(slot.session, plan.steps, prefixLength(plan), plan.steps.length, (exercise) => {
      const step = plan.steps.find((entry) => entry.kind === 'answer' && entry.exercise === exercise);
      return step?.kind === 'answer' ? [step.solution] : [];
    }, limits);
    runs = [...slot.prefixRuns, ...rest];
  } finally {
    await slot.close();
  }
  const checks: ReferenceChecks = new Map();
  const failures: string[] = [];
  let setupOk = true;
  for (const run of runs) {
    const step = plan.steps[run.index]!;
    if (run.status !== 'ok') {
      const name = step.kind === 'setup' ? `cells ${step.cellIds.join(', ')}` : step.kind === 'answer' ? `answer ${step.exercise}` : `tests ${step.id}`;
      const why = run.error ? `${run.error.ename}: ${run.error.evalue}` : run.reason?.en ?? run.status;
      failures.push(`${name}: ${why.split('\n')[0]}`);
      if (step.kind === 'setup') setupOk = false;
    }
    if (step.kind === 'tests') {
      checks.set(step.id, collectReports(run.outputs, slot.nonce, run.token).checks.map(({ exercise, cases }) => ({ exercise, cases })));
    }
  }
  return { checks, setupOk, failures };
}

/**
 * Throws a {@link GradeError} when the solution did not pass its own lesson.
 *
 * @example
 * assertReference(plan, await runReference(plan, slot, {}));
 */
export function assertReference(plan: GradingPlan, result: ReferenceResult): void {
  if (result.failures.length === 0) return;
  throw new GradeError('ERR_GRADE_REFERENCE',
    `Cannot grade ${plan.lessonFile}: its own solutions fail when run, so no submission could be graded fairly:\n  ${result.failures.join('\n  ')}\n` +
    `Run 'socketbook export ${plan.lessonFile} --solutions -o x.ipynb' and 'socketbook run x.ipynb' to see why`);
}
