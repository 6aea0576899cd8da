import { readFile } from 'node:fs/promises';
import { CELL_ID_PATTERN } from '../lesson/directive.js';
import type { Notebook } from './nbformat.js';
import { NotebookError } from './notebook-error.js';

/**
 * Reads and checks a `.ipynb` file. Throws a {@link NotebookError} naming the file and, for bad JSON,
 * the byte offset and line:column; for a bad notebook, the cell and the field at fault.
 *
 * @example
 * const notebook = await readNotebook('notebooks/en/99-echo.ipynb');
 */
export async function readNotebook(path: string): Promise<Notebook> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new NotebookError('ERR_NOTEBOOK_READ', path, `Cannot read notebook ${path}`, { cause: error });
  }
  return parseNotebook(text, path);
}

/**
 * Parses and checks the text of a `.ipynb` file (`file` is only used in messages).
 *
 * @example
 * parseNotebook('{"nbformat": 4}', 'x.ipynb'); // throws: Cannot read notebook x.ipynb: 'nbformat_minor' …
 */
export function parseNotebook(text: string, file: string): Notebook {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const offset = position ? Number(position[1]) : text.length;
    const before = text.slice(0, offset).split('\n');
    const where = `byte ${Buffer.byteLength(text.slice(0, offset))}, line ${before.length}:${before.at(-1)!.length + 1}`;
    throw new NotebookError('ERR_NOTEBOOK_NOT_JSON', file,
      `Cannot read notebook ${file}: not valid JSON at ${where} (${(error as Error).message}). Restore the file from git or re-export it`,
      { cause: error });
  }
  checkNotebook(data, file);
  return data;
}

function checkNotebook(data: unknown, file: string): asserts data is Notebook {
  const fail = (what: string): never => {
    throw new NotebookError('ERR_NOTEBOOK_INVALID', file, `Cannot read notebook ${file}: ${what}`);
  };
  if (!isObject(data)) return fail('the file is not a JSON object');
  if (data.nbformat !== 4) fail(`nbformat is ${JSON.stringify(data.nbformat)}, expected 4. Open and save it with Jupyter 4.5 or later`);
  if (typeof data.nbformat_minor !== 'number' || data.nbformat_minor < 5) {
    fail(`nbformat_minor is ${JSON.stringify(data.nbformat_minor)}, expected 5 or more (cell ids need nbformat 4.5)`);
  }
  if (!isObject(data.metadata)) fail("'metadata' is missing or not an object");
  if (!Array.isArray(data.cells)) return fail("'cells' is missing or not a list");
  const seen = new Set<string>();
  data.cells.forEach((cell: unknown, index: number) => {
    const name = `cell ${index + 1}`;
    if (!isObject(cell)) return fail(`${name} is not an object`);
    const label = typeof cell.id === 'string' ? `${name} (id '${cell.id}')` : name;
    if (cell.cell_type !== 'markdown' && cell.cell_type !== 'code' && cell.cell_type !== 'raw') {
      fail(`${label} has cell_type ${JSON.stringify(cell.cell_type)}, expected markdown, code or raw`);
    }
    if (typeof cell.id !== 'string' || !CELL_ID_PATTERN.test(cell.id)) {
      fail(`${label} has a missing or bad id ${JSON.stringify(cell.id)}: use 1 to 64 letters, digits, - or _`);
    }
    if (seen.has(cell.id as string)) fail(`${label} repeats an id used by an earlier cell`);
    seen.add(cell.id as string);
    if (!isObject(cell.metadata)) fail(`${label} has no 'metadata' object`);
    const source = cell.source;
    if (typeof source !== 'string' && !(Array.isArray(source) && source.every((line) => typeof line === 'string'))) {
      fail(`${label} has a 'source' that is neither a string nor a list of strings`);
    }
    if (cell.cell_type === 'code') {
      if (!Array.isArray(cell.outputs)) fail(`${label} is a code cell without an 'outputs' list`);
      if (cell.execution_count !== null && typeof cell.execution_count !== 'number') {
        fail(`${label} has an execution_count that is neither null nor a number`);
      }
    }
    return undefined;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
