import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ZipEntry } from '../grade/zip-writer.js';
import { StarterError } from './starter-error.js';
import { libraryManifest } from './library-manifest.js';

/** The folder of the library in a starter, which its `package.json` names as `file:socketbook`. */
export const LIBRARY_FOLDER = 'socketbook';

/**
 * The compiled student library as a plain folder for a starter: `socketbook/package.json` (see
 * {@link libraryManifest}) and every `lib/net/*.js` and `*.d.ts` of the course package at `packageRoot`.
 * Source maps stay behind: they point to `../../src/`, which a student's folder does not have.
 *
 * @example
 * const files = await libraryFiles('/work/socketbook');
 * files.map((file) => file.name); // ['socketbook/package.json', 'socketbook/lib/net/address.d.ts', …]
 */
export async function libraryFiles(packageRoot: string): Promise<ZipEntry[]> {
  const course = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  const folder = join(packageRoot, 'lib', 'net');
  const names = await readdir(folder).catch((error: unknown) => {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
    throw new StarterError('ERR_STARTER_LIBRARY_NOT_BUILT', `Cannot make a starter: the library is not compiled in ${folder}; run 'npm run build:lib'`, { cause: error });
  });
  const compiled = names.filter((name) => name.endsWith('.js') || name.endsWith('.d.ts')).sort();
  const files: ZipEntry[] = [{ name: `${LIBRARY_FOLDER}/package.json`, data: `${JSON.stringify(libraryManifest(course), null, 2)}\n` }];
  for (const name of compiled) files.push({ name: `${LIBRARY_FOLDER}/lib/net/${name}`, data: await readFile(join(folder, name)) });
  return files;
}
