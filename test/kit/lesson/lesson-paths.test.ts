import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { counterpartPath, lessonPaths, studentNotebookPath } from '../../../src/kit/lesson/lesson-paths.js';

describe('lesson paths', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'socketbook-paths-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('lessonPaths() lists NN-slug.md files of each language folder, sorted, and nothing else', async () => {
    for (const lang of ['es', 'en']) await mkdir(join(root, 'notebooks', lang), { recursive: true });
    for (const name of ['es/02-udp.md', 'es/01-tcp-echo.md', 'en/01-tcp-echo.md', 'es/01-tcp-echo.ipynb', 'es/notes.md', 'es/3-x.md']) {
      await writeFile(join(root, 'notebooks', name), '');
    }
    expect(await lessonPaths(root)).toEqual([
      join(root, 'notebooks/en/01-tcp-echo.md'),
      join(root, 'notebooks/es/01-tcp-echo.md'),
      join(root, 'notebooks/es/02-udp.md'),
    ]);
  });

  test('lessonPaths() is empty when there is no notebooks folder', async () => {
    expect(await lessonPaths(root)).toEqual([]);
  });

  test('studentNotebookPath() and counterpartPath() stay beside the lesson', () => {
    expect(studentNotebookPath('notebooks/es/04-tcp-echo.md')).toBe('notebooks/es/04-tcp-echo.ipynb');
    expect(counterpartPath('notebooks/es/04-tcp-echo.md')).toBe('notebooks/en/04-tcp-echo.md');
    expect(counterpartPath('lessons/04-tcp-echo.md')).toBeUndefined();
  });
});
