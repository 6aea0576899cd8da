import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { starterFiles } from '../../../src/kit/starter/starter-files.js';
import { starterZip } from '../../../src/kit/starter/starter-zip.js';
import { debianPython, projectRoot } from '../../support/jupyter.js';

const run = promisify(execFile);
const LESSONS = ['test/fixtures/grade/notebooks/en/01-words.md', 'test/fixtures/grade/notebooks/es/01-words.md'];

test('starterZip() unpacks to one folder holding the starter’s files, and gives the same bytes each time', async () => {
  const zip = await starterZip({ lessons: LESSONS, cwd: projectRoot, folder: '01-words' });
  expect((await starterZip({ lessons: LESSONS, cwd: projectRoot, folder: '01-words' })).equals(zip)).toBe(true);
  const folder = await mkdtemp(join(tmpdir(), 'starter-zip-'));
  try {
    await writeFile(join(folder, 'starter.zip'), zip);
    await run(debianPython, ['-m', 'zipfile', '-e', join(folder, 'starter.zip'), join(folder, 'out')]);
    expect(await readdir(join(folder, 'out'))).toEqual(['01-words']);
    const { files } = await starterFiles({ lessons: LESSONS, cwd: projectRoot });
    for (const file of files) expect(await readFile(join(folder, 'out', '01-words', file.name))).toEqual(Buffer.from(file.data));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
