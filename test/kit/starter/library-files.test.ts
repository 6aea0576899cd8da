import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { libraryFiles } from '../../../src/kit/starter/library-files.js';
import { StarterError } from '../../../src/kit/starter/starter-error.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'library-files-'));
  await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'socketbook', version: '1.2.3', bin: { socketbook: 'x' } }));
});
afterEach(() => rm(root, { recursive: true, force: true }));

test('libraryFiles() takes the compiled .js and .d.ts files of lib/net/ and a trimmed package.json, not source maps', async () => {
  await mkdir(join(root, 'lib', 'net'), { recursive: true });
  for (const name of ['sockets.js', 'sockets.d.ts', 'sockets.js.map', 'checker.js']) await writeFile(join(root, 'lib', 'net', name), name);
  await mkdir(join(root, 'lib', 'kit'));
  await writeFile(join(root, 'lib', 'kit', 'main.js'), 'tooling');
  const files = await libraryFiles(root);
  expect(files.map((file) => file.name)).toEqual([
    'socketbook/package.json', 'socketbook/lib/net/checker.js', 'socketbook/lib/net/sockets.d.ts', 'socketbook/lib/net/sockets.js',
  ]);
  expect(JSON.parse(String(files[0]!.data))).toEqual({ name: 'socketbook', version: '1.2.3' });
  expect(String(files[3]!.data)).toBe('sockets.js');
});

test('libraryFiles() says to build the library when lib/net/ is missing', async () => {
  const error = await libraryFiles(root).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(StarterError);
  expect((error as StarterError).code).toBe('ERR_STARTER_LIBRARY_NOT_BUILT');
  expect((error as Error).message).toMatch(/^Cannot make a starter: the library is not compiled in .*lib\/net; run 'npm run build:lib'$/);
});
