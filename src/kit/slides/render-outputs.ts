import { joinSource, type Output } from '../notebook/nbformat.js';
import { stripAnsi } from '../strip-ansi.js';
import { escapeHtml } from './escape-html.js';

/** Options of {@link renderOutputs}. */
export interface RenderOutputsOptions {
  /**
   * Longest text output shown, in lines; longer text is cut and ends with a line saying how many lines
   * were left out (the notebook keeps all of it). @default 12
   */
  maxLines?: number;
  /** The line that ends a cut output. @default English: `… (N more lines in the notebook)` */
  moreLines?: (count: number) => string;
}

/**
 * The outputs of an executed code cell as HTML for a slide, in order. Text (streams, errors, `text/plain`)
 * is always escaped; SVG and HTML are shown as they are only when the cell displayed them on purpose (a
 * `display_data` or `execute_result` bundle with `image/svg+xml` or `text/html`); PNG and JPEG become images.
 *
 * @example
 * renderOutputs([{ output_type: 'stream', name: 'stdout', text: '<b>\n' }]);
 * // '<div class="outputs"><pre class="output stream">&lt;b&gt;</pre></div>\n'
 */
export function renderOutputs(outputs: readonly Output[], options: RenderOutputsOptions = {}): string {
  const cut: Cut = { maxLines: options.maxLines ?? 12, moreLines: options.moreLines ?? ((count) => `… (${count} more lines in the notebook)`) };
  const parts = mergeStreams(outputs).map((output) => renderOutput(output, cut)).filter((part) => part !== '');
  return parts.length === 0 ? '' : `<div class="outputs">${parts.join('')}</div>\n`;
}

interface Cut {
  maxLines: number;
  moreLines: (count: number) => string;
}

/** Consecutive writes to one stream read as one block, as Jupyter shows them. */
function mergeStreams(outputs: readonly Output[]): Output[] {
  const merged: Output[] = [];
  for (const output of outputs) {
    const last = merged.at(-1);
    if (output.output_type === 'stream' && last?.output_type === 'stream' && last.name === output.name) {
      merged[merged.length - 1] = { ...last, text: joinSource(last.text) + joinSource(output.text) };
    } else merged.push(output);
  }
  return merged;
}

function renderOutput(output: Output, cut: Cut): string {
  switch (output.output_type) {
    case 'stream':
      return textBlock(joinSource(output.text), output.name === 'stderr' ? 'output stderr' : 'output stream', cut);
    case 'error':
      return textBlock(`${output.ename}: ${output.evalue}`, 'output error', cut);
    case 'display_data':
    case 'execute_result':
      return renderBundle(output.data, cut);
  }
}

function renderBundle(data: Record<string, unknown>, cut: Cut): string {
  const text = (mime: string): string | undefined => {
    const value = data[mime];
    return typeof value === 'string' || Array.isArray(value) ? joinSource(value as string | string[]) : undefined;
  };
  const svg = text('image/svg+xml');
  if (svg !== undefined) return `<div class="output figure">${svg}</div>`;
  const html = text('text/html');
  if (html !== undefined) return `<div class="output html">${html}</div>`;
  for (const mime of ['image/png', 'image/jpeg']) {
    const image = text(mime);
    if (image !== undefined) return `<div class="output figure"><img alt="" src="data:${mime};base64,${image.replace(/\s/g, '')}"></div>`;
  }
  const plain = text('text/plain');
  return plain === undefined ? '' : textBlock(plain, 'output result', cut);
}

function textBlock(text: string, className: string, cut: Cut): string {
  const lines = stripAnsi(text).replace(/\n$/, '').split('\n');
  if (lines.length === 1 && lines[0] === '') return '';
  const { maxLines, moreLines } = cut;
  const shown = lines.length > maxLines ? [...lines.slice(0, maxLines - 1), moreLines(lines.length - maxLines + 1)] : lines;
  return `<pre class="${className}">${escapeHtml(shown.join('\n'))}</pre>`;
}
