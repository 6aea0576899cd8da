import { Buffer } from 'node:buffer';
import { ByteQueue } from './byte-queue.js';
import type { ByteWriter } from './byte-writer.js';
import { SocketbookError } from './errors.js';

/**
 * A line is longer than the limit. Thrown as soon as the decoder holds more bytes than a line may have
 * without seeing the delimiter, so a peer that never sends one cannot fill our memory.
 *
 * @example
 * try { decoder.push(chunk); }
 * catch (error) { if (error instanceof LineTooLongError) socket.destroy(); }
 */
export class LineTooLongError extends SocketbookError {
  readonly limit: number;

  constructor(action: string, length: number, limit: number) {
    super(
      'ERR_LINE_TOO_LONG',
      `Cannot ${action}: line of at least ${length} bytes exceeds limit ${limit}; raise maxLineBytes or check the peer sends line ends`,
    );
    this.limit = limit;
  }
}

/**
 * The text given to {@link encodeLine} contains the delimiter, so it would arrive as several lines.
 *
 * @example
 * try { encodeLine('two\nlines'); } catch (error) { console.log((error as InvalidLineError).code); }
 */
export class InvalidLineError extends SocketbookError {
  constructor(message: string) {
    super('ERR_INVALID_LINE', message);
  }
}

/**
 * Encodes one line of text as UTF-8 followed by the delimiter.
 *
 * @example
 * socket.write(encodeLine('HELLO ana')); // bytes of 'HELLO ana\n'
 */
export function encodeLine(text: string, delimiter = '\n'): Buffer {
  checkLine(text, delimiter);
  return Buffer.from(text + delimiter, 'utf8');
}

/**
 * Appends one line to `writer`: the bytes {@link encodeLine} returns, without a Buffer of their own, so
 * many lines sent together cost one allocation. Returns how many bytes it wrote.
 *
 * @example
 * const writer = new ByteWriter();
 * for (const name of names) writeLine(writer, `HELLO ${name}`);
 * socket.write(writer.takeAll());
 */
export function writeLine(writer: ByteWriter, text: string, delimiter = '\n'): number {
  checkLine(text, delimiter);
  const before = writer.length;
  writer.writeString(text);
  writer.writeString(delimiter);
  return writer.length - before;
}

function checkLine(text: string, delimiter: string): void {
  const position = text.indexOf(delimiter);
  if (position >= 0) {
    throw new InvalidLineError(
      `Cannot encode line: text contains the delimiter ${JSON.stringify(delimiter)} at index ${position}; send it as separate lines`,
    );
  }
}

/**
 * Options of {@link LineDecoder}.
 *
 * @example
 * new LineDecoder({ maxLineBytes: 1024, delimiter: '\r\n' });
 */
export interface LineDecoderOptions {
  /**
   * The longest line accepted, in bytes, not counting the delimiter.
   * @default 64 KiB (65_536)
   */
  maxLineBytes?: number;
  /**
   * What ends a line. With `'\n'`, a `'\r'` before it is removed too, so `\r\n` lines work.
   * @default '\n'
   */
  delimiter?: string;
}

/**
 * Splits a byte stream into lines of text. Bytes wait in a queue until their line is complete and are
 * decoded as UTF-8 only then, so a character cut between two chunks (á, ñ, €) still decodes right.
 *
 * @example
 * const decoder = new LineDecoder();
 * decoder.push(Buffer.from('hola\r\nmun'));     // ['hola']
 * decoder.push(Buffer.from('do\n'));            // ['mundo']
 */
export class LineDecoder {
  readonly maxLineBytes: number;
  readonly delimiter: string;
  #delimiterBytes: Buffer;
  #queue = new ByteQueue();
  /** Queue bytes before this position were searched already and hold no delimiter start. */
  #searchedUpTo = 0;

  constructor(options: LineDecoderOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? 64 * 1024;
    this.delimiter = options.delimiter ?? '\n';
    this.#delimiterBytes = Buffer.from(this.delimiter, 'utf8');
    if (this.#delimiterBytes.length === 0) {
      throw new InvalidLineError('Cannot create line decoder: the delimiter is empty; use e.g. "\\n"');
    }
  }

  /** How many received bytes are waiting for the end of their line. */
  get bufferedBytes(): number {
    return this.#queue.length;
  }

  /** Adds received bytes and returns every line they complete (maybe none), without delimiters. */
  push(chunk: Uint8Array): string[] {
    const lines: string[] = [];
    this.pushEach(chunk, (line) => lines.push(line));
    return lines;
  }

  /**
   * Like {@link push}, but calls `onLine` with each complete line, in order, instead of collecting them
   * in an array. If `onLine` throws, the lines after it stay queued for the next push.
   *
   * @example
   * socket.on('data', (chunk) => decoder.pushEach(chunk, (line) => console.log(line)));
   */
  pushEach(chunk: Uint8Array, onLine: (line: string) => void): void {
    this.#queue.push(chunk);
    for (;;) {
      const end = this.#queue.indexOf(this.#delimiterBytes, this.#searchedUpTo);
      if (end < 0) break;
      this.#checkLength(end);
      const line = this.#decode(this.#queue.take(end));
      this.#queue.skip(this.#delimiterBytes.length);
      this.#searchedUpTo = 0;
      onLine(line);
    }
    // A delimiter may begin in the last few bytes and end in the next chunk: search those again.
    this.#searchedUpTo = Math.max(0, this.#queue.length - this.#delimiterBytes.length + 1);
    this.#checkLength(this.#searchedUpTo);
  }

  #checkLength(lineBytes: number): void {
    if (lineBytes > this.maxLineBytes) {
      throw new LineTooLongError('decode line', lineBytes, this.maxLineBytes);
    }
  }

  #decode(bytes: Buffer): string {
    const text = bytes.toString('utf8');
    return this.delimiter === '\n' && text.endsWith('\r') ? text.slice(0, -1) : text;
  }
}
