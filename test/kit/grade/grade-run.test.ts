import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { KernelSlot } from '../../../src/kit/grade/grade-submission.js';
import { gradeRun } from '../../../src/kit/grade/grade-run.js';
import { exportLessonNotebook } from '../../../src/kit/notebook/export-notebook.js';
import type { Output } from '../../../src/kit/notebook/nbformat.js';
import { createFakeKernel, reportOutput } from './fake-kernel.js';

const lessonPath = 'test/fixtures/grade/notebooks/en/01-words.md';
const CASES = {
  shout: [{ name: 'shouts hi', points: 1, hidden: false }, { name: 'keeps an empty text empty', points: 1, hidden: true }],
  'echo-once': [{ name: 'echoes hola', points: 1, hidden: false }, { name: 'counts bytes, not characters', points: 1, hidden: false }, { name: 'echoes 20,000 bytes', points: 1, hidden: true }],
};

/** Slots whose fake kernel "passes" a case when the answer code it saw contains the right words. */
function fakeSlots(counter: { slots: number }) {
  return () => async (): Promise<KernelSlot> => {
    counter.slots += 1;
    const nonce = `nonce-${counter.slots}`;
    let seen = '';
    const kernel = createFakeKernel((code) => {
      const answered = seen;
      seen += code;
      const checkOf = (exercise: keyof typeof CASES, passes: boolean[]): { outputs: Output[]; status: 'ok' | 'error' } => ({
        status: passes.every(Boolean) ? 'ok' : 'error',
        outputs: [reportOutput({ nonce, kind: 'plan', exercise, cases: CASES[exercise] }), ...passes.map((passed, index) =>
          reportOutput({ nonce, kind: 'case', exercise, index, result: { ...CASES[exercise][index], passed, durationMs: 1, ...(passed ? {} : { message: 'wrong', expected: "'HI'", actual: "'hi'" }) } }))],
      });
      if (code.includes("check('shout'")) return checkOf('shout', [answered.includes('toUpperCase'), answered.includes('toUpperCase') || answered.includes('return text;')]);
      if (code.includes("check('echo-once'")) return checkOf('echo-once', [true, answered.includes('Buffer.byteLength'), true]);
      if (code.includes('assert.equal(double(2), 4)')) return answered.includes('2 * n') ? undefined : { status: 'error', error: { output_type: 'error', ename: 'AssertionError', evalue: '3 !== 4', traceback: [] } };
      return undefined;
    });
    return { session: { kernel, replay: [], restarts: 0 }, nonce, prefixRuns: [], close: async () => undefined };
  };
}

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'grade-run-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function submission(name: string, edit: (source: string, id: string) => string): Promise<string> {
  const { notebook } = await exportLessonNotebook(lessonPath, { variant: 'solutions', outputPath: 'x.ipynb' });
  for (const cell of notebook.cells) cell.source = edit(Array.isArray(cell.source) ? cell.source.join('') : cell.source, cell.id);
  const path = join(folder, `${name}.ipynb`);
  await writeFile(path, JSON.stringify(notebook));
  return path;
}

describe('gradeRun() with fake kernels', () => {
  test('writes grades.csv, results.json and feedback per student; partial credit per case; hidden tests show no detail', async () => {
    const perfect = await submission('ana', (source) => source);
    const partial = await submission('ben', (source, id) => (id === 'shout' ? 'function shout(text: string) { return text; }' : id === 'echo-once' ? source.replace('Buffer.byteLength(text)', 'text.length') : source));
    const out = join(folder, 'out');
    const counter = { slots: 0 };
    const summary = await gradeRun({ lessonPath, submissions: [perfect, partial], outDir: out, slotFactory: fakeSlots(counter) });
    expect(summary).toMatchObject({ graded: 2, skipped: 0, failed: [], meanScore: 5, maxScore: 6 });
    expect(await readFile(join(out, 'grades.csv'), 'utf8')).toBe('student,total,max,shout,echo-once,double\nana,6,6,2,3,1\nben,4,6,1,2,1\n');
    const results = JSON.parse(await readFile(join(out, 'ben', 'results.json'), 'utf8'));
    expect(results.score).toBe(4);
    expect(results.tests.map((entry: { name: string; status: string; score: number }) => [entry.name, entry.status, entry.score])).toEqual([
      ['shout: shouts hi', 'failed', 0], ['shout: hidden test: keeps an empty text empty', 'passed', 1],
      ['echo-once: echoes hola', 'passed', 1], ['echo-once: counts bytes, not characters', 'failed', 0], ['echo-once: hidden test: echoes 20,000 bytes', 'passed', 1],
      ['double: double-tests', 'passed', 1],
    ]);
    const markdown = await readFile(join(out, 'ben', 'feedback.md'), 'utf8');
    expect(markdown).toContain("- ✗ shouts hi (0 / 1 point)\n  - `wrong`\n  - expected: `'HI'`\n  - got: `'hi'`");
    const html = await readFile(join(out, 'ben', 'feedback.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).not.toMatch(/<script|<link|src=/);
    for (const text of [markdown, html, JSON.stringify(results)]) {
      expect(text).not.toContain('20_000');
      expect(text).not.toContain("shout('')");
    }
  });

  test('a second run skips graded students unless --force, and an unreadable file is graded 0 with a reason', async () => {
    const perfect = await submission('ana', (source) => source);
    const broken = join(folder, 'cy.ipynb');
    await writeFile(broken, '{ not json');
    const out = join(folder, 'out');
    const counter = { slots: 0 };
    await gradeRun({ lessonPath, submissions: [perfect, broken], outDir: out, slotFactory: fakeSlots(counter) });
    expect(counter.slots).toBe(3); // the reference run, and one kernel started ahead for each submission
    expect(await readFile(join(out, 'cy', 'feedback.md'), 'utf8')).toContain('> The file is not valid JSON');
    const again = await gradeRun({ lessonPath, submissions: [perfect, broken], outDir: out, slotFactory: fakeSlots(counter) });
    expect(again).toMatchObject({ graded: 0, skipped: 2 });
    expect(counter.slots).toBe(3);
    expect(await readFile(join(out, 'grades.csv'), 'utf8')).toBe('student,total,max,shout,echo-once,double\nana,6,6,2,3,1\ncy,0,6,0,0,0\n');
    const forced = await gradeRun({ lessonPath, submissions: [perfect], outDir: out, force: true, slotFactory: fakeSlots(counter) });
    expect(forced).toMatchObject({ graded: 1, skipped: 0 });
  });

  test('two submissions that give the same student id are refused before anything runs', async () => {
    await expect(gradeRun({ lessonPath, submissions: ['a/ana.ipynb', 'b/ana.ipynb'], outDir: folder, slotFactory: fakeSlots({ slots: 0 }) }))
      .rejects.toMatchObject({ code: 'ERR_GRADE_DUPLICATE_STUDENT' });
  });
});
