import { describe, expect, test } from 'vitest';
import { pickAnswers } from '../../../src/kit/grade/pick-answers.js';
import { parseSubmission, type Submission } from '../../../src/kit/grade/read-submission.js';

const plan = { exercises: [{ id: 'shout', testsIds: ['shout-tests'], maxPoints: 2 }, { id: 'double', testsIds: ['double-tests'], maxPoints: 1 }] };
const cell = (id: string, source: string, extra: Record<string, unknown> = {}) => ({
  cell_type: 'code', id, source, outputs: [], metadata: { nbgrader: { grade_id: id, solution: true } }, ...extra,
});
const submission = (cells: unknown[]): Submission => {
  const read = parseSubmission(JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }));
  if (!read.ok) throw new Error(read.reason.en);
  return read.submission;
};

describe('pickAnswers()', () => {
  test('finds answers by grade_id wherever they are, ignoring every other cell', () => {
    const answers = pickAnswers(plan, submission([cell('double', 'B'), cell('x', 'junk'), cell('shout-tests', 'assert.ok(true)'), cell('shout', 'A')]));
    expect(answers.get('shout')).toEqual({ exercise: 'shout', parts: ['A'], notes: [] });
    expect(answers.get('double')?.parts).toEqual(['B']);
  });

  test('falls back to the cell id when nbgrader metadata is gone', () => {
    const answers = pickAnswers(plan, submission([{ cell_type: 'code', id: 'shout', source: 'A', metadata: {}, outputs: [] }]));
    expect(answers.get('shout')?.parts).toEqual(['A']);
  });

  test('a missing answer has no parts and a note saying it scores 0', () => {
    const answers = pickAnswers(plan, submission([cell('shout', 'A')]));
    expect(answers.get('double')?.parts).toEqual([]);
    expect(answers.get('double')?.notes[0]?.en).toMatch(/The answer cell 'double' is missing.*scores 0/);
  });

  test('duplicated and split cells are kept in notebook order, identical copies once, with a note', () => {
    const answers = pickAnswers(plan, submission([cell('shout', 'part 1'), cell('copy', 'part 2', { metadata: { nbgrader: { grade_id: 'shout' } } }),
      cell('copy2', 'part 2', { metadata: { nbgrader: { grade_id: 'shout' } } })]));
    expect(answers.get('shout')?.parts).toEqual(['part 1', 'part 2']);
    expect(answers.get('shout')?.notes[0]?.es).toMatch(/3 celdas llevan el id 'shout'/);
  });

  test('a cell changed to Markdown is still read as code, with a note', () => {
    const answers = pickAnswers(plan, submission([{ ...cell('shout', 'A'), cell_type: 'markdown' }]));
    expect(answers.get('shout')?.parts).toEqual(['A']);
    expect(answers.get('shout')?.notes[0]?.en).toMatch(/changed to a markdown cell; it was graded as code/);
  });
});

describe('parseSubmission()', () => {
  test('gives a reason, not an exception, for invalid JSON and for JSON that is not a notebook', () => {
    const broken = parseSubmission('{"cells": [');
    expect(broken.ok ? '' : broken.reason.en).toMatch(/not valid JSON/);
    const notNotebook = parseSubmission('[1, 2]');
    expect(notNotebook.ok ? '' : notNotebook.reason.es).toMatch(/no tiene lista 'cells'/);
  });
});
