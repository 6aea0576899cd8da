import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseLesson } from '../../../src/kit/lesson/parse-lesson.js';
import { buildNotebook, type NotebookVariant } from '../../../src/kit/notebook/build-notebook.js';
import { joinSource } from '../../../src/kit/notebook/nbformat.js';
import { serializeNotebook } from '../../../src/kit/notebook/serialize-notebook.js';
import { toolTestsRun } from '../../support/optional-tools.js';

const langs = ['en', 'es'] as const;
const variants: NotebookVariant[] = ['student', 'solutions'];
const lessonFile = (lang: string) => `test/fixtures/lessons/${lang}/99-echo.md`;
const build = (lang: string, variant: NotebookVariant) =>
  buildNotebook(parseLesson(readFileSync(lessonFile(lang), 'utf8'), { file: lessonFile(lang) }), { variant });

describe('buildNotebook()', () => {
  test.each(langs.flatMap((lang) => variants.map((variant) => ({ lang, variant }))))(
    'the $lang $variant notebook matches its committed snapshot byte for byte',
    ({ lang, variant }) => {
      const expected = readFileSync(`test/fixtures/notebooks/99-echo.${lang}.${variant}.ipynb`, 'utf8');
      expect(serializeNotebook(build(lang, variant))).toBe(expected);
    },
  );

  test('two builds of the same lesson give the same bytes', () => {
    expect(serializeNotebook(build('es', 'student'))).toBe(serializeNotebook(build('es', 'student')));
  });

  test('the student notebook holds no solution text and no hidden tests, anywhere in the file', () => {
    for (const lang of langs) {
      const json = serializeNotebook(build(lang, 'student'));
      for (const secret of ['toUpperCase', "shout('')", 'SOLUTION', 'HIDDEN TESTS']) expect(json).not.toContain(secret);
      expect(json).toContain(lang === 'en' ? 'Not implemented yet: write your answer here (exercise shout)' : 'Aún no implementado');
    }
  });

  test('the solutions notebook keeps solutions, hidden tests and their markers', () => {
    const sources = build('en', 'solutions').cells.map((cell) => joinSource(cell.source)).join('\n');
    expect(sources).toContain('// BEGIN SOLUTION\n  return text.toUpperCase();\n  // END SOLUTION');
    expect(sources).toContain("// BEGIN HIDDEN TESTS\nassert.equal(shout(''), '');");
  });

  test('answer and tests cells carry exactly the nbgrader schema 3 keys, and no other cell does', () => {
    const notebook = build('en', 'student');
    const byId = new Map(notebook.cells.map((cell) => [cell.id, cell]));
    expect(byId.get('shout')!.metadata.nbgrader).toStrictEqual({ schema_version: 3, grade: false, solution: true, locked: false, grade_id: 'shout' });
    expect(byId.get('shout-tests')!.metadata.nbgrader).toStrictEqual({
      schema_version: 3, grade: true, solution: false, locked: true, points: 1, grade_id: 'shout-tests',
    });
    expect(notebook.cells.filter((cell) => cell.metadata.nbgrader).map((cell) => cell.id)).toEqual(['shout', 'shout-tests']);
  });

  test('every cell has its id and slide type; slides-only prose is not a cell', () => {
    const notebook = build('en', 'solutions');
    expect(notebook.cells.map((cell) => [cell.id, cell.metadata.slideshow?.slide_type])).toEqual([
      ['cell-1', 'slide'], ['cell-2', 'notes'], ['imports', '-'], ['server-slide', 'slide'], ['server', '-'],
      ['cell-6', 'fragment'], ['cell-8', 'slide'], ['shout', '-'], ['shout-tests', '-'], ['cleanup', 'skip'],
    ]);
    expect(notebook.cells.some((cell) => joinSource(cell.source).includes('handshake.svg'))).toBe(false);
  });

  test('notebook metadata names the tslab kernel and the lesson', () => {
    const { metadata, nbformat, nbformat_minor } = build('es', 'student');
    expect([nbformat, nbformat_minor]).toEqual([4, 5]);
    expect(metadata.kernelspec).toEqual({ display_name: 'TypeScript', language: 'typescript', name: 'tslab' });
    expect(metadata.language_info).toEqual({ name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript' });
    expect(metadata.socketbook).toMatchObject({ slug: 'echo', lang: 'es', variant: 'student', source: '99-echo.md', front_matter: { lesson: 99 } });
  });

  const python = '/usr/bin/python3';
  const hasNbformat = existsSync(python) && (() => {
    try {
      execFileSync(python, ['-c', 'import nbformat']);
      return true;
    } catch {
      return false;
    }
  })();
  test.runIf(toolTestsRun('jupyter', hasNbformat))('Jupyter (nbformat) validates the notebooks and re-saves them without a diff', () => {
    for (const lang of langs) {
      for (const variant of variants) {
        const json = serializeNotebook(build(lang, variant));
        const resaved = execFileSync(python, ['-c',
          'import sys, nbformat\nnb = nbformat.reads(sys.stdin.read(), 4)\nnbformat.validate(nb)\nsys.stdout.write(nbformat.writes(nb) + "\\n")'],
        { input: json, encoding: 'utf8' });
        expect(resaved).toBe(json);
      }
    }
  });
});
