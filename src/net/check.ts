import { SocketbookError } from './errors.js';
import {
  describeFailure,
  formatAnnouncedCase,
  formatCaseLine,
  formatSummaryLine,
  formatVisibleSummary,
  publishReport,
  takeGraderNonce,
  type CaseResult,
  type CheckLang,
  type CheckSummary,
  type ReportMessage,
} from './check-report.js';
import { append, freeMemoryAfter, freezeObject, joinLines, nowMs, printLine, sealedPromise, settle, startTimeout, stopTimeout } from './check-intrinsics.js';
import { installGraderSeal } from './check-seal.js';

export type { CaseResult, CheckLang, CheckSummary } from './check-report.js';

/** One test case of an exercise: a name read aloud, the points it is worth and the code that checks. */
export interface CheckCase {
  name: string;
  /** Points this case is worth: the exercise's points are shared out in proportion to them. */
  points: number;
  /** True for a case from the hidden tests: the student's feedback shows only its name and pass/fail. */
  hidden: boolean;
  /**
   * Throws (an `assert` failure, say) when the case fails; may be async. Absent for a hidden case that the
   * student notebook only announces: it runs when the notebook is graded.
   */
  run?: () => unknown;
  /** Shown under the case when it fails. */
  hint?: string;
}

/** Options of {@link test} and {@link hiddenTest}. */
export interface CaseOptions {
  /** A hint shown under the case when it fails. */
  hint?: string;
}

/** Options of {@link check}. */
export interface CheckOptions {
  /** The language of the messages: the lesson's. */
  lang: CheckLang;
  /** A hint shown after the results when any case failed. */
  hint?: string;
  /**
   * How long one case may take before it counts as failed (a client waiting forever for a reply).
   * @default 5_000
   */
  timeoutMs?: number;
  /**
   * Where the human-readable lines go.
   * @default one line at a time to standard output
   */
  write?: (line: string) => void;
}

/** Thrown by {@link check} when at least one case failed, so the test cell fails as a grader expects. */
export class CheckFailedError extends SocketbookError {
  readonly summary: CheckSummary;

  constructor(message: string, summary: CheckSummary) {
    super('ERR_CHECK_FAILED', message);
    this.summary = summary;
  }
}

/**
 * The grader's key: read when this module loads, before any student code runs, and then removed from the
 * environment and the disk. Under the grader, loading the checker also installs the seal the grader's
 * tests cells run with (check-seal.ts).
 */
const graderKey = takeGraderNonce();
if (graderKey !== undefined) {
  installGraderSeal(graderKey, (token) => ({ check: checkFor(token), test, hiddenTest }));
}

/**
 * A visible test case: `name` is what the student reads, `points` its share of the exercise.
 *
 * @example
 * test('echoes hola', 1, async () => assert.equal(await echoOnce(port, 'hola'), 'hola'));
 */
export function test(name: string, points: number, run: () => unknown, options: CaseOptions = {}): CheckCase {
  return makeCase(name, points, run, false, options);
}

/**
 * A hidden test case: it goes inside the `BEGIN HIDDEN TESTS` region, so students never see its code;
 * their feedback shows only its name and whether it passed. The student notebook keeps only its name and
 * points (`hiddenTest(name, points)`, with no code): the self-check then says those points are checked
 * when the notebook is graded.
 *
 * @example
 * hiddenTest('an empty text', 1, async () => assert.equal(await echoOnce(port, ''), ''));
 * hiddenTest('an empty text', 1); // in the student notebook: announced, run only by the grader
 */
export function hiddenTest(name: string, points: number, run?: () => unknown, options: CaseOptions = {}): CheckCase {
  return makeCase(name, points, run, true, options);
}

/**
 * Runs the test cases of one exercise in order and prints, in the lesson's language, which passed, which
 * failed with what was expected and what came instead, and a hint. Throws a {@link CheckFailedError} when
 * any case failed, so the cell fails. Under the grader it also reports each case in a form the grader
 * verifies, which is how partial credit works.
 *
 * @example
 * await check('echo-once', { lang: 'en', hint: 'Count bytes with Buffer.byteLength' }, [
 *   test('echoes hola', 1, async () => assert.equal(await echoOnce(port, 'hola'), 'hola')),
 *   test('counts bytes, not characters', 1, async () => assert.equal(await echoOnce(port, 'año'), 'año')),
 * ]);
 */
export const check = checkFor('');

/**
 * The `check` of one tests step: its reports are signed for `stepToken`. The grader's tests cells get
 * theirs from the seal; the exported {@link check} signs for no step, so a report from a `check()` that
 * student code calls itself never counts.
 *
 * Everything that decides whether a case passed goes through built-ins taken when this module loaded
 * (check-intrinsics.ts), and each result is frozen as soon as it is made: student code that replaced
 * `Promise.race`, `Promise.prototype.then` or array methods can neither skip a case nor edit its result.
 */
