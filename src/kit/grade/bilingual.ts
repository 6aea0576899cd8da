import type { LessonLang } from '../lesson/front-matter.js';

/** A sentence for the student's feedback, in both lesson languages; the lesson's language is shown. */
export interface Bilingual {
  en: string;
  es: string;
}

/**
 * Makes a {@link Bilingual} sentence.
 *
 * @example
 * say('The answer cell is missing', 'Falta la celda de respuesta');
 */
export function say(en: string, es: string): Bilingual {
  return { en, es };
}

/**
 * The sentence in one language.
 *
 * @example
 * inLang(say('yes', 'sí'), 'es'); // 'sí'
 */
export function inLang(text: Bilingual, lang: LessonLang): string {
  return text[lang];
}
