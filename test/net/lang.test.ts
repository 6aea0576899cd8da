import { describe, expect, it } from 'vitest';
import { LANGS, type Lang } from '../../src/net/lang.js';

describe('Lang', () => {
  it('lists the course languages, English first', () => {
    const langs: readonly Lang[] = LANGS;
    expect(langs).toEqual(['en', 'es']);
  });
});
