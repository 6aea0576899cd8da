import { type ErrorOutput, joinSource, type Output } from '../notebook/nbformat.js';
import { stripAnsi } from '../strip-ansi.js';

/**
 * Builds the error output of a failed cell whose kernel sent none. tslab is such a kernel: it prints type
 * errors ("1:5 - Type 'string' is not assignable to type 'number'.") and thrown errors (their stack) on
 * stderr and answers `status: error`, so the name and message are read from the cell's stderr. The
 * traceback is one line: the full text is already in the stderr output above it.
 *
 * @example
 * synthesizeError([{ output_type: 'stream', name: 'stderr', text: 'Error: boom\n    at …' }], { status: 'error' });
 * // { output_type: 'error', ename: 'Error', evalue: 'boom', traceback: ['Error: boom'] }
 */
export function synthesizeError(outputs: readonly Output[], reply: Record<string, unknown>): ErrorOutput {
  if (typeof reply['ename'] === 'string') {
    return {
      output_type: 'error',
      ename: reply['ename'],
      evalue: String(reply['evalue'] ?? ''),
      traceback: Array.isArray(reply['traceback']) ? reply['traceback'].map(String) : [],
    };
  }
  const lines = stripAnsi(stderrText(outputs)).split('\n');
  const diagnostic = lines.find((line) => DIAGNOSTIC.test(line));
  let ename = 'Error';
  const status = typeof reply['status'] === 'string' ? reply['status'] : 'no reply';
  let evalue = lines.find((line) => line.trim() !== '')?.trim() ?? `the kernel reported an error without a message (execute_reply status: ${status})`;
  if (diagnostic !== undefined) {
    ename = 'TSError';
    evalue = diagnostic.trim();
  } else {
    const thrown = lines.map((line) => THROWN.exec(line)).find((match) => match !== null);
    if (thrown) [, ename = 'Error', evalue = ''] = thrown;
  }
  return { output_type: 'error', ename, evalue, traceback: [`${ename}: ${evalue}`] };
}

/**
 * Finds the line (1-based, in the cell's own source) where a failed cell went wrong, from what the
 * kernel printed: a tslab diagnostic `3:7 - …`, a Deno frame `at <anonymous>:3:7`, or the source line
 * that tslab quotes under `evalmachine.<anonymous>:N` (its N counts lines of compiled JavaScript, so the
 * quoted text is looked up in the source instead). Returns undefined when nothing says.
 *
 * @example
 * findErrorLine(result.outputs, 'const a = 1;\nthrow new Error("boom");'); // 2
 */
export function findErrorLine(outputs: readonly Output[], source: string | string[]): number | undefined {
  const sourceLines = joinSource(source).split('\n');
  const errors = outputs.filter((output): output is ErrorOutput => output.output_type === 'error');
  const texts = [
    ...errors.map((error) => `${error.ename}: ${error.evalue}\n${error.traceback.join('\n')}`),
    stderrText(outputs),
  ].map(stripAnsi);
  for (const text of texts) {
    const lines = text.split('\n');
    const diagnostic = lines.map((line) => DIAGNOSTIC.exec(line)).find((match) => match !== null && match[1] === undefined);
    if (diagnostic) return inRange(Number(diagnostic[2]), sourceLines.length);
    const frame = /\bat <anonymous>:(\d+):\d+/.exec(text);
    if (frame) return inRange(Number(frame[1]), sourceLines.length);
    const quoted = lines.findIndex((line) => /^evalmachine\.<anonymous>:\d+$/.test(line.trim()));
    if (quoted >= 0) {
      const line = findQuotedLine(sourceLines, lines[quoted + 1] ?? '');
      if (line !== undefined) return line;
    }
  }
  return undefined;
}

/**
 * An error output written by socketbook itself (a timeout, a dead kernel, refused input).
 *
 * @example
 * socketbookError('CellTimeoutError', 'Cannot finish cell 3: it ran longer than 30 s');
 */
export function socketbookError(ename: string, evalue: string): ErrorOutput {
  return { output_type: 'error', ename, evalue, traceback: [`${ename}: ${evalue}`] };
}

/** `FILE? LINE:COLUMN - MESSAGE`, as tslab prints TypeScript diagnostics (FILE only for other modules). */
const DIAGNOSTIC = /^(?:(\S+) )?(\d+):(\d+) - (.+)$/;
/** `Name: message` at the start of a printed stack: `Error: boom`, `TypeError [ERR_X]: bad`. */
const THROWN = /^([A-Za-z_$][\w$]*)(?: \[[\w$]+\])?: (.*)$/;

function stderrText(outputs: readonly Output[]): string {
  return outputs
    .map((output) => (output.output_type === 'stream' && output.name === 'stderr' ? joinSource(output.text) : ''))
    .join('');
}

function findQuotedLine(sourceLines: readonly string[], quoted: string): number | undefined {
  const wanted = normalize(quoted);
  if (wanted === '') return undefined;
  const matches = sourceLines.flatMap((line, index) => (normalize(line) === wanted ? [index + 1] : []));
  // Only an unambiguous match is an answer: the compiled line may differ from the TypeScript one.
  return matches.length === 1 ? matches[0] : undefined;
}

function normalize(line: string): string {
  return line.trim().replace(/;$/, '');
}

function inRange(line: number, lineCount: number): number | undefined {
  return line >= 1 && line <= lineCount ? line : undefined;
}
