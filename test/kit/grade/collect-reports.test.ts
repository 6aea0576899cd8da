import { describe, expect, test } from 'vitest';
import { collectReports } from '../../../src/kit/grade/collect-reports.js';
import { CHECK_REPORT_MIME, reportMac } from '../../../src/net/check-report.js';
import { reportOutput } from './fake-kernel.js';

const plan = (nonce: string, token?: string) => reportOutput({
  nonce, ...(token === undefined ? {} : { token }), kind: 'plan', exercise: 'shout', cases: [{ name: 'a', points: 1, hidden: false }, { name: 'b', points: 1, hidden: true }],
});
const result = (nonce: string, index: number, passed: boolean, token?: string) => reportOutput({
  nonce, ...(token === undefined ? {} : { token }), kind: 'case', exercise: 'shout', index,
  result: { name: index === 0 ? 'a' : 'b', points: 1, hidden: index === 1, passed, durationMs: 1 },
});

describe('collectReports()', () => {
  test('keeps the reports signed with the key for the step, case by case', () => {
    const { checks, rejected } = collectReports([plan('k1', 't1'), result('k1', 0, true, 't1'), result('k1', 1, false, 't1')], 'k1', 't1');
    expect(rejected).toBe(0);
    expect(checks).toHaveLength(1);
    expect(checks[0]!.results.map((entry) => entry?.passed)).toEqual([true, false]);
  });

  test('rejects reports signed with another key, old-style reports, printed text and malformed JSON', () => {
    const outputs = [
      plan('k1'), result('guess', 0, true), result('guess', 1, true),
      { output_type: 'display_data' as const, data: { [CHECK_REPORT_MIME]: JSON.stringify({ version: 1, nonce: 'k1', kind: 'case', exercise: 'shout', index: 0, result: { name: 'a', passed: true } }) }, metadata: {} },
      { output_type: 'stream' as const, name: 'stdout' as const, text: JSON.stringify({ version: 1, nonce: 'k1', kind: 'case' }) },
      { output_type: 'display_data' as const, data: { [CHECK_REPORT_MIME]: '{oops' }, metadata: {} },
    ];
    const { checks, rejected } = collectReports(outputs, 'k1');
    expect(rejected).toBe(4);
    expect(checks[0]!.results).toEqual([undefined, undefined]);
  });

  test("rejects reports of a check() signed for another step: one the student's code called itself", () => {
    const { checks, rejected } = collectReports([plan('k1', 't1'), result('k1', 0, true, ''), result('k1', 0, true, 't2')], 'k1', 't1');
    expect(rejected).toBe(2);
    expect(checks[0]!.results).toEqual([undefined, undefined]);
  });

  test('rejects a report whose body was edited after it was signed', () => {
    const body = JSON.stringify({ kind: 'case', exercise: 'shout', index: 0, result: { name: 'a', points: 1, hidden: false, passed: false, durationMs: 1 } });
    const mac = reportMac('k1', 't1', body);
    const edited = { output_type: 'display_data' as const, data: { [CHECK_REPORT_MIME]: JSON.stringify({ version: 2, body: body.replace('"passed":false', '"passed":true'), mac }) }, metadata: {} };
    const { checks, rejected } = collectReports([plan('k1', 't1'), edited], 'k1', 't1');
    expect(rejected).toBe(1);
    expect(checks[0]!.results[0]).toBeUndefined();
  });

  test('marks a case reported twice as duplicated', () => {
    const { checks } = collectReports([plan('k1'), result('k1', 0, false), result('k1', 0, true)], 'k1');
    expect([...checks[0]!.duplicated]).toEqual([0]);
  });

  test('keeps the timedOut flag of a case that ran past its time', () => {
    const late = reportOutput({ nonce: 'k1', kind: 'case', exercise: 'shout', index: 0, result: { name: 'a', points: 1, hidden: false, passed: false, timedOut: true, durationMs: 5_001 } });
    const { checks } = collectReports([plan('k1'), late], 'k1');
    expect(checks[0]!.results[0]).toMatchObject({ passed: false, timedOut: true });
  });
});
