import type { CollectedCheck, PlannedCase } from './collect-reports.js';
import { collectReports } from './collect-reports.js';
import type { GradingPlan, TestsStep } from './grading-plan.js';
import type { PickedAnswer } from './pick-answers.js';
import type { StepRun } from './run-steps.js';
import { limitSeconds, type TimeLimitHit, timeLimitNote } from './time-limit.js';
import { type Bilingual, say } from '../lang.js';

/** The `check()` calls a tests cell makes when the solution runs: what a submission's reports must match. */
export interface PlannedCheck {
  exercise: string;
  cases: PlannedCase[];
}

/** For each tests cell id, the checks the reference run saw (none: the cell is graded pass/fail as a whole). */
export type ReferenceChecks = Map<string, PlannedCheck[]>;

/** How one test case went, with the points it earned. */
export interface CaseOutcome {
  name: string;
  hidden: boolean;
  passed: boolean;
  points: number;
  maxPoints: number;
  /** For a failed visible case: why (the assertion's or error's message), what was expected and got. Never set for a hidden case. */
  message?: string;
  /** For a failed visible case: what the grader saw (no result, reported twice, message withheld). */
  note?: Bilingual;
  expected?: string;
  actual?: string;
  hint?: string;
  /** Set when the case failed by hitting `check()`'s per-case time limit (hidden cases too): its seconds. */
  timedOutSeconds?: number;
}

/** How one tests cell went. */
export interface TestsOutcome {
  id: string;
  points: number;
  maxPoints: number;
  cases: CaseOutcome[];
  /** Why the whole cell lost points (not run, crashed, did not report), for the student. */
  reason?: Bilingual;
}

/** How one exercise went. */
export interface ExerciseOutcome {
  id: string;
  points: number;
  maxPoints: number;
  tests: TestsOutcome[];
  /** About the answer cell: missing, duplicated, its own error. */
  notes: Bilingual[];
  /**
   * Set when the exercise lost points and a time limit was hit on the way (its cells, a case, an
   * instructor cell before it, a replay): what happened, for the student. The row is then marked in
   * `grades.csv`, and a re-run grades the submission again.
   */
  timedOut?: Bilingual;
}

/**
 * Scores every exercise from the runs of a submission: per test case when the cell's tests call
 * `check()` (each case earns its share of the cell's points, so partial credit is natural), else the
 * whole cell passes or fails. Only reports carrying `nonce` count, and only those matching the reference
 * run's plan: a student who redefines `check` or prints fake results gets the cases failed, with a reason.
 *
 * @example
 * const exercises = scoreExercises(plan, runs, reference, answers, workspace.nonce);
 * exercises.reduce((sum, exercise) => sum + exercise.points, 0);
 */
export function scoreExercises(
  plan: GradingPlan,
  runs: readonly StepRun[],
  reference: ReferenceChecks,
  answers: ReadonlyMap<string, PickedAnswer>,
  nonce: string,
): ExerciseOutcome[] {
  const runOf = new Map(runs.map((run) => [run.index, run]));
  return plan.exercises.map((exercise) => {
    const notes = [...(answers.get(exercise.id)?.notes ?? [])];
    const answerIndex = plan.steps.findIndex((step) => step.kind === 'answer' && step.exercise === exercise.id);
    const answerRun = runOf.get(answerIndex);
    if (answerRun?.status === 'error' && answerRun.error !== undefined) {
      const text = firstLine(`${answerRun.error.ename}: ${answerRun.error.evalue}`);
      notes.push(say(`Your answer cell failed when it ran: ${text}`, `Tu celda de respuesta falló al ejecutarse: ${text}`));
    } else if (answerRun?.reason !== undefined && answerRun.status !== 'skipped') {
      notes.push(answerRun.reason);
    }
    const tests = plan.steps.flatMap((step, index) => (step.kind === 'tests' && step.exercise === exercise.id
      ? [scoreTests(step, runOf.get(index), reference.get(step.id) ?? [], nonce)]
      : []));
    const points = round(tests.reduce((sum, test) => sum + test.points, 0));
    const outcome: ExerciseOutcome = { id: exercise.id, points, maxPoints: exercise.maxPoints, tests, notes };
    const hit = points < exercise.maxPoints ? timeLimitOf(plan, runOf, exercise.id, tests) : undefined;
    if (hit !== undefined) outcome.timedOut = timeLimitNote(hit);
    return outcome;
  });
}

/**
 * The time limit, if any, that may have cost an exercise its points: one its own steps hit, one a case
 * hit, or one an instructor cell before its last tests cell hit (a server or an import it needs).
 */
function timeLimitOf(plan: GradingPlan, runOf: ReadonlyMap<number, StepRun>, exercise: string, tests: readonly TestsOutcome[]): TimeLimitHit | undefined {
  const last = plan.steps.findLastIndex((step) => step.kind === 'tests' && step.exercise === exercise);
  for (const [index, step] of plan.steps.entries()) {
    if (index > last) break;
    const hit = runOf.get(index)?.timeLimit;
    if (hit === undefined) continue;
    if (step.kind === 'setup') return hit.kind === 'cell' ? { kind: 'setup', seconds: hit.seconds } : hit;
    if (step.exercise === exercise) return hit;
  }
  const seconds = tests.flatMap((test) => test.cases).find((entry) => entry.timedOutSeconds !== undefined)?.timedOutSeconds;
  return seconds === undefined ? undefined : { kind: 'case', seconds };
}

