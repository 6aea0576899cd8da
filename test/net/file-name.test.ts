import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assertSafeFileName, UnsafeFileNameError } from '../../src/net/file-name.js';

const UNSAFE_NAMES: [string, string][] = [
  ['a parent folder', '../x'],
  ['an absolute path', '/etc/passwd'],
  ['a Windows path', 'C:\\Windows\\win.ini'],
  ['a NUL byte', 'report\0.pdf'],
  ['a separator', 'folder/report.pdf'],
  ['a name over 255 bytes', 'ñ'.repeat(128)],
  ['an empty name', ''],
  ['the current folder', '.'],
  ['the parent folder', '..'],
];

describe('assertSafeFileName()', () => {
  it.each(UNSAFE_NAMES)('refuses %s', (_, name) => {
    expect(() => assertSafeFileName(name)).toThrow(UnsafeFileNameError);
    try {
      assertSafeFileName(name);
    } catch (error) {
      expect((error as UnsafeFileNameError).code).toBe('ERR_UNSAFE_FILE_NAME');
    }
  });

  it('accepts bare names, hidden files and 255-byte names', () => {
    for (const name of ['informe.pdf', 'foto 2020.jpg', '.bashrc', 'ñandú.txt', 'x'.repeat(255)]) {
      expect(() => assertSafeFileName(name)).not.toThrow();
    }
  });

  it('refuses every name that contains a separator', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('/', '\\'), fc.string(), (before, separator, after) => {
        expect(() => assertSafeFileName(before + separator + after)).toThrow(UnsafeFileNameError);
      }),
    );
  });
});
