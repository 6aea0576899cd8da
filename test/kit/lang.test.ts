import { describe, expect, it } from 'vitest';
import { inLang, isLang, LANGS, say } from '../../src/kit/lang.js';

describe('lang', () => {
  it('say() keeps a sentence in both languages and inLang() picks one', () => {
    const text = say('yes', 'sí');
    expect(text).toEqual({ en: 'yes', es: 'sí' });
    expect(inLang(text, 'es')).toBe('sí');
    expect(inLang({ en: { word: 'point' }, es: { word: 'punto' } }, 'en').word).toBe('point');
  });

  it('knows the course languages, English first', () => {
    expect(LANGS).toEqual(['en', 'es']);
    expect([isLang('es'), isLang('en'), isLang('fr'), isLang(undefined)]).toEqual([true, true, false, false]);
  });
});
