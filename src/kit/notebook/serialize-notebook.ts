import type { Notebook } from './nbformat.js';

/**
 * Serializes a notebook exactly as Jupyter (nbformat) writes one: keys sorted at every level, indent 1,
 * non-ASCII characters as they are, a final newline. Re-saving the file in Jupyter gives the same bytes.
 *
 * @example
 * await atomicWrite('notebooks/en/99-echo.ipynb', serializeNotebook(notebook));
 */
export function serializeNotebook(notebook: Notebook): string {
  return `${JSON.stringify(sortKeys(splitOutputs(notebook)), null, 1)}\n`;
}

/**
 * Stores multiline output text as a list of lines, as nbformat's writer does (`split_lines`): stream text,
 * and every string in a mime bundle except JSON types.
 */
function splitOutputs(notebook: Notebook): Notebook {
  const split = (text: unknown) => (typeof text === 'string' ? splitSourceLines(text) : text);
  const cells = notebook.cells.map((cell) => {
    if (cell.cell_type !== 'code') return cell;
    const outputs = cell.outputs.map((output) => {
      if (output.output_type === 'stream') return { ...output, text: split(output.text) as string[] };
      if (output.output_type === 'error') return output;
      const data = Object.fromEntries(Object.entries(output.data).map(([mime, value]) => [mime, isJsonMime(mime) ? value : split(value)]));
      return { ...output, data };
    });
    return { ...cell, outputs };
  });
  return { ...notebook, cells };
}

function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || mime.endsWith('+json');
}

/**
 * Splits text into nbformat's list of lines the way Python's `str.splitlines(True)` does, which is what
 * Jupyter stores: besides `\n` it also breaks after `\r`, `\v`, `\f`, `\x1c`–`\x1e`, `\x85`, `\u2028`
 * and `\u2029`.
 *
 * @example
 * splitSourceLines('a\nb'); // ['a\n', 'b']
 */
export function splitSourceLines(text: string): string[] {
  return text.match(/[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])|[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+$/g) ?? [];
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareCodePoints)) {
    const entry = (value as Record<string, unknown>)[key];
    // Python's json drops nothing, but JSON.stringify drops undefined: keep the two in step by skipping it here.
    if (entry !== undefined) sorted[key] = sortKeys(entry);
  }
  return sorted;
}

/** Python sorts keys by code point; JavaScript's default sort uses UTF-16 units, which differ above U+FFFF. */
function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a, (c) => c.codePointAt(0)!);
  const right = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i]! - right[i]!;
  }
  return left.length - right.length;
}