function checkFor(stepToken: string): (exercise: string, options: CheckOptions, cases: readonly CheckCase[]) => Promise<void> {
  return (exercise, options, cases) => sealedPromise<void>((resolve, reject) => {
    const lang: CheckLang = options.lang === 'es' ? 'es' : 'en';
    const hint = options.hint;
    const write = options.write;
    const timeoutMs = typeof options.timeoutMs === 'number' ? options.timeoutMs : 5_000;
    const list: CheckCase[] = [];
    // Hidden cases without code are only announced (the student notebook's copy of the hidden tests):
    // they are neither run nor reported, and the summary says how many points they are worth.
    const announced: CheckCase[] = [];
    for (let index = 0; index < cases.length; index += 1) {
      const copy = freezeObject({ ...cases[index]! });
      append(copy.run === undefined && copy.hidden ? announced : list, copy);
    }
    const plan: Array<{ name: string; points: number; hidden: boolean }> = [];
    for (let index = 0; index < list.length; index += 1) {
      const { name, points, hidden } = list[index]!;
      append(plan, freezeObject({ name, points, hidden }));
    }
    const report = (message: ReportMessage, next: () => void): void => {
      if (graderKey === undefined) return next();
      settle(publishReport(message, graderKey, stepToken), next, next);
    };
    const results: CaseResult[] = [];
    const runFrom = (index: number): void => {
      if (index === list.length) return finish();
      runCase(list[index]!, timeoutMs, lang, (result) => {
        append(results, result);
        report({ kind: 'case', exercise, index, result }, () => runFrom(index + 1));
      });
    };
    const finish = (): void => {
      let points = 0;
      let maxPoints = 0;
      let failed = 0;
      for (let index = 0; index < results.length; index += 1) {
        const result = results[index]!;
        maxPoints += result.points;
        if (result.passed) points += result.points;
        else failed += 1;
      }
      const summary: CheckSummary = { exercise, results, points, maxPoints };
      try {
        const printed: string[] = [];
        const add = (lines: readonly string[]): void => {
          for (let line = 0; line < lines.length; line += 1) append(printed, lines[line]!);
        };
        add(announced.length === 0 ? [formatSummaryLine(summary, lang)] : formatVisibleSummary(summary, announced, lang));
        for (let index = 0; index < results.length; index += 1) add(formatCaseLine(results[index]!, lang));
        for (let index = 0; index < announced.length; index += 1) add([formatAnnouncedCase(announced[index]!, lang)]);
        if (failed > 0 && hint !== undefined) add([lang === 'es' ? `Pista: ${hint}` : `Hint: ${hint}`]);
        // One write for the whole report: a kernel sends each console.log as its own stream message, and
        // under load the last ones can trail the cell's error; one message arrives whole or not at all.
        // console.log, not process.stdout.write: Deno's kernel captures only the former.
        if (write === undefined) printLine(joinLines(printed));
        else for (let line = 0; line < printed.length; line += 1) write(printed[line]!);
      } catch {
        // Printing is only for the student to read; the reports already told the grader everything.
      }
      // Nothing is returned: a notebook shows a cell's last value, and the printed lines already say it all.
      if (failed === 0) return resolve();
      const message = lang === 'es'
        ? `Ejercicio ${exercise}: ${failed} de ${results.length} pruebas fallaron`
        : `Exercise ${exercise}: ${failed} of ${results.length} tests failed`;
      reject(new CheckFailedError(message, summary));
    };
    report({ kind: 'plan', exercise, cases: plan }, () => runFrom(0));
  });
}

function makeCase(name: string, points: number, run: (() => unknown) | undefined, hidden: boolean, options: CaseOptions): CheckCase {
  if (!(Number.isFinite(points) && points >= 0)) {
    throw new RangeError(`Cannot define test '${name}': points must be a number of 0 or more, got ${points}`);
  }
  if (run !== undefined && typeof run !== 'function') {
    throw new TypeError(`Cannot define test '${name}': its third argument must be the function that checks, got ${typeof run}`);
  }
  if (run === undefined && !hidden) {
    throw new TypeError(`Cannot define test '${name}': give it the function that checks, as its third argument`);
  }
  return { name, points, hidden, ...(run === undefined ? {} : { run }), ...(options.hint === undefined ? {} : { hint: options.hint }) };
}

/**
 * Runs one case and calls `done` exactly once with its frozen result: passed only when `run` returned, or
 * its promise fulfilled, before the timeout.
 */
function runCase(testCase: CheckCase, timeoutMs: number, lang: CheckLang, done: (result: CaseResult) => void): void {
  const began = nowMs();
  const base = { name: testCase.name, points: testCase.points, hidden: testCase.hidden };
  let finished = false;
  let timer: unknown;
  const end = (result: CaseResult): void => {
    if (finished) return;
    finished = true;
    stopTimeout(timer);
    done(freezeObject(result));
  };
  const fail = (error: unknown, timedOut: boolean): void => {
    freeMemoryAfter(error);
    let why: Pick<CaseResult, 'message' | 'expected' | 'actual'>;
    try {
      why = timedOut ? { message: timeoutMessage(timeoutMs, lang) } : describeFailure(error);
    } catch {
      why = { message: lang === 'es' ? 'La prueba falló' : 'The test failed' };
    }
    end({
      ...base, passed: false, ...(timedOut ? { timedOut: true } : {}), ...why,
      ...(testCase.hint === undefined ? {} : { hint: testCase.hint }),
      durationMs: nowMs() - began,
    });
  };
  timer = startTimeout(() => fail(undefined, true), timeoutMs);
  let outcome: unknown;
  try {
    outcome = testCase.run!();
  } catch (error) {
    fail(error, false);
    return;
  }
  settle(outcome, () => end({ ...base, passed: true, durationMs: nowMs() - began }), (error) => fail(error, false));
}

function timeoutMessage(timeoutMs: number, lang: CheckLang): string {
  return lang === 'es'
    ? `No terminó en ${timeoutMs} ms (¿espera una respuesta que nunca llega?)`
    : `Did not finish within ${timeoutMs} ms (waiting for a reply that never comes?)`;
}
