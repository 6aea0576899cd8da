import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gradescopeBundle } from '../../../src/kit/grade/gradescope-bundle.js';
import { zipArchive } from '../../../src/kit/grade/zip-writer.js';
import { projectRoot } from '../../support/jupyter.js';
import { toolTestsRun } from '../../support/optional-tools.js';

const hasUnzip = spawnSync('unzip', ['-v']).status === 0;

describe.runIf(toolTestsRun('unzip', hasUnzip))('the Gradescope bundle', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'gradescope-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('zipArchive() writes archives that unzip reads back, modes and UTF-8 names included', async () => {
    const zip = zipArchive([{ name: 'run.sh', data: '#!/bin/sh\necho hí\n', mode: 0o755 }, { name: 'dir/ñ.txt', data: 'x'.repeat(10_000) }]);
    expect(zipArchive([{ name: 'a', data: 'b' }])).toEqual(zipArchive([{ name: 'a', data: 'b' }]));
    await writeFile(join(folder, 'test.zip'), zip);
    execFileSync('unzip', ['-tq', join(folder, 'test.zip')]);
    execFileSync('unzip', ['-q', join(folder, 'test.zip'), '-d', join(folder, 'test')]);
    expect(await readFile(join(folder, 'test', 'run.sh'), 'utf8')).toBe('#!/bin/sh\necho hí\n');
    expect((await stat(join(folder, 'test', 'run.sh'))).mode & 0o777).toBe(0o755);
    expect((await readFile(join(folder, 'test', 'dir', 'ñ.txt'), 'utf8')).length).toBe(10_000);
  });

  test('run_autograder grades a submission in a fake /autograder tree and writes results/results.json', async () => {
    const zip = await gradescopeBundle({ lessonPath: 'test/fixtures/grade/notebooks/en/01-words.md', cwd: projectRoot, packageRoot: projectRoot, cellTimeoutSeconds: 20 });
    const root = join(folder, 'autograder');
    await mkdir(join(root, 'submission'), { recursive: true });
    await writeFile(join(folder, 'autograder.zip'), zip);
    execFileSync('unzip', ['-q', join(folder, 'autograder.zip'), '-d', join(root, 'source')]);
    for (const name of ['setup.sh', 'run_autograder']) expect((await stat(join(root, 'source', name))).mode & 0o111).not.toBe(0);
    await copyFile(join(projectRoot, 'test/fixtures/submissions/partial.ipynb'), join(root, 'submission', 'my notebook.ipynb'));
    // The packed package has no node_modules until setup.sh runs on Gradescope: use this project's.
    const env = { ...process.env, SOCKETBOOK_AUTOGRADER_ROOT: root, SOCKETBOOK_PACKAGE_ROOT: projectRoot };
    execFileSync('bash', [join(root, 'source', 'run_autograder')], { env, timeout: 240_000 });
    const text = await readFile(join(root, 'results', 'results.json'), 'utf8');
    const results = JSON.parse(text);
    expect(results.score).toBe(4);
    expect(results.tests).toHaveLength(6);
    expect(results.tests[3]).toMatchObject({ name: 'echo-once: counts bytes, not characters', status: 'failed', max_score: 1, visibility: 'visible' });
    // Hidden cases: seen once grades are published, under neutral names; nothing the student sees names them.
    expect(results.tests.filter((entry: { visibility: string }) => entry.visibility !== 'visible')).toMatchObject([
      { name: 'Hidden test 1 of exercise shout', visibility: 'after_published', output: '' },
      { name: 'Hidden test 1 of exercise echo-once', visibility: 'after_published', output: '' },
    ]);
    for (const name of ['keeps an empty text empty', 'echoes 20,000 bytes']) expect(text).not.toContain(name);

    await rm(join(root, 'submission', 'my notebook.ipynb'));
    execFileSync('bash', [join(root, 'source', 'run_autograder')], { env });
    expect(JSON.parse(await readFile(join(root, 'results', 'results.json'), 'utf8'))).toMatchObject({ score: 0, output: expect.stringMatching(/No \.ipynb file/) });
  }, 300_000);

  test('the hidden cases\' visibility is the bundle\'s option, and only one of Gradescope\'s words gets into run_autograder', async () => {
    const options = { lessonPath: 'test/fixtures/grade/notebooks/en/01-words.md', cwd: projectRoot, packageRoot: projectRoot };
    await writeFile(join(folder, 'hidden.zip'), await gradescopeBundle({ ...options, hiddenVisibility: 'after_due_date' }));
    const script = execFileSync('unzip', ['-p', join(folder, 'hidden.zip'), 'run_autograder']).toString();
    expect(script).toMatch(/"\$sandbox" 30 after_due_date > "\$WORK\/log"/);
    await expect(gradescopeBundle({ ...options, hiddenVisibility: 'later; rm -rf /' as never })).rejects.toThrow(
      "Cannot build the Gradescope bundle: hiddenVisibility must be one of hidden, after_due_date, after_published, visible, not 'later; rm -rf /'");
  });
});
