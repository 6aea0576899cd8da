import { timingSafeEqual } from 'node:crypto';
import { CHECK_REPORT_MIME, reportMac, type CaseResult } from '../../net/checker.js';
import type { Output } from '../notebook/nbformat.js';

/** A case as a plan lists it. */
export interface PlannedCase {
  name: string;
  points: number;
  hidden: boolean;
}

/** One `check()` call seen in a cell's outputs: its plan and the result reported for each case. */
export interface CollectedCheck {
  exercise: string;
  cases: PlannedCase[];
  /** Per case: its result, `undefined` when none came (the cell died or timed out part way). */
  results: Array<CaseResult | undefined>;
  /** Cases reported more than once: never trusted. */
  duplicated: Set<number>;
}

/** What {@link collectReports} found. */
export interface CollectedReports {
  checks: CollectedCheck[];
  /**
   * Reports with the right mime type but a wrong signature or shape: displayed by something other than
   * this tests cell's `check()` (student code, or a `check()` the student called).
   */
  rejected: number;
}

/**
 * Reads the `check()` reports out of a tests cell's outputs, keeping only those signed with this kernel's
 * key for this step's token (compared in constant time): look-alike reports a student displays, and
 * reports of a `check()` the student calls, are rejected.
 *
 * @example
 * const { checks } = collectReports(run.outputs, workspace.nonce, run.token);
 * checks[0]?.results.filter((result) => result?.passed).length;
 */
export function collectReports(outputs: readonly Output[], key: string, token = ''): CollectedReports {
  const checks: CollectedCheck[] = [];
  let rejected = 0;
  for (const output of outputs) {
    if (output.output_type !== 'display_data' || !(CHECK_REPORT_MIME in output.data)) continue;
    const report = parseReport(output.data[CHECK_REPORT_MIME], key, token);
    if (report === undefined) {
      rejected += 1;
      continue;
    }
    if (report.kind === 'plan') {
      const cases = readPlan(report.cases);
      if (cases === undefined || typeof report.exercise !== 'string') rejected += 1;
      else checks.push({ exercise: report.exercise, cases, results: cases.map(() => undefined), duplicated: new Set() });
      continue;
    }
    const check = checks.at(-1);
    const result = readResult(report.result);
    const index = report.index;
    if (check === undefined || result === undefined || report.exercise !== check.exercise || typeof index !== 'number' ||
      !Number.isInteger(index) || index < 0 || index >= check.cases.length) {
      rejected += 1;
      continue;
    }
    if (check.results[index] !== undefined) check.duplicated.add(index);
    check.results[index] = result;
  }
  return { checks, rejected };
}

interface RawReport {
  kind: unknown;
  exercise: unknown;
  cases?: unknown;
  index?: unknown;
  result?: unknown;
}

/** The report's message, when it is signed with `key` for `token`; undefined for anything else. */
function parseReport(data: unknown, key: string, token: string): RawReport | undefined {
  if (key === '') return undefined;
  const envelope = parseJson(data) as { version?: unknown; body?: unknown; mac?: unknown } | undefined;
  if (envelope?.version !== 2 || typeof envelope.body !== 'string' || typeof envelope.mac !== 'string') return undefined;
  if (!sameText(envelope.mac, reportMac(key, token, envelope.body))) return undefined;
  const report = parseJson(envelope.body) as RawReport | undefined;
  if (report === undefined || (report.kind !== 'plan' && report.kind !== 'case')) return undefined;
  return report;
}

function parseJson(data: unknown): object | undefined {
  let value = data;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null ? value : undefined;
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readPlan(cases: unknown): PlannedCase[] | undefined {
  if (!Array.isArray(cases)) return undefined;
  const plan: PlannedCase[] = [];
  for (const entry of cases) {
    const { name, points, hidden } = (entry ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof points !== 'number' || !Number.isFinite(points) || points < 0 || typeof hidden !== 'boolean') return undefined;
    plan.push({ name, points, hidden });
  }
  return plan;
}

function readResult(value: unknown): CaseResult | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const result = value as Record<string, unknown>;
  if (typeof result.passed !== 'boolean' || typeof result.name !== 'string') return undefined;
  const text = (key: string): string | undefined => {
    const value = result[key];
    return typeof value === 'string' ? value : undefined;
  };
  const read: CaseResult = {
    name: result.name, passed: result.passed, points: Number(result.points) || 0, hidden: result.hidden === true,
    durationMs: Number(result.durationMs) || 0,
  };
  if (result.timedOut === true) read.timedOut = true;
  for (const key of ['message', 'expected', 'actual', 'hint'] as const) {
    const value = text(key);
    if (value !== undefined) read[key] = value;
  }
  return read;
}
