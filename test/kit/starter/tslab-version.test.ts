import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { StarterError } from '../../../src/kit/starter/starter-error.js';
import { tslabVersion } from '../../../src/kit/starter/tslab-version.js';
import { projectRoot } from '../../support/jupyter.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tslab-version-'));
  await writeFile(join(root, 'package.json'), '{"name":"course"}');
});
afterEach(() => rm(root, { recursive: true, force: true }));

test('tslabVersion() pins the version in package-lock.json', async () => {
  await writeFile(join(root, 'package-lock.json'), JSON.stringify({ packages: { 'node_modules/tslab': { version: '1.0.22' } } }));
  expect(await tslabVersion(root)).toBe('1.0.22');
});

test('tslabVersion() falls back to the installed tslab when there is no lock file', async () => {
  await mkdir(join(root, 'node_modules', 'tslab'), { recursive: true });
  await writeFile(join(root, 'node_modules', 'tslab', 'package.json'), '{"name":"tslab","version":"9.8.7"}');
  expect(await tslabVersion(root)).toBe('9.8.7');
});

test('tslabVersion() fails with ERR_STARTER_NO_TSLAB when tslab is neither locked nor installed', async () => {
  const error = await tslabVersion(root).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(StarterError);
  expect((error as StarterError).code).toBe('ERR_STARTER_NO_TSLAB');
});

test("tslabVersion() of this course is the lock file's", async () => {
  const lock = JSON.parse(await readFile(join(projectRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
  expect(await tslabVersion(projectRoot)).toBe(lock.packages['node_modules/tslab']!.version);
});
