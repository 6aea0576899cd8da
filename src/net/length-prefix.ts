import { Buffer } from 'node:buffer';
import { asBuffer, ByteQueue } from './byte-queue.js';
import type { ByteWriter } from './byte-writer.js';
import { SocketbookError } from './errors.js';

/**
 * Frame layout: a 4-byte big-endian unsigned length, then exactly that many payload bytes.
 *
 *   offset 0..3  length (u32 BE)
 *   offset 4..   payload (length bytes)
 *
 * @example
 * const payload = frame.subarray(LENGTH_PREFIX_BYTES);
 */
export const LENGTH_PREFIX_BYTES = 4;

/**
 * The largest length a 32-bit prefix can hold (4 GiB - 1).
 *
 * @example
 * new LengthPrefixDecoder({ maxMessageBytes: MAX_LENGTH_PREFIX }); // trust the peer completely
 */
export const MAX_LENGTH_PREFIX = 0xffff_ffff;

/**
 * A frame's length is above the limit. Thrown by the decoder as soon as the 4-byte header arrives,
 * before any payload is buffered, so a hostile header cannot make us allocate.
 *
 * @example
 * try { decoder.push(chunk); }
 * catch (error) { if (error instanceof FrameTooLargeError) socket.destroy(); }
 */
export class FrameTooLargeError extends SocketbookError {
  readonly length: number;
  readonly limit: number;

  constructor(action: string, length: number, limit: number) {
    super(
      'ERR_FRAME_TOO_LARGE',
      `Cannot ${action}: length ${length} exceeds limit ${limit}; raise maxMessageBytes if the peer is trusted`,
    );
    this.length = length;
    this.limit = limit;
  }
}

/**
 * Puts a 4-byte big-endian length in front of `payload`, so the receiver knows where it ends.
 *
 * @example
 * encodeLengthPrefixed(Buffer.from('hi')); // <Buffer 00 00 00 02 68 69>
 */
export function encodeLengthPrefixed(payload: Uint8Array | string): Buffer {
  const body = frameBody(payload);
  const frame = Buffer.allocUnsafe(LENGTH_PREFIX_BYTES + body.length);
  frame.writeUInt32BE(body.length, 0);
  frame.set(body, LENGTH_PREFIX_BYTES);
  return frame;
}

/**
 * Appends the frame of `payload` to `writer`: the bytes {@link encodeLengthPrefixed} returns, without a
 * Buffer of their own, so many frames sent together cost one allocation. Returns the frame's size.
 *
 * @example
 * const writer = new ByteWriter();
 * for (const reply of replies) writeLengthPrefixed(writer, reply);
 * socket.write(writer.takeAll());
 */
export function writeLengthPrefixed(writer: ByteWriter, payload: Uint8Array | string): number {
  const body = frameBody(payload);
  writer.reserve(LENGTH_PREFIX_BYTES + body.length);
  writer.writeUInt32BE(body.length);
  writer.write(body);
  return LENGTH_PREFIX_BYTES + body.length;
}

/** The bytes of `payload`, checked to fit a 32-bit length prefix. */
function frameBody(payload: Uint8Array | string): Uint8Array {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  if (body.length > MAX_LENGTH_PREFIX) {
    throw new FrameTooLargeError('encode frame', body.length, MAX_LENGTH_PREFIX);
  }
  return body;
}

/**
 * Options of {@link LengthPrefixDecoder}.
 *
 * @example
 * new LengthPrefixDecoder({ maxMessageBytes: 1024 });
 */
export interface LengthPrefixDecoderOptions {
  /**
   * The largest payload accepted; a bigger header throws {@link FrameTooLargeError}.
   * @default 16 MiB (16_777_216)
   */
  maxMessageBytes?: number;
}

/**
 * Turns a stream of bytes, cut anywhere, back into the payloads of length-prefixed frames.
 *
 * @example
 * const decoder = new LengthPrefixDecoder();
 * socket.on('data', (chunk) => {
 *   for (const message of decoder.push(chunk)) console.log(message.toString());
 * });
 */
export class LengthPrefixDecoder {
  readonly maxMessageBytes: number;
  /** Bytes of a frame cut by the end of a chunk; none (and no queue) between whole frames. */
  #queue: ByteQueue | undefined;
  /** The payload length announced by the last header, or undefined while waiting for a header. */
  #expected: number | undefined;

  constructor(options: LengthPrefixDecoderOptions = {}) {
    this.maxMessageBytes = options.maxMessageBytes ?? 16 * 1024 * 1024;
  }

  /** How many received bytes are waiting for the rest of their frame. */
  get bufferedBytes(): number {
    return this.#queue?.length ?? 0;
  }

  /** Adds received bytes and returns every payload they complete (maybe none). */
  push(chunk: Uint8Array): Buffer[] {
    const messages: Buffer[] = [];
    this.pushEach(chunk, (message) => messages.push(message));
    return messages;
  }

  /**
   * Like {@link push}, but calls `onMessage` with each payload, in order, as soon as it is cut, instead of
   * collecting them in an array: a server that reads one message per chunk, as a lock-step client makes
   * it, then allocates nothing but the payload's view. If `onMessage` throws, the bytes after that
   * payload stay queued for the next push.
   *
   * @example
   * socket.on('data', (chunk) => decoder.pushEach(chunk, (message) => console.log(message.toString())));
   */
  pushEach(chunk: Uint8Array, onMessage: (message: Buffer) => void): void {
    if (this.#queue === undefined) {
      this.#readInPlace(asBuffer(chunk), onMessage);
      if (this.#queue === undefined) return;
    } else {
      this.#queue.push(chunk);
    }
    this.#readQueued(this.#queue, onMessage);
  }

  /**
   * With nothing waiting from earlier chunks, the usual case: whole frames are read in place, as views
   * into the chunk. What is left unread, a frame cut by the chunk's end (or the frames after a payload
   * whose `onMessage` threw), is queued.
   */
  #readInPlace(bytes: Buffer, onMessage: (message: Buffer) => void): void {
    let offset = 0;
    try {
      while (bytes.length - offset >= LENGTH_PREFIX_BYTES) {
        const length = this.#checkLength(bytes.readUInt32BE(offset));
        const end = offset + LENGTH_PREFIX_BYTES + length;
        if (end > bytes.length) break;
        const message = bytes.subarray(offset + LENGTH_PREFIX_BYTES, end);
        offset = end;
        onMessage(message);
      }
    } finally {
      if (offset < bytes.length) {
        this.#queue = new ByteQueue();
        this.#queue.push(bytes.subarray(offset));
      }
    }
  }

  /** Cuts the frames a queue completes, and goes back to reading in place once no frame is cut. */
  #readQueued(queue: ByteQueue, onMessage: (message: Buffer) => void): void {
    for (;;) {
      if (this.#expected === undefined) {
        if (queue.length < LENGTH_PREFIX_BYTES) break;
        this.#expected = this.#checkLength(queue.takeUInt32BE());
      }
      if (queue.length < this.#expected) break;
      const message = queue.take(this.#expected);
      this.#expected = undefined;
      onMessage(message);
    }
    if (queue.length === 0 && this.#expected === undefined) this.#queue = undefined;
  }

  /** A header's payload length, once it is known to be within `maxMessageBytes`. */
  #checkLength(length: number): number {
    if (length > this.maxMessageBytes) {
      throw new FrameTooLargeError('decode frame', length, this.maxMessageBytes);
    }
    return length;
  }
}
