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

/**
 * Slots whose fake kernel "passes" a case when the answer code it saw contains the right words. An answer
 * with `while (true)` times out every time; one with `SLOW` only the first time (a machine under load).
 */
function fakeSlots(counter: { slots: number; slowed?: boolean }) {
  return () => async (): Promise<KernelSlot> => {
    counter.slots += 1;
    const nonce = `nonce-${counter.slots}`;
    let seen = '';
    const kernel = createFakeKernel((code) => {
      if (code.includes('while (true)') || (code.includes('SLOW') && !counter.slowed)) {
        counter.slowed = code.includes('SLOW') || counter.slowed;
        return { status: 'timeout' };
      }
      const answered = seen;
      seen += code;
      const checkOf = (exercise: keyof typeof CASES, passes: boolean[]): { outputs: Output[]; status: 'ok' | 'error' } => ({
        status: passes.every(Boolean) ? 'ok' : 'error',
        outputs: [reportOutput({ nonce, kind: 'plan', exercise, cases: CASES[exercise] }), ...passes.map((passed, index) =>
          reportOutput({ nonce, kind: 'case', exercise, index, result: { ...CASES[exercise][index], passed, durationMs: 1, ...(passed ? {} : { message: 'wrong', expected: "'HI'", actual: "'hi'" }) } }))],
      });
      if (code.includes("check('shout'")) return checkOf('shout', [answered.includes('toUpperCase'), answered.includes('toUpperCase') || answered.includes('return text;')]);
      if (code.includes("check('echo-once'") && answered.includes('CASE_LIMIT')) {
        // The hidden case hits check()'s own per-case limit of 3 s.
        const outputs = checkOf('echo-once', [true, true, true]).outputs.slice(0, 3);
        outputs.push(reportOutput({ nonce, kind: 'case', exercise: 'echo-once', index: 2, result: { ...CASES['echo-once'][2], passed: false, timedOut: true, durationMs: 3_002, message: 'Did not finish within 3000 ms' } }));
        return { status: 'error', outputs };
      }
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
    expect(await readFile(join(out, 'grades.csv'), 'utf8')).toBe('student,total,max,shout,echo-once,double,timed_out\nana,6,6,2,3,1,no\nben,4,6,1,2,1,no\n');
    const results = JSON.parse(await readFile(join(out, 'ben', 'results.json'), 'utf8'));
    expect(results.score).toBe(4);
    expect(results.tests.map((entry: { name: string; status: string; score: number; visibility: string }) => [entry.name, entry.status, entry.score, entry.visibility])).toEqual([
      ['shout: shouts hi', 'failed', 0, 'visible'], ['Hidden test 1 of exercise shout', 'passed', 1, 'after_published'],
      ['echo-once: echoes hola', 'passed', 1, 'visible'], ['echo-once: counts bytes, not characters', 'failed', 0, 'visible'],
      ['Hidden test 1 of exercise echo-once', 'passed', 1, 'after_published'],
      ['double: double-tests', 'passed', 1, 'visible'],
    ]);
    // What a student sees on Gradescope before publication names no hidden case.
    for (const name of ['keeps an empty text empty', 'echoes 20,000 bytes']) expect(JSON.stringify(results)).not.toContain(name);
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
    expect(await readFile(join(out, 'grades.csv'), 'utf8')).toBe('student,total,max,shout,echo-once,double,timed_out\nana,6,6,2,3,1,no\ncy,0,6,0,0,0,no\n');
    const forced = await gradeRun({ lessonPath, submissions: [perfect], outDir: out, force: true, slotFactory: fakeSlots(counter) });
    expect(forced).toMatchObject({ graded: 1, skipped: 0 });
  });

  test('hidden cases take the visibility asked for, under neutral names in the lesson\'s language', async () => {
    const perfect = await submission('ana', (source) => source);
    const out = join(folder, 'out');
    await gradeRun({ lessonPath: lessonPath.replace('/en/', '/es/'), submissions: [perfect], outDir: out, hiddenVisibility: 'hidden', slotFactory: fakeSlots({ slots: 0 }) });
    const results = JSON.parse(await readFile(join(out, 'ana', 'results.json'), 'utf8'));
    expect(results.tests.filter((entry: { visibility: string }) => entry.visibility !== 'visible').map((entry: { name: string; visibility: string }) => [entry.name, entry.visibility]))
      .toEqual([['Prueba oculta 1 del ejercicio shout', 'hidden'], ['Prueba oculta 1 del ejercicio echo-once', 'hidden']]);
  });

  test('points lost to a time limit mark the row, the feedback says so, and a re-run grades it again without --force', async () => {
    const perfect = await submission('ana', (source) => source);
    const slow = await submission('dan', (source, id) => (id === 'shout' ? `${source}\n// SLOW` : source));
    const out = join(folder, 'out');
    const counter = { slots: 0 };
    const first = await gradeRun({ lessonPath, submissions: [perfect, slow], outDir: out, retryTimedOut: false, slotFactory: fakeSlots(counter) });
    expect(first).toMatchObject({ graded: 2, timedOut: ['dan'], retried: [] });
    expect(await readFile(join(out, 'grades.csv'), 'utf8')).toBe('student,total,max,shout,echo-once,double,timed_out\nana,6,6,2,3,1,no\ndan,4,6,0,3,1,yes\n');
    const note = 'Stopped after 30 s. If your code does not loop forever or wait for something that never comes, the grading machine was too slow: it will be graded again.';
    expect(await readFile(join(out, 'dan', 'feedback.md'), 'utf8')).toContain(`## Exercise shout: 0 / 2 points\n\n> ${note}\n`);
    expect(await readFile(join(out, 'dan', 'feedback.html'), 'utf8')).toContain(`<p class="note">${note}</p>`);
    expect(JSON.parse(await readFile(join(out, 'dan', 'results.json'), 'utf8')).output).toContain(`Exercise shout: ${note}`);

    const again = await gradeRun({ lessonPath, submissions: [perfect, slow], outDir: out, slotFactory: fakeSlots(counter) });
    expect(again).toMatchObject({ graded: 1, regraded: 1, skipped: 1, timedOut: [], retried: [] });
    expect(await readFile(join(out, 'grades.csv'), 'utf8')).toBe('student,total,max,shout,echo-once,double,timed_out\nana,6,6,2,3,1,no\ndan,6,6,2,3,1,no\n');
    expect(await readFile(join(out, 'dan', 'feedback.md'), 'utf8')).not.toContain('Stopped after');
  });

  test('a submission that timed out is graded once more, alone, at the end of the run; an endless loop stays marked', async () => {
    const slow = await submission('dan', (source, id) => (id === 'shout' ? `${source}\n// SLOW` : source));
    const loop = await submission('eve', (source, id) => (id === 'shout' ? 'function shout(text: string): string { while (true) {} }' : source));
    const out = join(folder, 'out');
    const counter = { slots: 0 };
    const events: string[] = [];
    const summary = await gradeRun({
      lessonPath: lessonPath.replace('/en/', '/es/'), submissions: [slow, loop], outDir: out, slotFactory: fakeSlots(counter),
      onProgress: ({ outcome, student, grade }) => events.push(`${outcome} ${student} ${grade?.score}`),
    });
    expect([...events.slice(0, 2).sort(), ...events.slice(2)]).toEqual(['graded dan 4', 'graded eve 4', 'retried dan 6', 'retried eve 4']);
    expect(summary).toMatchObject({ graded: 2, timedOut: ['eve'] });
    expect(summary.retried).toEqual([{ student: 'dan', before: 4, after: 6 }, { student: 'eve', before: 4, after: 4 }]);
    expect(counter.slots).toBe(5); // the reference run, one per submission, one per retry: no more
    expect(await readFile(join(out, 'grades.csv'), 'utf8')).toBe('student,total,max,shout,echo-once,double,timed_out\ndan,6,6,2,3,1,no\neve,4,6,0,3,1,yes\n');
    expect(await readFile(join(out, 'eve', 'feedback.md'), 'utf8')).toContain(
      '> Se detuvo tras 30 s. Si tu código no se queda en un bucle infinito ni espera algo que nunca llega, la máquina de calificación fue demasiado lenta: se volverá a calificar.');
  });

  test('a submission no kernel could be started for is tried again at the end of the run, alone', async () => {
    const perfect = await submission('ana', (source) => source);
    const counter = { slots: 0 };
    let calls = 0;
    const slotFactory = () => async (): Promise<KernelSlot> => {
      calls += 1;
      if (calls === 2) throw new Error('Cannot start the tslab kernel: no kernel_info_reply within 60000 ms');
      return fakeSlots(counter)()();
    };
    const summary = await gradeRun({ lessonPath, submissions: [perfect], outDir: join(folder, 'out'), slotFactory });
    expect(summary).toMatchObject({ graded: 1, failed: [], retried: [{ student: 'ana', after: 6 }] });
    expect(await readFile(join(folder, 'out', 'grades.csv'), 'utf8')).toBe('student,total,max,shout,echo-once,double,timed_out\nana,6,6,2,3,1,no\n');
  });

  test('a case stopped at check()\'s own time limit marks the row too, without naming the hidden case', async () => {
    const slow = await submission('fay', (source, id) => (id === 'echo-once' ? `${source}\n// CASE_LIMIT` : source));
    const out = join(folder, 'out');
    const summary = await gradeRun({ lessonPath, submissions: [slow], outDir: out, retryTimedOut: false, slotFactory: fakeSlots({ slots: 0 }) });
    expect(summary.timedOut).toEqual(['fay']);
    const markdown = await readFile(join(out, 'fay', 'feedback.md'), 'utf8');
    expect(markdown).toContain('## Exercise echo-once: 2 / 3 points\n\n> A test case was stopped after 3 s. If your code does not loop forever');
    const results = await readFile(join(out, 'fay', 'results.json'), 'utf8');
    expect(results).toContain('Exercise echo-once: A test case was stopped after 3 s.');
    expect(results).not.toContain('echoes 20,000 bytes');
  });

  test('two submissions that give the same student id are refused before anything runs', async () => {
    await expect(gradeRun({ lessonPath, submissions: ['a/ana.ipynb', 'b/ana.ipynb'], outDir: folder, slotFactory: fakeSlots({ slots: 0 }) }))
      .rejects.toMatchObject({ code: 'ERR_GRADE_DUPLICATE_STUDENT' });
  });
});
