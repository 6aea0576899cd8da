import { inLang, type Bilingual, type Lang } from '../lang.js';

/** The fixed words of a feedback page, in each lesson language. */
export interface FeedbackWords {
  feedback: string;
  score: string;
  exercise: string;
  hiddenTest: string;
  /** A hidden case's name where its real name must not show (Gradescope before publication): `n` counts hidden cases of the exercise from 1. */
  hiddenCaseName: (n: number, exercise: string) => string;
  expected: string;
  got: string;
  hint: string;
  points: (points: number, max: number) => string;
  passed: string;
  failed: string;
}

const WORDS: Bilingual<FeedbackWords> = {
  en: {
    feedback: 'Feedback', score: 'Score', exercise: 'Exercise', hiddenTest: 'hidden test',
    hiddenCaseName: (n, exercise) => `Hidden test ${n} of exercise ${exercise}`, expected: 'expected', got: 'got',
    hint: 'hint', points: (points, max) => `${points} / ${max} point${max === 1 ? '' : 's'}`, passed: 'passed', failed: 'failed',
  },
  es: {
    feedback: 'Retroalimentación', score: 'Nota', exercise: 'Ejercicio', hiddenTest: 'prueba oculta',
    hiddenCaseName: (n, exercise) => `Prueba oculta ${n} del ejercicio ${exercise}`, expected: 'esperado', got: 'obtenido',
    hint: 'pista', points: (points, max) => `${points} / ${max} punto${max === 1 ? '' : 's'}`, passed: 'superada', failed: 'fallida',
  },
};

/**
 * The feedback words of a language.
 *
 * @example
 * feedbackWords('es').expected; // 'esperado'
 */
export function feedbackWords(lang: Lang): FeedbackWords {
  return inLang(WORDS, lang);
}
