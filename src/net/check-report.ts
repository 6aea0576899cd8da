import { readFileSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { call, hmacHex, toJson } from './check-intrinsics.js';
import type { Lang } from './lang.js';

/** The languages {@link check} speaks: a lesson's. */
export type CheckLang = Lang;

/** The mime type of the reports {@link check} sends to the grader as `display_data`. */
export const CHECK_REPORT_MIME = 'application/vnd.socketbook.check+json';

/**
 * The environment variable naming the file through which the grader gives each kernel a secret: a report
 * carries it, so text a student prints cannot pass for a report. A file, not the variable itself, because
 * a process can always read its initial environment back from /proc/self/environ.
 */
export const CHECK_NONCE_FILE_ENV = 'SOCKETBOOK_CHECK_NONCE_FILE';

/** How one case went. */
export interface CaseResult {
  name: string;
  points: number;
  hidden: boolean;
  passed: boolean;
  /**
   * True when the case failed because it ran past the check's `timeoutMs`: on a loaded machine that can
   * be the machine's fault, so the grader marks such a grade for a regrade instead of trusting it.
   */
  timedOut?: boolean;
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

/** What a report says: the cases about to run, or how one of them went. */
export type ReportMessage =
  | { kind: 'plan'; exercise: string; cases: Array<{ name: string; points: number; hidden: boolean }> }
  | { kind: 'case'; exercise: string; index: number; result: CaseResult };

/**
 * A report as sent: the message as JSON text, and its HMAC-SHA-256 under the grader's key over the tests
 * step's token and that text. The key never leaves the checker, so a student who reads a report (by
 * hooking the kernel's display) learns nothing that lets them sign another; the step token ties the
 * report to the tests cell the grader ran, so a `check()` the student calls cannot pass for it.
 */
export interface CheckReport {
  version: 2;
  body: string;
  mac: string;
}

/**
 * The MAC a report must carry: HMAC-SHA-256 under `key` of the step token, a newline and the body.
 *
 * @example
 * reportMac(key, stepToken, body) === report.mac;
 */
export function reportMac(key: string, stepToken: string, body: string): string {
  return hmacHex(key, `${stepToken}\n${body}`);
}

/** Longest expected/actual text kept in a result. */
const MAX_VALUE_CHARS = 400;

/**
 * Reads the grader's nonce file once and deletes it, so student code that runs later (the library is
 * imported in a lesson's first cell) cannot read it. Undefined outside the grader.
 *
 * @example
 * const nonce = takeGraderNonce();
 */
export function takeGraderNonce(): string | undefined {
  const file = process.env[CHECK_NONCE_FILE_ENV];
  delete process.env[CHECK_NONCE_FILE_ENV];
  if (file === undefined || file === '') return undefined;
  try {
    const nonce = readFileSync(file, 'utf8').trim();
    unlinkSync(file);
    return nonce === '' ? undefined : nonce;
  } catch {
    return undefined;
  }
}

/**
 * Why a case failed, in a form a student can read: for an assertion, what was expected and what came.
 *
 * @example
 * describeFailure(new assert.AssertionError({ actual: 1, expected: 2, operator: 'strictEqual' }));
 * // { message: 'Expected values to be strictly equal: …', expected: '2', actual: '1' }
 */
export function describeFailure(error: unknown): Pick<CaseResult, 'message' | 'expected' | 'actual'> {
  if (!(error instanceof Error)) return { message: `${shorten(inspect(error))} was thrown` };
  const firstLine = error.message.split('\n').find((line) => line.trim() !== '') ?? error.name;
  const message = shorten(firstLine.trim());
  if (error.name !== 'AssertionError' || !('expected' in error) || !('actual' in error)) {
    return { message: error.name === 'Error' || firstLine.includes(error.name) ? message : `${error.name}: ${message}` };
  }
  const show = (value: unknown): string => shorten(inspect(value, { depth: 4, breakLength: Infinity, maxArrayLength: 20, maxStringLength: 200 }));
  return { message, expected: show(error.expected), actual: show(error.actual) };
}

/**
 * The first line {@link check} prints: the exercise, how many cases passed and the points.
 *
 * @example
 * formatSummaryLine(summary, 'en'); // 'Exercise echo-once: 2 of 3 tests passed (2 of 3 points)'
 */
export function formatSummaryLine(summary: CheckSummary, lang: CheckLang): string {
  const passed = summary.results.filter((result) => result.passed).length;
  const total = summary.results.length;
  return lang === 'es'
    ? `Ejercicio ${summary.exercise}: ${passed} de ${total} pruebas superadas (${summary.points} de ${summary.maxPoints} punto${summary.maxPoints === 1 ? '' : 's'})`
    : `Exercise ${summary.exercise}: ${passed} of ${total} tests passed (${summary.points} of ${summary.maxPoints} point${summary.maxPoints === 1 ? '' : 's'})`;
}

/**
 * The first lines {@link check} prints in a student notebook, whose hidden cases are only announced: the
 * visible cases and points, then how many more points the hidden tests check when the notebook is graded,
 * so a student neither thinks they lost those points nor believes they have them.
 *
 * @example
 * formatVisibleSummary(summary, [{ name: 'a reply split across two reads', points: 1, hidden: true }], 'en');
 * // ['Exercise echo-once: 2 of 2 visible tests passed (2 of 2 visible points)',
 * //  '1 more point is checked by 1 hidden test when your notebook is graded']
 */
export function formatVisibleSummary(summary: CheckSummary, announced: ReadonlyArray<{ points: number }>, lang: CheckLang): string[] {
  const passed = summary.results.filter((result) => result.passed).length;
  const total = summary.results.length;
  let hiddenPoints = 0;
  for (const { points } of announced) hiddenPoints += points;
  const count = announced.length;
  if (lang === 'es') {
    return [
      `Ejercicio ${summary.exercise}: ${passed} de ${total} pruebas visibles superadas (${summary.points} de ${summary.maxPoints} punto${summary.maxPoints === 1 ? '' : 's'} visible${summary.maxPoints === 1 ? '' : 's'})`,
      `${hiddenPoints === 1 ? '1 punto más se comprueba' : `${hiddenPoints} puntos más se comprueban`} con ${count === 1 ? '1 prueba oculta' : `${count} pruebas ocultas`} cuando se califica tu cuaderno`,
    ];
  }
  return [
    `Exercise ${summary.exercise}: ${passed} of ${total} visible tests passed (${summary.points} of ${summary.maxPoints} visible point${summary.maxPoints === 1 ? '' : 's'})`,
    `${hiddenPoints} more point${hiddenPoints === 1 ? ' is' : 's are'} checked by ${count === 1 ? '1 hidden test' : `${count} hidden tests`} when your notebook is graded`,
  ];
}

/**
 * The line of a hidden case the student notebook only announces: its name, what it is worth, and when it runs.
 *
 * @example
 * formatAnnouncedCase({ name: 'a reply split across two reads', points: 1 }, 'en');
 * // '  · hidden test, run when graded: a reply split across two reads (1 point)'
 */
export function formatAnnouncedCase(announced: { name: string; points: number }, lang: CheckLang): string {
  const points = lang === 'es'
    ? `${announced.points} punto${announced.points === 1 ? '' : 's'}`
    : `${announced.points} point${announced.points === 1 ? '' : 's'}`;
  return lang === 'es'
    ? `  · prueba oculta, al calificar: ${announced.name} (${points})`
    : `  · hidden test, run when graded: ${announced.name} (${points})`;
}

/**
 * The lines of one case: a mark and its name; for a failed visible case also why, expected, got and hint.
 * A hidden case shows only its name and whether it passed.
 *
 * @example
 * formatCaseLine(result, 'es'); // ['  ✗ cuenta bytes (1 punto)', '      esperado: …', '      obtenido: …']
 */
export function formatCaseLine(result: CaseResult, lang: CheckLang): string[] {
  const es = lang === 'es';
  const mark = result.passed ? '✓' : '✗';
  const points = es ? `${result.points} punto${result.points === 1 ? '' : 's'}` : `${result.points} point${result.points === 1 ? '' : 's'}`;
  const name = result.hidden ? `${es ? 'prueba oculta' : 'hidden test'}: ${result.name}` : result.name;
  const lines = [`  ${mark} ${name} (${points})`];
  if (result.passed || result.hidden) return lines;
  if (result.expected !== undefined && result.actual !== undefined) {
    lines.push(`      ${es ? 'esperado' : 'expected'}: ${result.expected}`, `      ${es ? 'obtenido' : 'got'}:${es ? '' : '     '} ${result.actual}`);
  } else if (result.message !== undefined) {
    lines.push(`      ${result.message}`);
  }
  if (result.hint !== undefined) lines.push(`      ${es ? 'pista' : 'hint'}: ${result.hint}`);
  return lines;
}

/**
 * Sends a report as `display_data` of mime type {@link CHECK_REPORT_MIME} through the kernel that runs
 * this code (tslab or Deno), signed for the tests step `stepToken`. Outside a kernel it does nothing: only
 * the grader reads reports. The kernel's display function is the one found when this module loaded.
 *
 * @example
 * publishReport({ kind: 'plan', exercise: 'echo-once', cases: [] }, key, stepToken);
 */
export function publishReport(message: ReportMessage, key: string, stepToken: string): Promise<void> | void {
  const body = toJson(message);
  const report: CheckReport = { version: 2, body, mac: reportMac(key, stepToken, body) };
  const json = toJson(report);
  try {
    if (channel.deno !== undefined) return call(channel.deno, undefined, { [CHECK_REPORT_MIME]: json }, { raw: true }) as Promise<void>;
    if (channel.tslab !== undefined) call(channel.tslab.raw, channel.tslab.display, CHECK_REPORT_MIME, json);
  } catch {
    // Deno throws outside its kernel; tslab's display is "not ready" outside a cell's execution: nobody is
    // listening for the report then.
  }
}

/** The kernel's display functions, found when this module loads (in the lesson's first cell). */
const channel = findChannel();

function findChannel(): { deno?: (...args: never[]) => unknown; tslab?: { display: object; raw: (...args: never[]) => unknown } } {
  try {
    const display = (globalThis as { Deno?: { jupyter?: { display?: unknown } } }).Deno?.jupyter?.display;
    if (typeof display === 'function') return { deno: display as (...args: never[]) => unknown };
  } catch {
    // Deno throws on `Deno.jupyter` outside its kernel: not Deno's kernel, then.
  }
  const display = tslabDisplay();
  return display === undefined ? {} : { tslab: { display, raw: display.raw as (...args: never[]) => unknown } };
}

/** tslab's `display`, the instance its kernel hooked (see show.ts for why `__tslab__.require`). */
function tslabDisplay(): { raw(contentType: string, data: string): void } | undefined {
  const hook = (globalThis as { __tslab__?: { require(id: string): unknown } }).__tslab__;
  if (hook === undefined) return undefined;
  for (const load of [() => hook.require('tslab'), () => createRequire(import.meta.url)('tslab')]) {
    try {
      const display = (load() as { display?: { raw?: unknown } } | undefined)?.display;
      if (typeof display?.raw === 'function') return display as { raw(contentType: string, data: string): void };
    } catch {
      // Not loadable this way: try the next one.
    }
  }
  return undefined;
}

function shorten(text: string): string {
  return text.length <= MAX_VALUE_CHARS ? text : `${text.slice(0, MAX_VALUE_CHARS - 1)}…`;
}
