import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parseLesson } from '../../../src/kit/lesson/parse-lesson.js';
import { exerciseHeader, stripExerciseHeader } from '../../../src/kit/notebook/exercise-header.js';

const lessonOf = (lang: string) => {
  const file = `test/fixtures/grade/notebooks/${lang}/01-words.md`;
  return parseLesson(readFileSync(file, 'utf8'), { file });
};

test('exerciseHeader() names the exercise and its points in the lesson language, only on answer and tests cells', () => {
  const en = lessonOf('en');
  expect(en.cells.map((cell) => exerciseHeader(cell, en)).filter(Boolean)).toEqual([
    '// ✎ Exercise shout (2 points): write your answer in this cell; the tests below grade it',
    '// ✔ Tests of exercise shout (2 points): run this cell to check your answer; do not change it',
    '// ✎ Exercise echo-once (3 points): write your answer in this cell; the tests below grade it',
    '// ✔ Tests of exercise echo-once (3 points): run this cell to check your answer; do not change it',
    '// ✎ Exercise double (1 point): write your answer in this cell; the tests below grade it',
    '// ✔ Tests of exercise double (1 point): run this cell to check your answer; do not change it',
  ]);
  const es = lessonOf('es');
  expect(exerciseHeader(es.cells.find((cell) => cell.id === 'double')!, es)).toBe(
    '// ✎ Ejercicio double (1 punto): escribe tu respuesta en esta celda; la califican las pruebas de abajo');
});

test('stripExerciseHeader() removes exactly the header line it wrote, and nothing else', () => {
  const es = lessonOf('es');
  for (const cell of es.cells) {
    const header = exerciseHeader(cell, es);
    if (header !== undefined) expect(stripExerciseHeader(`${header}\n${cell.source}`)).toBe(cell.source);
  }
  expect(stripExerciseHeader('// Exercise: my own comment\nx')).toBe('// Exercise: my own comment\nx');
});
