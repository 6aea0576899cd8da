import { describe, expect, it } from 'vitest';
import * as checker from '../../src/net/checker.js';
import * as figures from '../../src/net/figures.js';
import * as library from '../../src/net/index.js';
import * as sockets from '../../src/net/sockets.js';

describe('src/net/index.ts', () => {
  it('re-exports every name of the three entry points, and nothing else (each entry is tested on its own)', () => {
    const names = [...Object.keys(sockets), ...Object.keys(figures), ...Object.keys(checker)].sort();
    expect(Object.keys(library).sort()).toEqual(names);
    for (const name of names) expect(library[name as keyof typeof library], name).toBe({ ...sockets, ...figures, ...checker }[name]);
  });
});
