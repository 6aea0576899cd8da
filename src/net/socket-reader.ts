import type { Duplex } from 'node:stream';
import { ByteQueue } from './byte-queue.js';
import { SocketClosedError, TimeoutError } from './common-errors.js';
import { SocketbookError } from './errors.js';
import { LineTooLongError } from './line-codec.js';

/**
 * The peer closed (or reset) the connection before a read could finish. The bytes that did arrive stay
 * in the reader: `reader.read()` returns them.
 *
 * @example
 * try { await reader.readExactly(4); }
 * catch (error) { if (error instanceof PeerClosedError) console.log(error.message); }
 */
export class PeerClosedError extends SocketbookError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_PEER_CLOSED', message, options);
  }
}

/**
 * A read asked for more bytes than its limit allows.
 *
 * @example
 * try { await reader.readUntilClose({ maxBytes: 1024 }); }
 * catch (error) { if (error instanceof ReadLimitError) console.log('too much data'); }
 */
export class ReadLimitError extends SocketbookError {
  constructor(message: string) {
    super('ERR_READ_LIMIT', message);
  }
}

/**
 * A read was started while the previous one on the same reader was still waiting.
 *
 * @example
 * const first = reader.readLine();
 * await reader.readLine(); // rejects with ReaderBusyError: await `first` before reading again
 */
export class ReaderBusyError extends SocketbookError {
  constructor(message: string) {
    super('ERR_READER_BUSY', message);
  }
}

/**
 * Options of {@link createReader}.
 *
 * @example
 * createReader(socket, { maxBufferBytes: 1024 * 1024 });
 */
export interface SocketReaderOptions {
  /**
   * How many unread bytes the reader keeps before it pauses the socket (TCP flow control then slows the
   * sender down); also the most one read may return.
   * @default 16 MiB (16_777_216)
   */
  maxBufferBytes?: number;
}

/**
 * Options of every read.
 *
 * @example
 * await reader.readExactly(4, { timeoutMs: 2000 });
 */
export interface ReadOptions {
  /**
   * Give up after this many milliseconds: the read rejects with {@link TimeoutError} and the socket is
   * destroyed. Without it, the read waits as long as the connection is open.
   * @default undefined (no timeout)
   */
  timeoutMs?: number;
}

/**
 * Options of {@link SocketReader.readLine}.
 *
 * @example
 * await reader.readLine({ maxBytes: 256, timeoutMs: 5000 });
 */
export interface ReadLineOptions extends ReadOptions {
  /**
   * The longest line accepted, in bytes before the `'\n'`.
   * @default 64 KiB (65_536)
   */
  maxBytes?: number;
}

/**
 * Options of {@link SocketReader.readUntilClose}.
 *
 * @example
 * const page = await reader.readUntilClose({ maxBytes: 1024 * 1024 });
 */
export interface ReadUntilCloseOptions extends ReadOptions {
  /**
   * The most bytes accepted before the peer closes.
   * @default the reader's maxBufferBytes
   */
  maxBytes?: number;
}

/**
 * Reads from a socket with `await`, as TCP's byte stream requires. Bytes left over are kept for the next read.
 *
 * @example
 * const reader: SocketReader = createReader(socket);
 * const length = (await reader.readExactly(4)).readUInt32BE(0);
 * const body = await reader.readExactly(length);
 */
export interface SocketReader {
  /** Exactly `count` bytes; rejects with {@link PeerClosedError} if the peer ends first. */
  readExactly(count: number, options?: ReadOptions): Promise<Buffer>;
  /** The next line without its `\n` (or `\r\n`), decoded as UTF-8; an unterminated last line; then null. */
  readLine(options?: ReadLineOptions): Promise<string | null>;
  /** Everything until the peer closes its side. */
  readUntilClose(options?: ReadUntilCloseOptions): Promise<Buffer>;
  /** Whatever bytes are available (waiting for at least one), or null once the peer has closed. */
  read(options?: ReadOptions): Promise<Buffer | null>;
  /** Bytes received but not yet read. */
  readonly bufferedBytes: number;
}

const NEWLINE = Buffer.from('\n');

/**
 * Wraps a connected socket so it can be read with `await`: by count, by line, or until the peer closes.
 * Do not also call `socket.setEncoding()`, or add your own `'data'` listener: the reader owns the bytes.
 *
 * @example
 * const socket = await connect({ port });
 * const reader = createReader(socket);
 * const greeting = await reader.readLine({ timeoutMs: 5000 });
 * const header = await reader.readExactly(4);
 */
export function createReader(socket: Duplex, options: SocketReaderOptions = {}): SocketReader {
  return new Reader(socket, options.maxBufferBytes ?? 16 * 1024 * 1024);
}

type StreamState = 'open' | 'peer-ended' | 'broken' | 'closed';

class Reader implements SocketReader {
  readonly #socket: Duplex;
  readonly #maxBufferBytes: number;
  readonly #queue = new ByteQueue();
  #state: StreamState = 'open';
  #failure: Error | undefined;
  #wakeUp: (() => void) | undefined;
  #busy = false;

