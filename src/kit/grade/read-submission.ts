import { readFile, stat } from 'node:fs/promises';
import { type Bilingual, say } from '../lang.js';

/** One cell of a submitted notebook, read leniently: whatever Jupyter, VS Code or a text editor left. */
export interface SubmittedCell {
  /** 0-based position in the file. */
  index: number;
  /** `code`, `markdown`, `raw`, or whatever else the file says. */
  cellType: string;
  /** The nbformat 4.5 cell id, when there is one. */
  id: string | undefined;
  /** `metadata.nbgrader.grade_id`, when there is one. */
  gradeId: string | undefined;
  source: string;
}

/** A submission that could be read. */
export interface Submission {
  cells: SubmittedCell[];
  /** `metadata.kernelspec.name`. */
  kernelName: string | undefined;
  /** `metadata.socketbook.lang`, when socketbook made the notebook. */
  lang: string | undefined;
}

/** What reading a submission gives: the notebook, or why it cannot be graded at all. */
export type ReadSubmissionResult = { ok: true; submission: Submission } | { ok: false; reason: Bilingual };

/** Options of {@link readSubmission}. */
export interface ReadSubmissionOptions {
  /**
   * Larger files are not read (a notebook saved with megabytes of output).
   * @default 20_971_520 (20 MiB)
   */
  maxBytes?: number;
}

/**
 * Reads a submitted `.ipynb` without trusting it: invalid JSON, a file too large, missing fields or
 * strange cells give a reason instead of an exception.
 *
 * @example
 * const read = await readSubmission('subs/ana.ipynb');
 * if (!read.ok) console.log(read.reason.en);
 */
export async function readSubmission(path: string, options: ReadSubmissionOptions = {}): Promise<ReadSubmissionResult> {
  const maxBytes = options.maxBytes ?? 20_971_520;
  try {
    const { size } = await stat(path);
    if (size > maxBytes) {
      return fail(`The notebook file is ${size} bytes, more than the ${maxBytes} allowed; clear its outputs and submit again`,
        `El cuaderno ocupa ${size} bytes, más de los ${maxBytes} permitidos; borra sus salidas y entrégalo de nuevo`);
    }
    return parseSubmission(await readFile(path, 'utf8'));
  } catch (error) {
    const message = (error as Error).message;
    return fail(`Cannot read the notebook file: ${message}`, `No se puede leer el cuaderno: ${message}`);
  }
}

/**
 * Parses the text of a submitted notebook leniently (see {@link readSubmission}).
 *
 * @example
 * parseSubmission('{"cells": []}'); // { ok: true, submission: { cells: [], ... } }
 */
export function parseSubmission(text: string): ReadSubmissionResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    return fail(`The file is not valid JSON, so it is not a notebook (${message}). Save it again from Jupyter and submit it`,
      `El archivo no es JSON válido, así que no es un cuaderno (${message}). Guárdalo de nuevo desde Jupyter y entrégalo`);
  }
  if (!isObject(data) || !Array.isArray(data.cells)) {
    return fail("The file is JSON but not a notebook: it has no 'cells' list", "El archivo es JSON pero no un cuaderno: no tiene lista 'cells'");
  }
  const metadata = isObject(data.metadata) ? data.metadata : {};
  const kernelspec = isObject(metadata.kernelspec) ? metadata.kernelspec : {};
  const socketbook = isObject(metadata.socketbook) ? metadata.socketbook : {};
  const cells: SubmittedCell[] = [];
  data.cells.forEach((cell: unknown, index: number) => {
    if (!isObject(cell)) return;
    const nbgrader = isObject(cell.metadata) && isObject(cell.metadata.nbgrader) ? cell.metadata.nbgrader : {};
    cells.push({
      index,
      cellType: typeof cell.cell_type === 'string' ? cell.cell_type : 'unknown',
      id: typeof cell.id === 'string' ? cell.id : undefined,
      gradeId: typeof nbgrader.grade_id === 'string' ? nbgrader.grade_id : undefined,
      source: sourceText(cell.source),
    });
  });
  return {
    ok: true,
    submission: {
      cells,
      kernelName: typeof kernelspec.name === 'string' ? kernelspec.name : undefined,
      lang: typeof socketbook.lang === 'string' ? socketbook.lang : undefined,
    },
  };
}

function sourceText(source: unknown): string {
  if (typeof source === 'string') return source;
  if (Array.isArray(source)) return source.filter((line): line is string => typeof line === 'string').join('');
  return '';
}

function fail(en: string, es: string): ReadSubmissionResult {
  return { ok: false, reason: say(en, es) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
