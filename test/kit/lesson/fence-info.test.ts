import { describe, expect, test } from 'vitest';
import { fenceLanguage, formatFenceInfo, parseFenceInfo } from '../../../src/kit/lesson/fence-info.js';

describe('parseFenceInfo()', () => {
  test('reads answer and tests attributes in any order', () => {
    expect(parseFenceInfo('ts answer id=echo-once', 'f.md', 3)).toEqual({ kind: 'answer', id: 'echo-once' });
    expect(parseFenceInfo('ts points=2.5 for=a tests id=a-t', 'f.md', 3)).toEqual({ kind: 'tests', id: 'a-t', forId: 'a', points: 2.5 });
    expect(parseFenceInfo('ts', 'f.md', 3)).toEqual({ kind: 'code' });
  });

  test.each([
    ['ts answer', /An answer cell needs an id/],
    ['ts tests id=t points=1', /needs for=ANSWER_ID and points=N/],
    ['ts id=x points=1', /belong to tests cells/],
    ['ts answer tests id=x', /Repeated or conflicting attribute 'tests'/],
    ['ts id=cell-3', /ids starting with 'cell-' are generated/],
    ['ts id=a.b', /Invalid cell id 'a.b'/],
    ['ts tests id=t for=a points=-1', /Invalid points '-1'/],
    ['ts lines=2-', /Invalid line ranges '2-'/],
  ])('rejects %s', (info, message) => {
    expect(() => parseFenceInfo(info, 'f.md', 3)).toThrow(message);
  });

  test('formatFenceInfo() writes what parseFenceInfo() reads', () => {
    const info = { kind: 'tests' as const, id: 't', forId: 'a', points: 2 };
    expect(formatFenceInfo(info)).toBe('ts tests id=t for=a points=2');
    expect(parseFenceInfo(formatFenceInfo(info), 'f.md', 1)).toEqual(info);
  });

  test('reads and writes the lines the slides highlight', () => {
    expect(parseFenceInfo('ts id=server lines=2,4-6', 'f.md', 1)).toEqual({ kind: 'code', id: 'server', lines: '2,4-6' });
    expect(formatFenceInfo({ kind: 'code', id: 'server', lines: '2,4-6' })).toBe('ts id=server lines=2,4-6');
  });

  test('fenceLanguage() is the first word', () => {
    expect(fenceLanguage(' ts answer id=x')).toBe('ts');
    expect(fenceLanguage('')).toBe('');
  });
});
