import { timingSafeEqual } from 'node:crypto';
import { CHECK_REPORT_MIME } from '../../net/check-report.js';
import type { CaseResult } from '../../net/check.js';
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
  /** Reports with the right mime type but a wrong nonce or shape: printed by something other than `check()`. */
  rejected: number;
}

/**
 * Reads the `check()` reports out of a cell's outputs, keeping only those stamped with this kernel's nonce
 * (compared in constant time): a student printing or displaying look-alike reports gets them rejected.
 *
 * @example
 * const { checks } = collectReports(run.outputs, workspace.nonce);
 * checks[0]?.results.filter((result) => result?.passed).length;
 */
export function collectReports(outputs: readonly Output[], nonce: string): CollectedReports {
  const checks: CollectedCheck[] = [];
  let rejected = 0;
  for (const output of outputs) {
    if (output.output_type !== 'display_data' || !(CHECK_REPORT_MIME in output.data)) continue;
    const report = parseReport(output.data[CHECK_REPORT_MIME]);
    if (report === undefined || !sameNonce(report.nonce, nonce)) {
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
  nonce: unknown;
  exercise: unknown;
  cases?: unknown;
  index?: unknown;
  result?: unknown;
}

function parseReport(data: unknown): RawReport | undefined {
  let value = data;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const report = value as RawReport & { version?: unknown };
  if (report.version !== 1 || (report.kind !== 'plan' && report.kind !== 'case')) return undefined;
  return report;
}

function sameNonce(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
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
  for (const key of ['message', 'expected', 'actual', 'hint'] as const) {
    const value = text(key);
    if (value !== undefined) read[key] = value;
  }
  return read;
}
