import type { Lesson, LessonCell } from '../lesson/lesson.js';
import { inLang, say, type Lang } from '../lang.js';

/** Matches a header line written by {@link exerciseHeader}, in either language. */
export const EXERCISE_HEADER_LINE = /^\/\/ (?:✎ (?:Exercise|Ejercicio) |✔ (?:Tests of exercise|Pruebas del ejercicio) )[A-Za-z0-9_-]+ \(.*\)(?::.*)?$/;

/**
 * The comment line that opens an answer or tests cell in the student notebook, saying plainly that it is
 * an exercise and how many points it is worth (an answer: the points of all its tests cells). Undefined
 * for other cells.
 *
 * @example
 * exerciseHeader(answerCell, lesson);
 * // '// ✎ Exercise shout (1 point): write your answer in this cell; the tests below grade it'
 */
export function exerciseHeader(cell: LessonCell, lesson: Pick<Lesson, 'cells' | 'lang'>): string | undefined {
  if (cell.kind === 'answer') {
    const points = lesson.cells.filter((other) => other.kind === 'tests' && other.forId === cell.id)
      .reduce((sum, other) => sum + (other.points ?? 0), 0);
    return inLang(say(
      `// ✎ Exercise ${cell.id} (${pointsText(points, 'en')}): write your answer in this cell; the tests below grade it`,
      `// ✎ Ejercicio ${cell.id} (${pointsText(points, 'es')}): escribe tu respuesta en esta celda; la califican las pruebas de abajo`,
    ), lesson.lang);
  }
  if (cell.kind === 'tests') {
    const points = cell.points ?? 0;
    return inLang(say(
      `// ✔ Tests of exercise ${cell.forId} (${pointsText(points, 'en')}): run this cell to check your answer; do not change it`,
      `// ✔ Pruebas del ejercicio ${cell.forId} (${pointsText(points, 'es')}): ejecuta esta celda para comprobar tu respuesta; no la cambies`,
    ), lesson.lang);
  }
  return undefined;
}

/**
 * Removes the header line {@link exerciseHeader} put at the top of a cell, if it is there.
 *
 * @example
 * stripExerciseHeader('// ✎ Exercise shout (1 point): write …\nfunction shout() {}'); // 'function shout() {}'
 */
export function stripExerciseHeader(source: string): string {
  const newline = source.indexOf('\n');
  const first = newline === -1 ? source : source.slice(0, newline);
  if (!EXERCISE_HEADER_LINE.test(first)) return source;
  return newline === -1 ? '' : source.slice(newline + 1);
}

function pointsText(points: number, lang: Lang): string {
  const word = inLang(say('point', 'punto'), lang);
  return `${points} ${word}${points === 1 ? '' : 's'}`;
}
