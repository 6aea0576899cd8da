import { SocketbookError } from './errors.js';
import {
  describeFailure,
  formatCaseLine,
  formatSummaryLine,
  publishReport,
  takeGraderNonce,
  type CheckLang,
  type ReportMessage,
} from './check-report.js';

export type { CheckLang } from './check-report.js';

/** One test case of an exercise: a name read aloud, the points it is worth and the code that checks. */
export interface CheckCase {
  name: string;
  /** Points this case is worth: the exercise's points are shared out in proportion to them. */
  points: number;
  /** True for a case from the hidden tests: the student's feedback shows only its name and pass/fail. */
  hidden: boolean;
  /** Throws (an `assert` failure, say) when the case fails; may be async. */
  run: () => unknown;
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

/** How one case went. */
export interface CaseResult {
  name: string;
  points: number;
  hidden: boolean;
  passed: boolean;
  /** Why it failed, in one line (the assertion's message or the error's). */
  message?: string;
  /** For a failed assertion: what the test expected and what it got, as `util.inspect` shows them. */
  expected?: string;
  actual?: string;
  hint?: string;
  durationMs: number;
}

/** What {@link check} resolves with when every case passed. */
export interface CheckSummary {
  exercise: string;
  results: CaseResult[];
  /** Points of the cases that passed. */
  points: number;
  /** Points of all the cases. */
  maxPoints: number;
}

/** Thrown by {@link check} when at least one case failed, so the test cell fails as a grader expects. */
export class CheckFailedError extends SocketbookError {
  readonly summary: CheckSummary;

  constructor(message: string, summary: CheckSummary) {
    super('ERR_CHECK_FAILED', message);
    this.summary = summary;
  }
}

/** Read when this module loads, before any student code runs, and then removed from the environment. */
const graderNonce = takeGraderNonce();

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
 * their feedback shows only its name and whether it passed.
 *
 * @example
 * hiddenTest('an empty text', 1, async () => assert.equal(await echoOnce(port, ''), ''));
 */
export function hiddenTest(name: string, points: number, run: () => unknown, options: CaseOptions = {}): CheckCase {
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
export async function check(exercise: string, options: CheckOptions, cases: readonly CheckCase[]): Promise<void> {
  const { lang } = options;
  // console.log, not process.stdout.write: Deno's kernel captures only the former.
  const write = options.write ?? ((line: string) => console.log(line));
  const timeoutMs = options.timeoutMs ?? 5_000;
  const plan = cases.map(({ name, points, hidden }) => ({ name, points, hidden }));
  const report = async (message: ReportMessage): Promise<void> => {
    if (graderNonce !== undefined) await publishReport(message, graderNonce);
  };
  await report({ kind: 'plan', exercise, cases: plan });
  const results: CaseResult[] = [];
  for (const [index, testCase] of cases.entries()) {
    const result = await runCase(testCase, timeoutMs, lang);
    results.push(result);
    await report({ kind: 'case', exercise, index, result });
  }
  const summary: CheckSummary = {
    exercise,
    results,
    points: results.filter((result) => result.passed).reduce((sum, result) => sum + result.points, 0),
    maxPoints: results.reduce((sum, result) => sum + result.points, 0),
  };
  write(formatSummaryLine(summary, lang));
  for (const result of results) for (const line of formatCaseLine(result, lang)) write(line);
  const failed = results.filter((result) => !result.passed).length;
  // Nothing is returned: a notebook shows a cell's last value, and the printed lines already say it all.
  if (failed === 0) return;
  if (options.hint !== undefined) write(lang === 'es' ? `Pista: ${options.hint}` : `Hint: ${options.hint}`);
  const message = lang === 'es'
    ? `Ejercicio ${exercise}: ${failed} de ${results.length} pruebas fallaron`
    : `Exercise ${exercise}: ${failed} of ${results.length} tests failed`;
  throw new CheckFailedError(message, summary);
}

function makeCase(name: string, points: number, run: () => unknown, hidden: boolean, options: CaseOptions): CheckCase {
  if (!(Number.isFinite(points) && points >= 0)) {
    throw new RangeError(`Cannot define test '${name}': points must be a number of 0 or more, got ${points}`);
  }
  return { name, points, hidden, run, ...(options.hint === undefined ? {} : { hint: options.hint }) };
}

async function runCase(testCase: CheckCase, timeoutMs: number, lang: CheckLang): Promise<CaseResult> {
  const began = Date.now();
  const base = { name: testCase.name, points: testCase.points, hidden: testCase.hidden };
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CaseTimeoutError(timeoutMs, lang)), timeoutMs);
    });
    await Promise.race([Promise.resolve().then(testCase.run), timeout]);
    return { ...base, passed: true, durationMs: Date.now() - began };
  } catch (error) {
    return {
      ...base,
      passed: false,
      ...(error instanceof CaseTimeoutError ? { message: error.message } : describeFailure(error)),
      ...(testCase.hint === undefined ? {} : { hint: testCase.hint }),
      durationMs: Date.now() - began,
    };
  } finally {
    clearTimeout(timer);
  }
}

class CaseTimeoutError extends SocketbookError {
  constructor(timeoutMs: number, lang: CheckLang) {
    super('ERR_CHECK_TIMEOUT', lang === 'es'
      ? `No terminó en ${timeoutMs} ms (¿espera una respuesta que nunca llega?)`
      : `Did not finish within ${timeoutMs} ms (waiting for a reply that never comes?)`);
  }
}
