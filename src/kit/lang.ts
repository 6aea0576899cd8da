import type { Lang } from '../net/lang.js';

export { LANGS, type Lang } from '../net/lang.js';

/**
 * Text (or a table of words) in every course language. The one way the tooling speaks two languages: a
 * record keyed by {@link Lang}, read with {@link inLang}.
 *
 * @example
 * const WORDS: Bilingual<{ expected: string }> = { en: { expected: 'expected' }, es: { expected: 'esperado' } };
 */
export type Bilingual<T = string> = Record<Lang, T>;

/**
 * A sentence in both languages, English first.
 *
 * @example
 * say('The answer cell is missing', 'Falta la celda de respuesta');
 */
export function say(en: string, es: string): Bilingual {
  return { en, es };
}

/**
 * The text (or words) of one language.
 *
 * @example
 * inLang(say('yes', 'sí'), 'es'); // 'sí'
 */
export function inLang<T>(text: Bilingual<T>, lang: Lang): T {
  return text[lang];
}

/**
 * Whether a value names a course language.
 *
 * @example
 * isLang('es'); // true
 */
export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'es';
}
