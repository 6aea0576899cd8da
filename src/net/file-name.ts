/**
 * Checking a file name that came from the network before it touches the disk. A receiver that writes to
 * `join(folder, name)` with a name like `../../.bashrc` or `/etc/passwd` lets the sender write anywhere;
 * a bare name with no separators stays inside the folder.
 */
import { SocketbookError } from './errors.js';

/** The longest file name most file systems accept, in bytes of UTF-8. */
export const MAX_FILE_NAME_BYTES = 255;

/**
 * A file name was refused because it could escape the target folder or is not a valid name.
 *
 * @example
 * try { assertSafeFileName('../x'); }
 * catch (error) { if (error instanceof UnsafeFileNameError) console.log(error.code); } // 'ERR_UNSAFE_FILE_NAME'
 */
export class UnsafeFileNameError extends SocketbookError {
  constructor(message: string) {
    super('ERR_UNSAFE_FILE_NAME', message);
  }
}

/** Why `name` is unsafe, or undefined when it is a plain file name. */
function findProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  const bytes = Buffer.byteLength(name);
  if (bytes > MAX_FILE_NAME_BYTES) return `it is ${bytes} bytes long, the limit is ${MAX_FILE_NAME_BYTES}`;
  if (name.includes('\0')) return 'it contains a NUL byte';
  if (name.includes('/') || name.includes('\\')) return 'it contains a path separator';
  if (name === '.' || name === '..') return 'it names a directory';
  return undefined;
}

/**
 * Throw an {@link UnsafeFileNameError} unless `name` is a bare file name: not empty, at most 255 bytes,
 * no NUL byte, no `/` or `\` (so no `../x` and no absolute path), not `.` or `..`.
 *
 * @example
 * assertSafeFileName('informe.pdf');  // fine
 * assertSafeFileName('../informe');   // throws UnsafeFileNameError
 */
export function assertSafeFileName(name: string): void {
  const problem = findProblem(name);
  if (problem !== undefined) {
    throw new UnsafeFileNameError(
      `Cannot use file name ${JSON.stringify(name)}: ${problem}; send a bare name such as "report.pdf"`,
    );
  }
}