function scoreTests(step: TestsStep, run: StepRun | undefined, planned: PlannedCheck[], nonce: string): TestsOutcome {
  const base = { id: step.id, maxPoints: step.points };
  if (run === undefined || run.status === 'skipped') {
    const reason = run?.reason ?? say('Not run', 'No se ejecutó');
    return { ...base, points: 0, reason, cases: notRunCases(step, planned) };
  }
  if (planned.length === 0) return scoreWholeCell(step, run);
  const { checks, rejected } = collectReports(run.outputs, nonce, run.token);
  const totalWeight = planned.reduce((sum, check) => sum + check.cases.reduce((inner, entry) => inner + entry.points, 0), 0);
  const cases: CaseOutcome[] = [];
  let missing = 0;
  let remaining = checks;
  for (const expected of planned) {
    const found = remaining.findIndex((check) => samePlan(check, expected));
    const check = found === -1 ? undefined : remaining[found];
    if (check === undefined) missing += 1;
    else remaining = remaining.slice(found + 1);
    expected.cases.forEach((entry, index) => {
      const maxPoints = totalWeight === 0 ? 0 : round((step.points * entry.points) / totalWeight);
      const result = check?.results[index];
      const trusted = result !== undefined && !check!.duplicated.has(index);
      const passed = trusted && result.passed;
      const outcome: CaseOutcome = { name: entry.name, hidden: entry.hidden, passed, points: passed ? maxPoints : 0, maxPoints };
      if (trusted && !passed && result.timedOut === true) outcome.timedOutSeconds = limitSeconds(result.durationMs);
      if (!passed && !entry.hidden) {
        if (result === undefined) outcome.note = noResultNote(run);
        else if (!trusted) {
          outcome.note = say('This case reported more than one result, so none was trusted', 'Esta prueba informó más de un resultado, así que no se aceptó ninguno');
        }
        else {
          for (const key of ['message', 'expected', 'actual', 'hint'] as const) if (result[key] !== undefined) outcome[key] = result[key];
        }
      }
      cases.push(outcome);
    });
  }
  const points = round(cases.reduce((sum, entry) => sum + entry.points, 0));
  const outcome: TestsOutcome = { ...base, points: Math.min(points, step.points), cases };
  if (run.reason !== undefined) outcome.reason = run.reason;
  else if (missing > 0) {
    outcome.reason = say(
      `The tests did not report their results${rejected > 0 ? ` (${rejected} look-alike reports were rejected)` : ''}: was check() or test() redefined, or did the cell fail before them? ${errorText(run)}`.trim(),
      `Las pruebas no informaron sus resultados${rejected > 0 ? ` (se rechazaron ${rejected} informes falsos)` : ''}: ¿se redefinió check() o test(), o falló la celda antes? ${errorText(run)}`.trim(),
    );
  }
  return outcome;
}

function scoreWholeCell(step: TestsStep, run: StepRun): TestsOutcome {
  const passed = run.status === 'ok';
  const outcome: CaseOutcome = { name: step.id, hidden: false, passed, points: passed ? step.points : 0, maxPoints: step.points };
  if (!passed && step.hasHidden) {
    outcome.note = say('The cell failed; its message is not shown because the cell includes hidden tests',
      'La celda falló; no se muestra su mensaje porque la celda incluye pruebas ocultas');
  } else if (!passed) {
    const text = errorText(run);
    if (text !== '') outcome.message = text;
    else outcome.note = say('The cell failed', 'La celda falló');
  }
  const result: TestsOutcome = { id: step.id, maxPoints: step.points, points: outcome.points, cases: [outcome] };
  if (run.reason !== undefined) result.reason = run.reason;
  return result;
}

/** Every case of a tests cell that did not run, failed with no points. */
function notRunCases(step: TestsStep, planned: PlannedCheck[]): CaseOutcome[] {
  if (planned.length === 0) return [{ name: step.id, hidden: false, passed: false, points: 0, maxPoints: step.points }];
  const total = planned.reduce((sum, check) => sum + check.cases.reduce((inner, entry) => inner + entry.points, 0), 0);
  return planned.flatMap((check) => check.cases.map((entry) => ({
    name: entry.name, hidden: entry.hidden, passed: false, points: 0,
    maxPoints: total === 0 ? 0 : round((step.points * entry.points) / total),
  })));
}

function samePlan(check: CollectedCheck, expected: PlannedCheck): boolean {
  return check.exercise === expected.exercise && check.cases.length === expected.cases.length &&
    check.cases.every((entry, index) => {
      const other = expected.cases[index]!;
      return entry.name === other.name && entry.points === other.points && entry.hidden === other.hidden;
    });
}

function noResultNote(run: StepRun): Bilingual {
  if (run.status === 'timeout') return say('No result: the cell was stopped before this case finished', 'Sin resultado: la celda se detuvo antes de que terminara esta prueba');
  if (run.status === 'died') return say('No result: the kernel crashed before this case finished', 'Sin resultado: el kernel se cayó antes de que terminara esta prueba');
  const error = errorText(run) ? `: ${errorText(run)}` : '';
  return say(`No result was reported for this case${error}`, `Esta prueba no informó ningún resultado${error}`);
}

function errorText(run: StepRun): string {
  return run.error === undefined ? '' : firstLine(`${run.error.ename}: ${run.error.evalue}`);
}

function firstLine(text: string): string {
  const line = text.split('\n').find((entry) => entry.trim() !== '') ?? text;
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/** Rounds points to 2 decimals, as grade books show them. */
export function round(points: number): number {
  return Math.round(points * 100) / 100;
}
