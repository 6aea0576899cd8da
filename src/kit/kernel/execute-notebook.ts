import { type CodeCell, joinSource, type Notebook } from '../notebook/nbformat.js';
import { findErrorLine } from './error-output.js';
import { createKernelClient, type ExecuteStatus, type KernelClient, type KernelClientOptions, type KernelInfo } from './kernel-client.js';
import type { KernelName, KernelSpec } from './kernelspec.js';

/** Options of {@link executeNotebook}. */
export interface ExecuteNotebookOptions {
  kernel: KernelName | KernelSpec;
  /** The kernel's working folder, normally the notebook's own folder (as `jupyter nbconvert --execute`). */
  cwd: string;
  /** Time one cell may run before it is interrupted. @default 60_000 */
  cellTimeoutMs?: number;
  /** Run every cell even after one fails (like nbconvert's `--allow-errors`). @default false */
  allowErrors?: boolean;
  /** Passed to the kernel client (start timeout, output cap, grace periods...). */
  client?: Omit<KernelClientOptions, 'kernel' | 'cwd'>;
  /** Makes the kernel client; tests pass a fake. @default createKernelClient */
  createClient?: (options: KernelClientOptions) => KernelClient;
  /** Called after each code cell, for progress display. */
  onCell?: (report: CellReport, total: number) => void;
}

/** What happened to one code cell. */
export interface CellReport {
  /** Position in `notebook.cells` (0-based, markdown cells included). */
  index: number;
  id: string;
  /** `skipped`: not run because an earlier cell failed; `empty`: no code, so not sent (as Jupyter does). */
  status: ExecuteStatus | 'skipped' | 'empty';
  durationMs: number;
  executionCount: number | null;
  notes: string[];
}

/** The cell that stopped the run (or the first that failed, with `allowErrors`). */
export interface CellFailure {
  index: number;
  id: string;
  status: Exclude<ExecuteStatus, 'ok'>;
  /** The line inside the cell (1-based) where the error happened, when the kernel's output says. */
  line?: number;
  ename: string;
  evalue: string;
}

/** The outcome of {@link executeNotebook}. */
export interface NotebookRunResult {
  /** True when every code cell ran without error. */
  ok: boolean;
  kernel: KernelInfo;
  cells: CellReport[];
  failure?: CellFailure;
  durationMs: number;
}

/**
 * Runs the code cells of a notebook in order on a fresh kernel, filling `outputs` and `execution_count`
 * the way Jupyter would, and adds the kernel's `language_info` to the notebook metadata. Stops at the
 * first failing cell unless `allowErrors` is set; cells after it are left without outputs. The input
 * notebook is not modified.
 *
 * @example
 * const { notebook: executed, result } = await executeNotebook(notebook, { kernel: 'tslab', cwd: 'notebooks/en' });
 * if (!result.ok) console.error(`cell ${result.failure!.index + 1} failed at line ${result.failure!.line}`);
 */
export async function executeNotebook(
  notebook: Notebook,
  options: ExecuteNotebookOptions,
): Promise<{ notebook: Notebook; result: NotebookRunResult }> {
  const began = Date.now();
  const executed = structuredClone(notebook);
  const create = options.createClient ?? createKernelClient;
  const client = create({ ...options.client, kernel: options.kernel, cwd: options.cwd });
  const cells: CellReport[] = [];
  let failure: CellFailure | undefined;
  const codeCells = executed.cells.flatMap((cell, index) => (cell.cell_type === 'code' ? [{ cell, index }] : []));
  // Output that trails a cell is collected while the next cell runs; every cell's is in before the end.
  const settling: Array<Promise<void>> = [];
  try {
    const kernel = await client.start();
    executed.metadata.language_info = kernel.languageInfo;
    for (const { cell, index } of codeCells) {
      const report = failure !== undefined && !options.allowErrors ? skip(cell, index) : await runCell(client, cell, index, options, settling);
      cells.push(report);
      options.onCell?.(report, codeCells.length);
      if (failure === undefined && isFailure(report.status)) failure = describeFailure(cell, index, report.status);
      if (report.status === 'died' && options.allowErrors) await client.restart();
    }
    await Promise.all(settling);
    // Output that came late may show that a cell failed after all (an error published after its idle status).
    const first = cells.find((report): report is CellReport & { status: CellFailure['status'] } => isFailure(report.status));
    if (first !== undefined) {
      failure = describeFailure(executed.cells[first.index] as CodeCell, first.index, first.status);
      if (!options.allowErrors) {
        for (const report of cells) if (report.index > first.index && report.status !== 'empty') Object.assign(report, skip(executed.cells[report.index] as CodeCell, report.index));
      }
    }
    return {
      notebook: executed,
      result: { ok: failure === undefined, kernel, cells, ...(failure ? { failure } : {}), durationMs: Date.now() - began },
    };
  } finally {
    await client.shutdown();
  }
}

async function runCell(client: KernelClient, cell: CodeCell, index: number, options: ExecuteNotebookOptions, settling: Array<Promise<void>>): Promise<CellReport> {
  const code = joinSource(cell.source);
  if (code.trim() === '') {
    cell.outputs = [];
    cell.execution_count = null;
    return { index, id: cell.id, status: 'empty', durationMs: 0, executionCount: null, notes: [] };
  }
  const result = await client.execute(code, { timeoutMs: options.cellTimeoutMs ?? 60_000, label: cellLabel(cell, index), settleInBackground: true });
  cell.outputs = result.outputs;
  cell.execution_count = result.executionCount;
  const report: CellReport = { index, id: cell.id, status: result.status, durationMs: result.durationMs, executionCount: result.executionCount, notes: result.notes };
  if (result.settled !== undefined) {
    settling.push(
      result.settled.then((final) => {
        cell.outputs = final.outputs;
        report.status = final.status;
        report.notes = final.notes;
      }),
    );
  }
  return report;
}

function skip(cell: CodeCell, index: number): CellReport {
  cell.outputs = [];
  cell.execution_count = null;
  return { index, id: cell.id, status: 'skipped', durationMs: 0, executionCount: null, notes: [] };
}

function describeFailure(cell: CodeCell, index: number, status: CellFailure['status']): CellFailure {
  const error = cell.outputs.findLast((output) => output.output_type === 'error');
  const line = findErrorLine(cell.outputs, cell.source);
  return {
    index,
    id: cell.id,
    status,
    ...(line === undefined ? {} : { line }),
    ename: error?.output_type === 'error' ? error.ename : 'Error',
    evalue: error?.output_type === 'error' ? error.evalue : 'the cell failed without an error message',
  };
}

function isFailure(status: CellReport['status']): status is CellFailure['status'] {
  return status === 'error' || status === 'timeout' || status === 'died';
}

/**
 * How messages name a cell: its 1-based position among all cells, and its id.
 *
 * @example
 * cellLabel(notebook.cells[2], 2); // 'cell 3 (id "tcp-server")'
 */
export function cellLabel(cell: { id: string }, index: number): string {
  return `cell ${index + 1} (id "${cell.id}")`;
}
