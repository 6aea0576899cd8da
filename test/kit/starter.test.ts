import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/kit/cli/main.js';
import { executeNotebook } from '../../src/kit/kernel/execute-notebook.js';
import { resolveKernelSpec } from '../../src/kit/kernel/kernelspec.js';
import type { Notebook } from '../../src/kit/notebook/nbformat.js';
import { readNotebook } from '../../src/kit/notebook/read-notebook.js';
import { startSiteServer } from '../../src/kit/site/site-server.js';
import { STARTER_INSTALL_COMMANDS } from '../../src/kit/starter/install-commands.js';
import { debianPython, hasDebianJupyter, NBCONVERT_TEST_MS, nbconvertExecute, projectRoot } from '../support/jupyter.js';

// A student gets a lesson as the site's download or as `socketbook assign` output. This test takes both
// for lesson 04, puts them in an empty folder under the system's temporary folder, installs as the README
// says, and runs the notebooks there, in both languages, on tslab and Deno with Debian's Jupyter.

const run = promisify(execFile);
const LESSON = '04-tcp-echo';
const deno = join(projectRoot, 'node_modules', 'deno', 'deno');
/** Debian's Jupyter and a Deno binary, standing for the ones a student installs; under CI both must be there. */
const enabled = process.env.CI === 'true' || ((await hasDebianJupyter()) && existsSync(deno));

/** Every file under `folder`, as relative path → bytes. */
async function tree(folder: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(folder, path), await readFile(path));
  }
  return files;
}

