import { Buffer } from 'node:buffer';

/**
 * A queue of received bytes that decoders read from the front. Chunks are kept as they arrived and only
 * copied when a read spans several of them, so pushing a chunk costs nothing and no per-chunk string or
 * buffer concatenation happens.
 *
 * @example
 * const queue = new ByteQueue();
 * queue.push(Buffer.from('hel'));
 * queue.push(Buffer.from('lo\n'));
 * queue.indexOf(Buffer.from('\n')); // 5
 * queue.take(5).toString();         // 'hello'
 */
export class ByteQueue {
  /** Chunks as they arrived; the first one is read from `#head` on. */
  #chunks: Buffer[] = [];
  /** Bytes of the first chunk already taken. An offset, so a take() does not re-slice what is left. */
  #head = 0;
  #length = 0;

  /** How many bytes are waiting. */
  get length(): number {
    return this.#length;
  }

  /** Appends a chunk (kept by reference, not copied). */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(asBuffer(chunk));
    this.#length += chunk.length;
  }

  /** Removes and returns the first `count` bytes (a view when they lie in one chunk, else a copy). */
  take(count: number): Buffer {
    if (count > this.#length) {
      throw new RangeError(`Cannot take ${count} bytes: only ${this.#length} are queued`);
    }
    const first = this.#chunks[0];
    if (first === undefined || count <= first.length - this.#head) {
      return this.#takeFromFirstChunk(count);
    }
    const result = Buffer.allocUnsafe(count);
    let filled = 0;
    while (filled < count) {
      const left = (this.#chunks[0] as Buffer).length - this.#head;
      const part = this.#takeFromFirstChunk(Math.min(count - filled, left));
      result.set(part, filled);
      filled += part.length;
    }
    return result;
  }

  /**
   * Removes the first 4 bytes and returns them read as a big-endian unsigned integer, as a length
   * prefix is read. Read in place when they lie in one chunk (nearly always), so no Buffer is made.
   */
  takeUInt32BE(): number {
    const first = this.#chunks[0];
    if (first === undefined || first.length - this.#head < 4) return this.take(4).readUInt32BE(0);
    const value = first.readUInt32BE(this.#head);
    this.#dropFromFirstChunk(first, 4);
    return value;
  }

  /** Removes the first `count` bytes without returning them (a delimiter already seen, say). */
  skip(count: number): void {
    if (count > this.#length) {
      throw new RangeError(`Cannot skip ${count} bytes: only ${this.#length} are queued`);
    }
    for (let left = count; left > 0; ) {
      const first = this.#chunks[0] as Buffer;
      const step = Math.min(left, first.length - this.#head);
      this.#dropFromFirstChunk(first, step);
      left -= step;
    }
  }

  /** Removes and returns everything queued. */
  takeAll(): Buffer {
    return this.take(this.#length);
  }

  /** The position of the first occurrence of `pattern` at or after `fromIndex`, or -1. */
  indexOf(pattern: Uint8Array, fromIndex = 0): number {
    const firstByte = pattern[0];
    if (firstByte === undefined) return Math.min(fromIndex, this.#length);
    let position = fromIndex;
    for (;;) {
      const candidate = this.#indexOfByte(firstByte, position);
      if (candidate < 0 || candidate + pattern.length > this.#length) return -1;
      if (this.#matchesAt(pattern, candidate)) return candidate;
      position = candidate + 1;
    }
  }

  #takeFromFirstChunk(count: number): Buffer {
    const first = this.#chunks[0];
    if (first === undefined) return Buffer.alloc(0);
    const part = first.subarray(this.#head, this.#head + count);
    this.#dropFromFirstChunk(first, count);
    return part;
  }

  /** Moves past `count` bytes of the first chunk, and past the chunk itself once all of it is read. */
  #dropFromFirstChunk(first: Buffer, count: number): void {
    this.#head += count;
    this.#length -= count;
    if (this.#head === first.length) {
      this.#chunks.shift();
      this.#head = 0;
    }
  }

  #indexOfByte(byte: number, fromIndex: number): number {
    let chunkStart = -this.#head; // queue position of the current chunk's first byte (taken ones count)
    for (const chunk of this.#chunks) {
      if (fromIndex < chunkStart + chunk.length) {
        const found = chunk.indexOf(byte, Math.max(0, fromIndex - chunkStart));
        if (found >= 0) return chunkStart + found;
      }
      chunkStart += chunk.length;
    }
    return -1;
  }

  #matchesAt(pattern: Uint8Array, position: number): boolean {
    for (let i = 1; i < pattern.length; i++) {
      if (this.#byteAt(position + i) !== pattern[i]) return false;
    }
    return true;
  }

  #byteAt(position: number): number | undefined {
    let index = position + this.#head;
    for (const chunk of this.#chunks) {
      if (index < chunk.length) return chunk[index];
      index -= chunk.length;
    }
    return undefined;
  }
}

/**
 * `bytes` as a Buffer over the same memory: itself if it already is one, otherwise a view (no copy), so
 * decoders can use Buffer's readers on any Uint8Array they are given.
 *
 * @example
 * asBuffer(new Uint8Array([0, 0, 0, 2])).readUInt32BE(0); // 2
 */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
