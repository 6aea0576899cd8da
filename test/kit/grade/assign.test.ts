import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { assignNotebooks } from '../../../src/kit/grade/assign.js';

test('assignNotebooks() writes both languages; students see each exercise and its points, never solutions or hidden tests', async () => {
  const out = await mkdtemp(join(tmpdir(), 'assign-'));
  try {
    const written = await assignNotebooks({ lessons: ['test/fixtures/grade/notebooks/en/01-words.md'], outDir: out });
    expect(written.map((entry) => entry.path)).toEqual([join(out, 'en', '01-words.ipynb'), join(out, 'es', '01-words.ipynb')]);
    const en = await readFile(join(out, 'en', '01-words.ipynb'), 'utf8');
    expect(en).toContain('// ✎ Exercise shout (2 points): write your answer in this cell; the tests below grade it');
    expect(en).toContain('// ✔ Tests of exercise echo-once (3 points): run this cell to check your answer; do not change it');
    for (const secret of ['toUpperCase', 'HIDDEN TESTS', 'SOLUTION', "''), '')", '20_000']) expect(en).not.toContain(secret);
    // Hidden cases are announced by name and points, without their code, so the self-check can count them.
    expect(en).toContain("hiddenTest('keeps an empty text empty', 1),");
    expect(en).toContain("hiddenTest('echoes 20,000 bytes', 1),");
    expect(await readFile(join(out, 'es', '01-words.ipynb'), 'utf8')).toContain('// ✎ Ejercicio double (1 punto)');
    await assignNotebooks({ lessons: ['test/fixtures/grade/notebooks/es/01-words.md'], outDir: out, variant: 'solutions' });
    expect(await readFile(join(out, 'en', '01-words.ipynb'), 'utf8')).toContain('hiddenTest(');
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
