import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A digest of every file below a folder (paths and bytes, in sorted order): a change anywhere changes it.
 *
 * @example
 * const libraryHash = await hashFolder('lib/net');
 */
export async function hashFolder(folder: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    hash.update(file.slice(folder.length)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}

/**
 * The hash that decides whether a lesson must be executed again: its solutions notebook, the compiled
 * library it imports and the kernel that runs it.
 *
 * @example
 * lessonHash({ notebookJson, libraryHash, kernel: 'tslab' });
 */
export function lessonHash(parts: { notebookJson: string; libraryHash: string; kernel: string }): string {
  return createHash('sha256')
    .update(`socketbook-build-1\0${parts.kernel}\0${parts.libraryHash}\0`)
    .update(parts.notebookJson)
    .digest('hex');
}
