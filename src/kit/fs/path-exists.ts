import { access } from 'node:fs/promises';

/**
 * Whether a file or folder exists (and is reachable with the current rights).
 *
 * @example
 * if (await pathExists('notebooks/en/04-tcp-echo.md')) ...
 */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
