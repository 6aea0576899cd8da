import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { StarterError } from './starter-error.js';

/**
 * The tslab version a starter pins: the one in the course package's `package-lock.json` (what the course's
 * own notebooks are tested with), or, for a course installed without its lock file, the installed tslab's.
 *
 * @example
 * await tslabVersion('/work/socketbook'); // '1.0.22'
 */
export async function tslabVersion(packageRoot: string): Promise<string> {
  const lock = await readFile(join(packageRoot, 'package-lock.json'), 'utf8').then(JSON.parse, () => undefined) as
    { packages?: Record<string, { version?: string }> } | undefined;
  const locked = lock?.packages?.['node_modules/tslab']?.version;
  if (locked !== undefined) return locked;
  try {
    const installed = createRequire(join(packageRoot, 'package.json'))('tslab/package.json') as { version: string };
    return installed.version;
  } catch (error) {
    throw new StarterError('ERR_STARTER_NO_TSLAB', `Cannot make a starter: no tslab in ${packageRoot}'s package-lock.json or node_modules; run 'npm install'`, { cause: error });
  }
}
