import { basename, dirname, resolve } from 'node:path';
import { atomicWrite } from '../../fs/atomic-write.js';
import { type CellFailure, executeNotebook } from '../../kernel/execute-notebook.js';
import { KERNEL_NAMES, type KernelName } from '../../kernel/kernelspec.js';
import { readNotebook } from '../../notebook/read-notebook.js';
import { serializeNotebook } from '../../notebook/serialize-notebook.js';
import { type Command, UsageError } from '../command.js';

/** Seconds a cell may run when `--timeout` is not given. */
const DEFAULT_TIMEOUT_SECONDS = 60;

/**
 * Where `socketbook run` writes when `-o` is not given: beside the input, `NAME.executed.ipynb`, so the
 * notebook itself is never overwritten.
 *
 * @example
 * defaultOutputPath('notebooks/en/04-tcp.ipynb'); // 'notebooks/en/04-tcp.executed.ipynb'
 */
export function defaultOutputPath(input: string): string {
  return resolve(dirname(input), `${basename(input).replace(/\.ipynb$/i, '')}.executed.ipynb`);
}

/**
 * One paragraph naming the failing cell, the line inside it, and the error.
 *
 * @example
 * formatFailure('x.ipynb', failure); // 'x.ipynb: cell 4 (index 3, id "echo"), line 2: Error: boom'
 */
export function formatFailure(file: string, failure: CellFailure): string {
  const what = failure.status === 'timeout' ? 'timed out' : failure.status === 'died' ? 'killed the kernel' : 'failed';
  const line = failure.line === undefined ? '' : `, line ${failure.line}`;
  return `${file}: cell ${failure.index + 1} (index ${failure.index}, id "${failure.id}")${line} ${what}: ${failure.ename}: ${failure.evalue}`;
}

export const command: Command = {
  name: 'run',
  summary:
    'Execute a notebook headlessly on tslab or Deno, like `jupyter nbconvert --execute`: the kernel runs in the ' +
    "notebook's folder and the executed copy is written beside it as NAME.executed.ipynb (or to -o OUT).",
  usage: 'NOTEBOOK.ipynb [-o OUT.ipynb] [--kernel tslab|deno] [--timeout SECONDS] [--allow-errors]',
  options: {
    output: { type: 'string', short: 'o' },
    kernel: { type: 'string' },
    timeout: { type: 'string' },
    'allow-errors': { type: 'boolean' },
  },
  help: {
    output: 'where to write the executed notebook (default: NAME.executed.ipynb beside the input)',
    kernel: 'kernel to run it on: tslab or deno (default tslab)',
    timeout: `seconds a cell may run before it is interrupted (default ${DEFAULT_TIMEOUT_SECONDS})`,
    'allow-errors': 'run every cell even after one fails, and exit 0 (like nbconvert --allow-errors)',
  },
  run: async ({ values, positionals }, io) => {
    if (positionals.length !== 1) throw new UsageError(`expected one notebook, got ${positionals.length}`);
    const input = resolve(io.cwd, positionals[0]!);
    const kernel = String(values['kernel'] ?? 'tslab') as KernelName;
    if (!KERNEL_NAMES.includes(kernel)) throw new UsageError(`--kernel must be one of ${KERNEL_NAMES.join(', ')}, not '${kernel}'`);
    const timeout = Number(values['timeout'] ?? DEFAULT_TIMEOUT_SECONDS);
    if (!(timeout > 0)) throw new UsageError(`--timeout must be a number of seconds greater than 0, not '${String(values['timeout'])}'`);
    const output = typeof values['output'] === 'string' ? resolve(io.cwd, values['output']) : defaultOutputPath(input);
    if (output === input) throw new UsageError(`-o would overwrite the input notebook ${positionals[0]}; choose another path`);
    const allowErrors = values['allow-errors'] === true;

    const notebook = await readNotebook(input);
    const { notebook: executed, result } = await executeNotebook(notebook, {
      kernel,
      cwd: dirname(input),
      cellTimeoutMs: timeout * 1000,
      allowErrors,
    });
    await atomicWrite(output, serializeNotebook(executed));
    for (const cell of result.cells) for (const note of cell.notes) io.stderr(`note: ${note}\n`);
    const ran = result.cells.filter((cell) => cell.status !== 'skipped' && cell.status !== 'empty').length;
    if (result.failure) io.stderr(`${formatFailure(positionals[0]!, result.failure)}\n`);
    io.stderr(`Wrote ${output} (${ran} code cells run on ${kernel} in ${(result.durationMs / 1000).toFixed(1)} s)\n`);
    return result.failure && !allowErrors ? 1 : 0;
  },
};
