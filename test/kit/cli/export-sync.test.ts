import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Io } from '../../../src/kit/cli/command.js';
import { main } from '../../../src/kit/cli/main.js';
import type { Notebook } from '../../../src/kit/notebook/nbformat.js';

const fixture = resolve('test/fixtures/lessons/en/99-echo.md');

describe('socketbook export and sync', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  let io: Io;
  const lesson = () => join(dir, 'en', '99-echo.md');

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'socketbook-cli-'));
    await mkdir(join(dir, 'en'));
    await copyFile(fixture, lesson());
    out = [];
    err = [];
    io = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), cwd: dir };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('export writes the student notebook by default, pointing back at the lesson', async () => {
    expect(await main(['export', 'en/99-echo.md', '-o', 'build/echo.ipynb'], io)).toBe(0);
    const notebook = JSON.parse(await readFile(join(dir, 'build/echo.ipynb'), 'utf8')) as Notebook;
    expect(notebook.metadata.socketbook).toMatchObject({ variant: 'student', source: '../en/99-echo.md' });
    // The lesson's one notes cell is the lecturer's: the student notebook leaves it out.
    expect(out.join('')).toBe('Wrote build/echo.ipynb (student, 9 cells)\n');
  });

  test('export with both --student and --solutions is a usage error', async () => {
    expect(await main(['export', 'en/99-echo.md', '--student', '--solutions', '-o', 'x.ipynb'], io)).toBe(2);
    expect(err.join('')).toMatch(/Give --student or --solutions, not both/);
  });

  test('export of a malformed lesson prints file:line and writes nothing', async () => {
    await writeFile(lesson(), (await readFile(lesson(), 'utf8')).replace('```ts id=imports', '```ts id=imports hidden'));
    expect(await main(['export', 'en/99-echo.md', '-o', 'x.ipynb'], io)).toBe(1);
    expect(err.join('')).toMatch(/en\/99-echo\.md:18: Unknown code cell attribute 'hidden'/);
    await expect(readFile(join(dir, 'x.ipynb'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('sync finds the lesson from the notebook and writes an edit back, saying what changed', async () => {
    expect(await main(['export', 'en/99-echo.md', '--solutions', '-o', 'build/echo.ipynb'], io)).toBe(0);
    expect(await main(['sync', 'build/echo.ipynb'], io)).toBe(0);
    expect(out.at(-1)).toBe('en/99-echo.md is up to date: no cell changed\n');
    const path = join(dir, 'build/echo.ipynb');
    const notebook = JSON.parse(await readFile(path, 'utf8')) as Notebook;
    notebook.cells.find((cell) => cell.id === 'shout-tests')!.metadata.nbgrader!.points = 2;
    await writeFile(path, JSON.stringify(notebook));
    expect(await main(['sync', 'build/echo.ipynb'], io)).toBe(0);
    expect(out.at(-1)).toBe('Updated en/99-echo.md: 1 cell changed, 0 added, 0 removed\n');
    expect(await readFile(lesson(), 'utf8')).toBe((await readFile(fixture, 'utf8')).replace('points=1', 'points=2'));
  });

  test('sync refuses a student notebook unless --allow-student', async () => {
    expect(await main(['export', 'en/99-echo.md', '-o', 'echo.ipynb'], io)).toBe(0);
    expect(await main(['sync', 'echo.ipynb', '--source', 'en/99-echo.md'], io)).toBe(1);
    expect(err.join('')).toMatch(/it is a student notebook/);
    expect(await readFile(lesson(), 'utf8')).toBe(await readFile(fixture, 'utf8'));
  });
});
