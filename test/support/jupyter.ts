import { execFile, spawn } from 'node:child_process';
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
 * How long {@link nbconvertExecute} may take in all, attempts included: a test that calls it gives itself
 * more ({@link NBCONVERT_TEST_MS}), so that a run that hangs ends in this helper's report of what nbconvert
 * was doing, not in the test runner's bare "Test timed out".
 */
export const NBCONVERT_BUDGET_MS = 210_000;

/** A test's time limit around one {@link nbconvertExecute}: its budget and half a minute to set up and check. */
export const NBCONVERT_TEST_MS = NBCONVERT_BUDGET_MS + 30_000;

/**
 * Executes a notebook in place with `jupyter nbconvert --execute` on the given kernel. A start that loses
 * tslab's start-up race ({@link TSLAB_START_RACE}: its shell loop dies and Jupyter's client waits out its
 * start timeout) is tried again, twice at most, as a student would restart the kernel; every other
 * failure is thrown at once. With `allowErrors`, a failing cell does not stop the run: its error is in the
 * notebook's outputs.
 *
 * All attempts together get `budgetMs`; one still running then is interrupted (Ctrl-C, so nbconvert stops
 * its kernel), then killed. A failure throws an error that gives, for each attempt, how it ended and
 * after how long, and the last lines nbconvert logged at debug level (which cell it was executing, which
 * kernel messages arrived), each stamped with the seconds since the attempt started.
 */
export async function nbconvertExecute(
  notebookPath: string,
  jupyterPath: string,
  kernel = 'tslab',
  options: { allowErrors?: boolean; budgetMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.budgetMs ?? NBCONVERT_BUDGET_MS);
  const args = ['--to', 'notebook', '--execute', '--inplace', '--log-level=DEBUG', `--ExecutePreprocessor.kernel_name=${kernel}`,
    '--ExecutePreprocessor.timeout=60', '--ExecutePreprocessor.startup_timeout=30',
    ...(options.allowErrors ? ['--allow-errors'] : []), notebookPath];
  const attempts: NbconvertAttempt[] = [];
  for (;;) {
    const attempt = await runNbconvertOnce(args, { ...process.env, JUPYTER_PATH: jupyterPath }, deadline);
    attempts.push(attempt);
    if (attempt.code === 0) {
      if (attempt.log.some((line) => line.includes(PIPE_HELD))) console.warn(`${notebookPath}: ${PIPE_HELD}`);
      return;
    }
    const lostRace = !attempt.timedOut && attempt.log.some((line) => line.includes(TSLAB_START_RACE));
    if (!lostRace || attempts.length >= 3 || Date.now() >= deadline) {
      throw new Error(describeNbconvertFailure(notebookPath, kernel, attempts));
    }
  }
}

/** One run of jupyter nbconvert: how it ended, and its stderr as lines stamped with seconds since its start. */
interface NbconvertAttempt {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  ms: number;
  log: string[];
}

/** The line the runner adds to nbconvert's log when it stops it. */
const OUT_OF_TIME = '[test] out of time: interrupting nbconvert';

/** The line the runner adds when nbconvert has exited but something it started still holds its stderr. */
const PIPE_HELD = '[test] nbconvert exited, but a process it started (its kernel?) still holds its stderr open';

/** Grace between the Ctrl-C that asks nbconvert to stop its kernel and the kill. */
const INTERRUPT_GRACE_MS = 10_000;

function runNbconvertOnce(args: string[], env: NodeJS.ProcessEnv, deadline: number): Promise<NbconvertAttempt> {
  const started = Date.now();
  const stamp = (): string => `+${((Date.now() - started) / 1000).toFixed(1)}s`;
  // Its own process group, so that the deadline's signals reach nbconvert and whatever joined its group
  // (the kernel gets a session of its own, which nbconvert stops when interrupted).
  // --inplace writes the notebook back to its file: stdout has nothing to read.
  const child = spawn('/usr/bin/jupyter-nbconvert', args, { env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const log: string[] = [];
  let partial = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop()!;
    for (const line of lines) log.push(`${stamp()} ${line}`);
  });
  let timedOut = false;
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  let killTimer: NodeJS.Timeout | undefined;
  const interruptTimer = setTimeout(() => {
    timedOut = true;
    log.push(`${stamp()} ${OUT_OF_TIME}`);
    signalGroup('SIGINT');
    killTimer = setTimeout(() => signalGroup('SIGKILL'), INTERRUPT_GRACE_MS);
  }, Math.max(deadline - started, 0));
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(interruptTimer);
      clearTimeout(killTimer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(interruptTimer);
      clearTimeout(killTimer);
      // A process nbconvert started may still hold its stderr open: read what has come, then stop waiting.
      setTimeout(() => {
        if (partial !== '') log.push(`${stamp()} ${partial}`);
        if (!child.stderr.closed) log.push(`${stamp()} ${PIPE_HELD}`);
        child.stderr.destroy();
        resolve({ code, signal, timedOut, ms: Date.now() - started, log });
      }, 200);
    });
  });
}

/** How many of nbconvert's log lines a failure shows: before the test stopped it, and the last. */
const LOG_LINES_BEFORE_STOP = 40;
const LOG_LINES_LAST = 30;

function describeNbconvertFailure(notebookPath: string, kernel: string, attempts: NbconvertAttempt[]): string {
  const lines = [`jupyter nbconvert --execute of ${notebookPath} on ${kernel} failed:`];
  attempts.forEach((attempt, index) => {
    const ending = attempt.timedOut
      ? 'ran out of time and was stopped'
      : attempt.signal !== null ? `was killed by ${attempt.signal}` : `exited with code ${attempt.code}`;
    const race = attempt.log.some((line) => line.includes(TSLAB_START_RACE)) ? ' (tslab lost its start race)' : '';
    lines.push(`  attempt ${index + 1} ${ending} after ${(attempt.ms / 1000).toFixed(1)} s${race}`);
  });
  const { log } = attempts.at(-1)!;
  // Stopping nbconvert makes it print a long traceback: what it was doing comes before that.
  const stop = log.findIndex((line) => line.includes(OUT_OF_TIME));
  if (stop > 0) {
    lines.push(`What nbconvert logged before it was stopped (attempt ${attempts.length}, last ${Math.min(LOG_LINES_BEFORE_STOP, stop)} lines):`);
    lines.push(...log.slice(Math.max(stop - LOG_LINES_BEFORE_STOP, 0), stop));
  }
  lines.push(`The last ${Math.min(LOG_LINES_LAST, log.length)} lines nbconvert logged in attempt ${attempts.length}:`);
  lines.push(...log.slice(-LOG_LINES_LAST));
  return lines.join('\n');
}
