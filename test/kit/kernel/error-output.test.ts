import { describe, expect, it } from 'vitest';
import { findErrorLine, synthesizeError } from '../../../src/kit/kernel/error-output.js';
import type { Output } from '../../../src/kit/notebook/nbformat.js';

const stderr = (text: string): Output => ({ output_type: 'stream', name: 'stderr', text });

// Printed by tslab 1.0.22 for a cell whose third line throws (its line numbers count compiled JavaScript).
const TSLAB_THROW = 'evalmachine.<anonymous>:7\nthrow new Error("boom");\n^\n\nError: boom\n    at evalmachine.<anonymous>:7:7\n';

describe('synthesizeError()', () => {
  it('reads a tslab type error from its diagnostic line', () => {
    const error = synthesizeError([stderr("1:5 - Type 'string' is not assignable to type 'number'.\n")], { status: 'error' });
    expect(error).toEqual({
      output_type: 'error',
      ename: 'TSError',
      evalue: "1:5 - Type 'string' is not assignable to type 'number'.",
      traceback: ["TSError: 1:5 - Type 'string' is not assignable to type 'number'."],
    });
  });

  it('reads the name and message of a thrown error from a printed stack', () => {
    const error = synthesizeError([stderr(TSLAB_THROW)], { status: 'error' });
    expect([error.ename, error.evalue]).toEqual(['Error', 'boom']);
  });

  it("prefers the reply's own ename and evalue when the kernel sent them", () => {
    const error = synthesizeError([], { status: 'error', ename: 'RangeError', evalue: 'too big', traceback: ['t'] });
    expect(error).toEqual({ output_type: 'error', ename: 'RangeError', evalue: 'too big', traceback: ['t'] });
  });
});

describe('findErrorLine()', () => {
  it('finds the line of a tslab diagnostic', () => {
    expect(findErrorLine([stderr("2:3 - Cannot find name 'x'.\n")], 'const a = 1;\nx;')).toBe(2);
  });

  it('finds the line of a Deno frame at <anonymous>:LINE:COLUMN, ignoring colours', () => {
    const error: Output = { output_type: 'error', ename: 'Error', evalue: 'boom', traceback: ['Error: boom', '    at \u001b[36m<anonymous>\u001b[39m:3:7'] };
    expect(findErrorLine([error], 'a\nb\nthrow new Error("boom")')).toBe(3);
  });

  it('finds the source line that tslab quotes under evalmachine.<anonymous>', () => {
    expect(findErrorLine([stderr(TSLAB_THROW)], 'const a = 5;\nconst b = 1;\nthrow new Error("boom")')).toBe(3);
  });

  it('says nothing when the quoted line is ambiguous or absent', () => {
    expect(findErrorLine([stderr(TSLAB_THROW)], 'throw new Error("boom");\nthrow new Error("boom");')).toBeUndefined();
    expect(findErrorLine([stderr('something odd\n')], 'x')).toBeUndefined();
  });
});
