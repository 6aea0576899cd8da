import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { TSLAB_START_RACE } from '../../src/kit/kernel/kernelspec.js';
import { toolTestsRun } from './optional-tools.js';

const run = promisify(execFile);

/** The project's root folder. */
export const projectRoot = resolve(import.meta.dirname, '..', '..');

/** Debian's Python, where `apt-get install jupyter-nbconvert python3-nbformat` puts Jupyter. */
export const debianPython = '/usr/bin/python3';

/** Whether Debian's Jupyter (nbconvert, nbformat, IPython for tslab's installer) is usable here. */
export async function hasDebianJupyter(): Promise<boolean> {
  if (!existsSync(debianPython) || !existsSync('/usr/bin/jupyter-nbconvert')) return false;
  try {
    await run(debianPython, ['-c', 'import nbformat, nbclient, IPython']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether tests that need Debian's Jupyter run: always under CI (a missing tool then fails loudly),
 * elsewhere only when it is installed.
 */
export async function jupyterTestsEnabled(): Promise<boolean> {
  return toolTestsRun('jupyter', process.env.CI === 'true' || (await hasDebianJupyter()));
}

/**
 * A scratch folder inside the project (`.socketbook/tmp-XXXX/`), so that a notebook placed there finds, in
 * the project's node_modules above it, the library by its package name (`socketbook/sockets`, through the
 * project's link to itself) and `@types/node` for tslab.
 */
export async function makeScratchFolder(): Promise<{ path: string; remove: () => Promise<void> }> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(projectRoot, '.socketbook'), { recursive: true });
  const path = await mkdtemp(join(projectRoot, '.socketbook', 'tmp-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Registers the project's tslab kernel for Jupyter in `prefix` and returns the JUPYTER_PATH to use. */
export async function installTslabKernelspec(prefix: string): Promise<string> {
  const tslab = join(projectRoot, 'node_modules', '.bin', 'tslab');
  await run(tslab, ['install', `--python=${debianPython}`, `--prefix=${prefix}`, `--binary=${tslab}`]);
  return join(prefix, 'share', 'jupyter');
}

/** Validates a notebook file with Debian's nbformat; resolves to the validator's complaint, or '' if valid. */
export async function nbformatErrors(notebookPath: string): Promise<string> {
  const script = [
    'import sys, nbformat',
    'nb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)',
    'try:',
    '    nbformat.validate(nb, repair_duplicate_cell_ids=False)',
    'except TypeError:',
    '    nbformat.validate(nb)',
    'assert nb.nbformat == 4 and nb.nbformat_minor >= 5, "not nbformat 4.5"',
  ].join('\n');
  try {
    await run(debianPython, ['-c', script, notebookPath]);
    return '';
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
}

/**
 * Executes a notebook in place with `jupyter nbconvert --execute` on the given kernel. A start that loses
 * tslab's start-up race ({@link TSLAB_START_RACE}: its shell loop dies and Jupyter's client waits out its
 * start timeout) is tried again, twice at most, as a student would restart the kernel; every other
 * failure is thrown at once. With `allowErrors`, a failing cell does not stop the run: its error is in the
 * notebook's outputs.
 */
export async function nbconvertExecute(
  notebookPath: string,
  jupyterPath: string,
  kernel = 'tslab',
  options: { allowErrors?: boolean } = {},
): Promise<{ stdout: string; stderr: string }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run(
        '/usr/bin/jupyter-nbconvert',
        ['--to', 'notebook', '--execute', '--inplace', `--ExecutePreprocessor.kernel_name=${kernel}`,
          '--ExecutePreprocessor.timeout=60', '--ExecutePreprocessor.startup_timeout=30',
          ...(options.allowErrors ? ['--allow-errors'] : []), notebookPath],
        { env: { ...process.env, JUPYTER_PATH: jupyterPath }, maxBuffer: 64 * 1024 * 1024 },
      );
    } catch (error) {
      const stderr = String((error as { stderr?: string }).stderr ?? '');
      if (attempt >= 3 || !stderr.includes(TSLAB_START_RACE)) throw error;
    }
  }
}
