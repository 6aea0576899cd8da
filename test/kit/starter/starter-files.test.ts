import { expect, test } from 'vitest';
import { starterFiles } from '../../../src/kit/starter/starter-files.js';
import { projectRoot } from '../../support/jupyter.js';

const LESSONS = ['test/fixtures/grade/notebooks/en/01-words.md', 'test/fixtures/grade/notebooks/es/01-words.md'];

test('starterFiles() gives the notebooks, the library, package.json, README, dev container and prune script', async () => {
  const { files, notebooks } = await starterFiles({ lessons: LESSONS, cwd: projectRoot });
  const names = files.map((file) => file.name);
  expect(names.slice(0, 6)).toEqual([
    'en/01-words.ipynb', 'es/01-words.ipynb', 'README.md', 'package.json', 'prune-tslab.cjs', '.devcontainer/devcontainer.json',
  ]);
  expect(names).toContain('socketbook/package.json');
  expect(names).toContain('socketbook/lib/net/sockets.d.ts');
  expect(notebooks.map(({ lesson, path }) => [lesson, path])).toEqual([[LESSONS[0], 'en/01-words.ipynb'], [LESSONS[1], 'es/01-words.ipynb']]);
  const manifest = JSON.parse(String(files[3]!.data)) as { name: string; dependencies: Record<string, string> };
  expect(manifest.name).toBe('socketbook-01-words');
  expect(manifest.dependencies.socketbook).toBe('file:socketbook');
});

test('starterFiles() makes each notebook as if beside its lesson, so its bytes do not depend on where it goes', async () => {
  const { files } = await starterFiles({ lessons: LESSONS.slice(0, 1), cwd: projectRoot });
  const notebook = JSON.parse(String(files[0]!.data)) as { metadata: { socketbook: { source: string } } };
  expect(notebook.metadata.socketbook.source).toBe('01-words.md');
});

test('starterFiles() leaves hidden tests out of the student version and keeps them in the solutions', async () => {
  const student = await starterFiles({ lessons: LESSONS.slice(0, 1), cwd: projectRoot });
  const solutions = await starterFiles({ lessons: LESSONS.slice(0, 1), cwd: projectRoot, variant: 'solutions' });
  expect(String(student.files[0]!.data)).not.toContain('BEGIN HIDDEN TESTS');
  expect(String(solutions.files[0]!.data)).toContain('toUpperCase');
});

test('starterFiles() names a starter of several lessons as an assignment', async () => {
  const { files } = await starterFiles({ lessons: [LESSONS[0]!, 'notebooks/en/04-tcp-echo.md'], cwd: projectRoot });
  expect(JSON.parse(String(files.find((file) => file.name === 'package.json')!.data))).toMatchObject({ name: 'socketbook-assignment' });
});
