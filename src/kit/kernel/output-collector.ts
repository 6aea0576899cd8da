import { stripAnsi } from '../strip-ansi.js';
import type { Output, StreamOutput } from '../notebook/nbformat.js';

/** Options of {@link OutputCollector}. */
export interface OutputCollectorOptions {
  /** Bytes of output kept per cell (stream text, plus the JSON of rich data); the rest is counted and dropped. @default 1_048_576 */
  maxBytes?: number;
  /** Strip ANSI colour escapes from `text/plain` of `execute_result` (Deno colours them). @default true */
  stripResultAnsi?: boolean;
}

/** Default per-cell output budget: 1 MiB. */
export const DEFAULT_MAX_OUTPUT_BYTES = 1_048_576;

/**
 * Builds a cell's `outputs` from iopub messages the way Jupyter does: consecutive stream messages of the
 * same name are merged, `clear_output` clears (at once, or before the next output when `wait` is set),
 * `update_display_data` rewrites earlier displays with the same `display_id`. Past `maxBytes` the output
 * is cut and a note "[output truncated by socketbook: N bytes omitted]" ends the cell's output.
 *
 * @example
 * const collector = new OutputCollector();
 * collector.add('stream', { name: 'stdout', text: 'hi\n' });
 * collector.outputs(); // [{ output_type: 'stream', name: 'stdout', text: 'hi\n' }]
 */
export class OutputCollector {
  readonly #maxBytes: number;
  readonly #stripResultAnsi: boolean;
  #outputs: Output[] = [];
  #displayIds = new Map<string, number[]>();
  #keptBytes = 0;
  #omittedBytes = 0;
  #clearOnNext = false;

  constructor(options: OutputCollectorOptions = {}) {
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    this.#stripResultAnsi = options.stripResultAnsi ?? true;
  }

  /** Bytes dropped because the budget was spent. */
  get omittedBytes(): number {
    return this.#omittedBytes;
  }

  /** Feeds one iopub message; message types that carry no output are ignored. */
  add(msgType: string, content: Record<string, unknown>): void {
    switch (msgType) {
      case 'stream':
        return this.#addStream(content['name'] === 'stderr' ? 'stderr' : 'stdout', String(content['text'] ?? ''));
      case 'display_data':
      case 'execute_result':
        return this.#addRich(msgType, content);
      case 'update_display_data':
        return this.#updateDisplay(content);
      case 'error':
        this.#beforeOutput();
        this.#outputs.push({
          output_type: 'error',
          ename: String(content['ename'] ?? 'Error'),
          evalue: String(content['evalue'] ?? ''),
          traceback: Array.isArray(content['traceback']) ? content['traceback'].map(String) : [],
        });
        return;
      case 'clear_output':
        if (content['wait'] === true) this.#clearOnNext = true;
        else this.#clear();
        return;
      default:
        return;
    }
  }

  /** Adds an output socketbook itself produced (an error for a timeout, say); never cut. */
  push(output: Output): void {
    this.#beforeOutput();
    this.#outputs.push(output);
  }

  /** The outputs so far, ending with the truncation note when something was dropped. */
  outputs(): Output[] {
    const outputs = this.#outputs.map((output) => ({ ...output }));
    if (this.#omittedBytes > 0) {
      appendStream(outputs, 'stderr', `\n[output truncated by socketbook: ${this.#omittedBytes} bytes omitted]\n`);
    }
    return outputs;
  }

  #addStream(name: StreamOutput['name'], text: string): void {
    this.#beforeOutput();
    const bytes = Buffer.byteLength(text);
    const room = this.#maxBytes - this.#keptBytes;
    if (bytes <= room) {
      this.#keptBytes += bytes;
      appendStream(this.#outputs, name, text);
      return;
    }
    const kept = utf8Prefix(text, Math.max(room, 0));
    const keptBytes = Buffer.byteLength(kept);
    this.#keptBytes += keptBytes;
    this.#omittedBytes += bytes - keptBytes;
    if (kept !== '') appendStream(this.#outputs, name, kept);
  }

  #addRich(type: 'display_data' | 'execute_result', content: Record<string, unknown>): void {
    this.#beforeOutput();
    const data = { ...(content['data'] as Record<string, unknown> | undefined) };
    const bytes = Buffer.byteLength(JSON.stringify(data));
    if (bytes > this.#maxBytes - this.#keptBytes) {
      this.#omittedBytes += bytes;
      return;
    }
    this.#keptBytes += bytes;
    if (type === 'execute_result' && this.#stripResultAnsi && typeof data['text/plain'] === 'string') {
      data['text/plain'] = stripAnsi(data['text/plain']);
    }
    const metadata = (content['metadata'] as Record<string, unknown> | undefined) ?? {};
    const displayId = (content['transient'] as { display_id?: unknown } | undefined)?.display_id;
    if (typeof displayId === 'string') {
      this.#displayIds.set(displayId, [...(this.#displayIds.get(displayId) ?? []), this.#outputs.length]);
    }
    this.#outputs.push(
      type === 'execute_result'
        ? { output_type: 'execute_result', execution_count: numberOrNull(content['execution_count']), data, metadata }
        : { output_type: 'display_data', data, metadata },
    );
  }

  #updateDisplay(content: Record<string, unknown>): void {
    const displayId = (content['transient'] as { display_id?: unknown } | undefined)?.display_id;
    if (typeof displayId !== 'string') return;
    for (const index of this.#displayIds.get(displayId) ?? []) {
      const output = this.#outputs[index];
      if (output?.output_type !== 'display_data' && output?.output_type !== 'execute_result') continue;
      output.data = { ...(content['data'] as Record<string, unknown> | undefined) };
      output.metadata = (content['metadata'] as Record<string, unknown> | undefined) ?? {};
    }
  }

  #beforeOutput(): void {
    if (this.#clearOnNext) this.#clear();
  }

  #clear(): void {
    this.#outputs = [];
    this.#displayIds.clear();
    this.#keptBytes = 0;
    this.#clearOnNext = false;
  }
}


function appendStream(outputs: Output[], name: StreamOutput['name'], text: string): void {
  const last = outputs.at(-1);
  if (last?.output_type === 'stream' && last.name === name) {
    last.text = (Array.isArray(last.text) ? last.text.join('') : last.text) + text;
  } else {
    outputs.push({ output_type: 'stream', name, text });
  }
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8, never splitting a character. */
function utf8Prefix(text: string, maxBytes: number): string {
  // A streaming decode holds back an incomplete trailing sequence instead of emitting U+FFFD.
  return new TextDecoder().decode(Buffer.from(text).subarray(0, maxBytes), { stream: true });
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}