  constructor(socket: Duplex, maxBufferBytes: number) {
    this.#socket = socket;
    this.#maxBufferBytes = maxBufferBytes;
    if (socket.readableEnded) this.#state = 'peer-ended';
    else if (socket.destroyed) this.#state = 'closed';
    socket.on('data', (chunk: Buffer | string) => this.#onData(chunk));
    socket.on('end', () => this.#onEnd('peer-ended'));
    socket.on('error', (error: Error) => {
      this.#failure = error;
      this.#onEnd('broken');
    });
    socket.on('close', () => this.#onEnd('closed'));
  }

  get bufferedBytes(): number {
    return this.#queue.length;
  }

  readExactly(count: number, options: ReadOptions = {}): Promise<Buffer> {
    const what = `read ${count} bytes`;
    return this.#whenReady(what, count, options.timeoutMs, () => {
      if (this.#queue.length >= count) return this.#queue.take(count);
      if (this.#state === 'open') return undefined;
      throw this.#endedError(what, `${this.#queue.length} of ${count} bytes arrived`);
    });
  }

  readLine(options: ReadLineOptions = {}): Promise<string | null> {
    const maxBytes = options.maxBytes ?? 64 * 1024;
    return this.#whenReady('read line', maxBytes, options.timeoutMs, () => {
      const end = this.#queue.indexOf(NEWLINE);
      const lineBytes = end >= 0 ? end : this.#queue.length;
      if (lineBytes > maxBytes) throw new LineTooLongError('read line', lineBytes, maxBytes);
      if (end >= 0) return decodeLine(this.#queue.take(end + 1));
      if (this.#state === 'open') return undefined;
      if (this.#state === 'peer-ended') return this.#queue.length > 0 ? decodeLine(this.#queue.takeAll()) : null;
      throw this.#endedError('read line', `${this.#queue.length} bytes of an unfinished line`);
    });
  }

  readUntilClose(options: ReadUntilCloseOptions = {}): Promise<Buffer> {
    const maxBytes = options.maxBytes ?? this.#maxBufferBytes;
    const what = 'read until close';
    return this.#whenReady(what, maxBytes, options.timeoutMs, () => {
      if (this.#queue.length > maxBytes) {
        throw new ReadLimitError(`Cannot ${what}: more than ${maxBytes} bytes arrived; raise maxBytes`);
      }
      if (this.#state === 'open') return undefined;
      if (this.#state === 'peer-ended') return this.#queue.takeAll();
      throw this.#endedError(what, `${this.#queue.length} bytes arrived`);
    });
  }

  read(options: ReadOptions = {}): Promise<Buffer | null> {
    return this.#whenReady('read', 0, options.timeoutMs, () => {
      if (this.#queue.length > 0) return this.#queue.takeAll();
      return this.#state === 'open' ? undefined : null;
    });
  }

  /** Runs `attempt` whenever something happens on the socket, until it returns a result or throws. */
  async #whenReady<T>(
    what: string,
    bytesNeeded: number,
    timeoutMs: number | undefined,
    attempt: () => T | undefined,
  ): Promise<T> {
    if (bytesNeeded > this.#maxBufferBytes) {
      throw new ReadLimitError(
        `Cannot ${what}: ${bytesNeeded} bytes exceeds the reader's maxBufferBytes ${this.#maxBufferBytes}; create the reader with a larger maxBufferBytes`,
      );
    }
    if (this.#busy) {
      throw new ReaderBusyError(`Cannot ${what}: the previous read on this reader has not finished; await it first`);
    }
    this.#busy = true;
    let timedOut = false;
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      this.#wake();
    }, timeoutMs);
    try {
      for (;;) {
        const result = attempt();
        this.#resumeIfRoom();
        if (result !== undefined) return result;
        if (timedOut) {
          this.#socket.destroy();
          throw new TimeoutError(
            `Cannot ${what}: not done within ${timeoutMs} ms (${this.#queue.length} bytes waiting); the socket is now closed`,
          );
        }
        await new Promise<void>((resolve) => (this.#wakeUp = resolve));
      }
    } finally {
      clearTimeout(timer);
      this.#busy = false;
    }
  }

  #endedError(what: string, progress: string): Error {
    if (this.#state === 'closed') {
      return new SocketClosedError(`Cannot ${what}: the socket was closed after ${progress}`);
    }
    const how = this.#state === 'broken'
      ? `the connection broke (${errorCode(this.#failure)})`
      : 'the peer closed the connection';
    return new PeerClosedError(`Cannot ${what}: ${how} after ${progress}`, { cause: this.#failure });
  }

  #onData(chunk: Buffer | string): void {
    this.#queue.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    // Strictly more than the limit, so a read of exactly maxBufferBytes can still see the end.
    if (this.#queue.length > this.#maxBufferBytes) this.#socket.pause();
    this.#wake();
  }

  #onEnd(state: StreamState): void {
    if (this.#state === 'open') this.#state = state;
    this.#wake();
  }

  #resumeIfRoom(): void {
    if (this.#queue.length <= this.#maxBufferBytes && this.#socket.isPaused()) this.#socket.resume();
  }

  #wake(): void {
    const wakeUp = this.#wakeUp;
    this.#wakeUp = undefined;
    wakeUp?.();
  }
}

function decodeLine(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  const withoutNewline = text.endsWith('\n') ? text.slice(0, -1) : text;
  return withoutNewline.endsWith('\r') ? withoutNewline.slice(0, -1) : withoutNewline;
}

function errorCode(error: Error | undefined): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? error?.message ?? 'unknown error';
}
