import type { LessonLang } from '../lesson/front-matter.js';

/** The fixed words of a feedback page, in each lesson language. */
export interface FeedbackWords {
  feedback: string;
  score: string;
  exercise: string;
  hiddenTest: string;
  expected: string;
  got: string;
  hint: string;
  points: (points: number, max: number) => string;
  passed: string;
  failed: string;
}

const WORDS: Record<LessonLang, FeedbackWords> = {
  en: {
    feedback: 'Feedback', score: 'Score', exercise: 'Exercise', hiddenTest: 'hidden test', expected: 'expected', got: 'got',
    hint: 'hint', points: (points, max) => `${points} / ${max} point${max === 1 ? '' : 's'}`, passed: 'passed', failed: 'failed',
  },
  es: {
    feedback: 'Retroalimentación', score: 'Nota', exercise: 'Ejercicio', hiddenTest: 'prueba oculta', expected: 'esperado', got: 'obtenido',
    hint: 'pista', points: (points, max) => `${points} / ${max} punto${max === 1 ? '' : 's'}`, passed: 'superada', failed: 'fallida',
  },
};

/**
 * The feedback words of a language.
 *
 * @example
 * feedbackWords('es').expected; // 'esperado'
 */
export function feedbackWords(lang: LessonLang): FeedbackWords {
  return WORDS[lang];
}
