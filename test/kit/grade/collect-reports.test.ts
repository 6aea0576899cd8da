import { describe, expect, test } from 'vitest';
import { collectReports } from '../../../src/kit/grade/collect-reports.js';
import { reportOutput } from './fake-kernel.js';

const plan = (nonce: string) => reportOutput({ nonce, kind: 'plan', exercise: 'shout', cases: [{ name: 'a', points: 1, hidden: false }, { name: 'b', points: 1, hidden: true }] });
const result = (nonce: string, index: number, passed: boolean) =>
  reportOutput({ nonce, kind: 'case', exercise: 'shout', index, result: { name: index === 0 ? 'a' : 'b', points: 1, hidden: index === 1, passed, durationMs: 1 } });

describe('collectReports()', () => {
  test('keeps the reports stamped with the nonce, case by case', () => {
    const { checks, rejected } = collectReports([plan('n1'), result('n1', 0, true), result('n1', 1, false)], 'n1');
    expect(rejected).toBe(0);
    expect(checks).toHaveLength(1);
    expect(checks[0]!.results.map((entry) => entry?.passed)).toEqual([true, false]);
  });

  test('rejects look-alike reports with another nonce, printed text, and malformed JSON', () => {
    const outputs = [
      plan('n1'), result('guess', 0, true), result('guess', 1, true),
      { output_type: 'stream' as const, name: 'stdout' as const, text: JSON.stringify({ version: 1, nonce: 'n1', kind: 'case' }) },
      { output_type: 'display_data' as const, data: { 'application/vnd.socketbook.check+json': '{oops' }, metadata: {} },
    ];
    const { checks, rejected } = collectReports(outputs, 'n1');
    expect(rejected).toBe(3);
    expect(checks[0]!.results).toEqual([undefined, undefined]);
  });

  test('marks a case reported twice as duplicated', () => {
    const { checks } = collectReports([plan('n1'), result('n1', 0, false), result('n1', 0, true)], 'n1');
    expect([...checks[0]!.duplicated]).toEqual([0]);
  });
});
