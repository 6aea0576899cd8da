import { describe, expect, test } from 'vitest';
import { parseDirective } from '../../../src/kit/lesson/directive.js';

describe('parseDirective()', () => {
  test('reads cell directives with and without an id, and block directives', () => {
    expect(parseDirective('<!-- slide -->\n', 'f.md', 4)).toEqual({ kind: 'cell', name: 'slide', line: 4 });
    expect(parseDirective('<!--fragment id=port-->', 'f.md', 4)).toEqual({ kind: 'cell', name: 'fragment', id: 'port', line: 4 });
    expect(parseDirective('<!-- notebook-only -->', 'f.md', 4)).toEqual({ kind: 'open', name: 'notebook-only', line: 4 });
    expect(parseDirective('<!-- /slides-only -->', 'f.md', 4)).toEqual({ kind: 'close', name: 'slides-only', line: 4 });
  });

  test('accepts a directive spread over lines', () => {
    expect(parseDirective('<!--\n  subslide\n-->', 'f.md', 4)).toEqual({ kind: 'cell', name: 'subslide', line: 4 });
  });

  test.each([
    ['<!-- TODO: fix -->', 'ERR_LESSON_UNKNOWN_DIRECTIVE'],
    ['<!-- -->', 'ERR_LESSON_UNKNOWN_DIRECTIVE'],
    ['<!-- slide --> extra', 'ERR_LESSON_UNKNOWN_DIRECTIVE'],
    ['<!-- notes id=x -->', 'ERR_LESSON_INVALID_DIRECTIVE'],
    ['<!-- cell id=a id=b -->', 'ERR_LESSON_INVALID_DIRECTIVE'],
    ['<!-- slide', 'ERR_LESSON_UNCLOSED_COMMENT'],
  ])('rejects %s with %s', (html, code) => {
    expect(() => parseDirective(html, 'f.md', 4)).toThrow(expect.objectContaining({ code, line: 4 }));
  });
});