/** Runs a command of the starter's README in `cwd` with a POSIX shell, as a student would type it. */
async function shell(command: string, cwd: string, env: Record<string, string> = {}): Promise<void> {
  await run('/bin/sh', ['-c', command], { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
}

/**
 * The code cells of an executed notebook that show an error. Deno reports a failure as an `error` output;
 * tslab only prints it, so on tslab it is nbconvert that fails the run (the reply's status is `error`).
 */
function failedCells(notebook: Notebook): string[] {
  return notebook.cells
    .filter((cell) => cell.cell_type === 'code' && cell.outputs.some((output) => output.output_type === 'error'))
    .map((cell) => cell.id);
}

/** The ids of the exercises' tests cells (nbgrader `grade`): the only cells a student notebook may fail in. */
function testsCells(notebook: Notebook): string[] {
  return notebook.cells.filter((cell) => cell.metadata.nbgrader?.grade === true).map((cell) => cell.id);
}

describe.runIf(enabled)(`lesson ${LESSON}'s starter runs outside the repository after the README's install`, () => {
  let work: string;
  /** The site's download, unpacked into an empty folder: where the README's commands run. */
  let student: string;
  let jupyterPath: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'socketbook-starter-'));
    student = join(work, 'student');
    const site = await startSiteServer({ root: projectRoot, port: 0 });
    try {
      const response = await fetch(new URL(`/starters/${LESSON}.zip`, site.url));
      expect(response.status).toBe(200);
      await writeFile(join(work, 'download.zip'), Buffer.from(await response.arrayBuffer()));
    } finally {
      await site.close();
    }
    await run(debianPython, ['-m', 'zipfile', '-e', join(work, 'download.zip'), join(work, 'unzipped')]);
    await cp(join(work, 'unzipped', LESSON), student, { recursive: true });
    const io = { stdout: () => {}, stderr: (text: string) => void process.stderr.write(text), cwd: projectRoot };
    for (const lang of ['en', 'es']) {
      expect(await main(['assign', `notebooks/${lang}/${LESSON}.md`, '--out', join(work, 'assigned')], io)).toBe(0);
    }
    expect(await main(['assign', `notebooks/en/${LESSON}.md`, '--solutions', '--out', join(work, 'solutions')], io)).toBe(0);
  }, 120_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("the site's download and assign's output are the same starter: notebooks of both languages, library, setup", async () => {
    const downloaded = await tree(student);
    const assigned = await tree(join(work, 'assigned'));
    expect([...downloaded.keys()].sort()).toEqual([...assigned.keys()].sort());
    for (const [path, bytes] of downloaded) expect(bytes.equals(assigned.get(path)!), path).toBe(true);
    for (const path of [`en/${LESSON}.ipynb`, `es/${LESSON}.ipynb`, 'package.json', 'README.md', '.devcontainer/devcontainer.json',
      'socketbook/package.json', 'socketbook/lib/net/sockets.js', 'socketbook/lib/net/sockets.d.ts', 'socketbook/lib/net/checker.js']) {
      expect(downloaded.has(path), path).toBe(true);
    }
    expect([...downloaded.keys()].filter((path) => path.endsWith('.map') || path.includes('src/'))).toEqual([]);
  });

  it('its notebooks import the library by package name, never by a path into the repository', async () => {
    for (const lang of ['en', 'es']) {
      const text = await readFile(join(student, lang, `${LESSON}.ipynb`), 'utf8');
      expect(text, `${lang}/${LESSON}.ipynb still imports ../../lib/: switch the lesson to package names`).not.toMatch(/\.\.\/lib\//);
      expect(text).toContain("from 'socketbook/");
    }
  });

  it("installs with the README's commands, into a node_modules of 80 MB or less", async () => {
    const readme = await readFile(join(student, 'README.md'), 'utf8');
    for (const command of STARTER_INSTALL_COMMANDS) expect(readme).toContain(command);
    const [install, registerTslab] = STARTER_INSTALL_COMMANDS as [string, string];
    // npm's own cache is reused; audit and funding notices only cost time.
    await shell(`${install} --no-audit --no-fund --prefer-offline`, student);
    // Debian's Python has Jupyter (a `python3` on PATH may not), and --prefix keeps the user's Jupyter untouched.
    await shell(`${registerTslab.replace('--python=python3', `--python=${debianPython}`)} --prefix="${join(work, 'kernels')}"`, student);
    // `deno jupyter --install` writes to $XDG_DATA_HOME/jupyter/kernels/deno.
    await shell(`"${deno}" jupyter --install`, student, { XDG_DATA_HOME: join(work, 'data'), DENO_NO_UPDATE_CHECK: '1' });
    jupyterPath = [join(work, 'kernels', 'share', 'jupyter'), join(work, 'data', 'jupyter')].join(':');
    const { stdout } = await run('du', ['-sm', join(student, 'node_modules')]);
    const megabytes = Number(stdout.split('\t')[0]);
    console.log(`starter node_modules: ${megabytes} MB`);
    expect(megabytes).toBeLessThanOrEqual(80);
    // Solutions go in a folder of the starter too, so they resolve the starter's library and tslab.
    for (const lang of ['en', 'es']) {
      await mkdir(join(student, 'solutions', lang), { recursive: true });
      await cp(join(work, 'solutions', lang, `${LESSON}.ipynb`), join(student, 'solutions', lang, `${LESSON}.ipynb`));
    }
  }, 300_000);

  it.each([['en', 'tslab'], ['en', 'deno'], ['es', 'tslab'], ['es', 'deno']])(
    'the %s solutions run on %s in jupyter nbconvert with no error',
    async (lang, kernel) => {
      const path = join(student, 'solutions', lang, `${LESSON}.${kernel}.ipynb`);
      await cp(join(student, 'solutions', lang, `${LESSON}.ipynb`), path);
      await nbconvertExecute(path, jupyterPath, kernel);
      const executed = await readNotebook(path);
      expect(failedCells(executed)).toEqual([]);
      expect(executed.cells.filter((cell) => cell.cell_type === 'code' && cell.outputs.length > 0).length).toBeGreaterThan(0);
    },
    // The nbconvert runner's budget (all attempts, a 60 s limit per cell) and time to check the result.
    NBCONVERT_TEST_MS,
  );

  it('the Spanish student notebook fails on Deno in jupyter nbconvert only in exercise tests cells', async () => {
    const path = join(student, 'es', `${LESSON}.ipynb`);
    await nbconvertExecute(path, jupyterPath, 'deno', { allowErrors: true });
    const executed = await readNotebook(path);
    const failed = failedCells(executed);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.filter((id) => !testsCells(executed).includes(id))).toEqual([]);
  }, NBCONVERT_TEST_MS);

  it("the English student notebook fails on the starter's tslab only in exercise tests cells", async () => {
    // tslab aborts every request for 200 ms after a failed cell, even when asked not to stop on errors
    // (Jupyter's stop_on_error=false, which nbconvert --allow-errors sends), so under nbconvert the cells
    // after a failed tests cell would not run. socketbook's runner waits that window out, and starts the
    // tslab that the starter installed.
    const folder = join(student, 'en');
    const notebook = await readNotebook(join(folder, `${LESSON}.ipynb`));
    const kernel = resolveKernelSpec('tslab', { from: folder });
    expect(kernel.argv.join(' ')).toContain(join(student, 'node_modules', 'tslab'));
    const { result } = await executeNotebook(notebook, { kernel, cwd: folder, allowErrors: true, cellTimeoutMs: 60_000 });
    const failed = result.cells.filter((cell) => !['ok', 'skipped', 'empty'].includes(cell.status)).map((cell) => cell.id);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.filter((id) => !testsCells(notebook).includes(id))).toEqual([]);
  }, 240_000);
});
