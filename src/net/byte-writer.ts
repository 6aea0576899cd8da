import { Buffer } from 'node:buffer';

/** The smallest buffer a batch starts with; a few small replies fit in it. */
const MIN_FIRST_CAPACITY = 256;
/** The largest buffer a batch starts with, however big the last one was. */
const MAX_FIRST_CAPACITY = 64 * 1024;
/** What a writer holds before its first write and after each takeAll(). Never written to. */
const EMPTY = Buffer.alloc(0);

/**
 * Bytes appended one piece after another into one growing buffer, the sending twin of `ByteQueue`.
 * A server answering a chunk of many small messages writes every reply here and sends them with one
 * `socket.write`: one allocation for the batch instead of a Buffer per reply plus a concatenation.
 * Each piece is copied in as it is written, so the caller may change or reuse its buffer at once.
 *
 * @example
 * const writer = new ByteWriter();
 * writer.writeUInt32BE(2);
 * writer.write(Buffer.from('hi'));
 * writer.takeAll(); // <Buffer 00 00 00 02 68 69>
 */
export class ByteWriter {
  /** Bytes written so far are `#buffer[0, #length)`; the rest is room for more. */
  #buffer = EMPTY;
  #length = 0;
  /** How many bytes the last batch held, so the next buffer can start that big. */
  #lastBatchBytes = 0;

  /** How many bytes are written and not yet taken. */
  get length(): number {
    return this.#length;
  }

  /**
   * Makes room for `count` more bytes at once, for a caller that knows how many it is about to write (a
   * frame's header and payload). A batch that starts with it, no bigger than the last batch, gets a
   * buffer of exactly that size: a batch of one reply, as an echo answers a message, then costs one
   * small allocation and leaves without a view cut from a bigger buffer.
   */
  reserve(count: number): void {
    if (this.#buffer === EMPTY && count >= this.#lastBatchBytes) {
      this.#buffer = Buffer.allocUnsafe(count);
      return;
    }
    this.#makeRoom(count);
  }

  /** Appends a copy of `bytes`. */
  write(bytes: Uint8Array): void {
    this.#makeRoom(bytes.length);
    this.#buffer.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  /** Appends `value` as 4 big-endian bytes, as a length prefix is written. */
  writeUInt32BE(value: number): void {
    this.#makeRoom(4);
    this.#buffer.writeUInt32BE(value, this.#length);
    this.#length += 4;
  }

  /** Appends `text` encoded as UTF-8. */
  writeString(text: string): void {
    this.#makeRoom(Buffer.byteLength(text, 'utf8'));
    this.#length += this.#buffer.write(text, this.#length, 'utf8');
  }

  /**
   * Removes and returns everything written, and lets go of the buffer: the caller may keep the result
   * (a socket does, until the bytes are sent), and the next write starts a new buffer.
   */
  takeAll(): Buffer {
    const written = this.#length === this.#buffer.length ? this.#buffer : this.#buffer.subarray(0, this.#length);
    this.#lastBatchBytes = this.#length;
    this.#buffer = EMPTY;
    this.#length = 0;
    return written;
  }

  #makeRoom(count: number): void {
    const needed = this.#length + count;
    if (needed <= this.#buffer.length) return;
    // A batch's first buffer is the last batch's size rounded up to a power of two (within limits), so
    // batches alike, an echo's say, fit at once. Doubling from there means a batch written piece by piece
    // is copied into a bigger buffer only a few times; one big piece gets a buffer of its exact size.
    let first = MIN_FIRST_CAPACITY;
    while (first < Math.min(this.#lastBatchBytes, MAX_FIRST_CAPACITY)) first *= 2;
    const capacity = Math.max(needed, 2 * this.#buffer.length, first);
    const bigger = Buffer.allocUnsafe(capacity);
    bigger.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = bigger;
  }
}
