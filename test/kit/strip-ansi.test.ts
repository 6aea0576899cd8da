import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../../src/kit/strip-ansi.js';

describe('stripAnsi()', () => {
  it('removes OSC sequences too (a terminal title, a link), ended by BEL or ESC \\', () => {
    expect(stripAnsi('\u001b]0;title\u0007a\u001b]8;;https://x\u001b\\b')).toBe('ab');
  });

  it('removes colour and cursor sequences and keeps the text', () => {
    expect(stripAnsi('\u001b[0m\u001b[33mWarning\u001b[0m done\u001b[2K')).toBe('Warning done');
  });
});
