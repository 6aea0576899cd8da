/**
 * The header that opens a robust file transfer: it says what follows (name and size) so the receiver can
 * refuse before writing a single byte. A pure, incremental codec: no sockets, no files.
 *
 * Layout (big-endian), 15 fixed bytes then the name:
 *
 * | offset | bytes | field                          |
 * |-------:|------:|--------------------------------|
 * |      0 |     4 | magic `SBFT`                   |
 * |      4 |     1 | protocol version (1)           |
 * |      5 |     2 | name length in bytes (u16)     |
 * |      7 |     8 | file size in bytes (u64)       |
 * |     15 |     n | file name, UTF-8               |
 */
import { ByteQueue } from './byte-queue.js';
import { SocketbookError } from './errors.js';
import { assertSafeFileName, MAX_FILE_NAME_BYTES, UnsafeFileNameError } from './file-name.js';

/** The four bytes every transfer starts with, so a stray client is told apart at once. */
export const FILE_MAGIC = Buffer.from('SBFT', 'latin1');
/** The protocol version this codec writes and accepts. */
export const FILE_PROTOCOL_VERSION = 1;
/** Bytes before the name: magic (4) + version (1) + name length (2) + size (8). */
export const FIXED_HEADER_BYTES = 15;
/** Default largest file a receiver accepts: 1 GiB. */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024 * 1024;

/** What the header announces. */
export interface FileHeader {
  name: string;
  size: number;
}

/**
 * The bytes are not a file transfer this codec understands (wrong magic, unknown version, extra bytes).
 *
 * @example
 * try { new FileHeaderDecoder().push(Buffer.from('GET / HTTP/1.1\r\n')); }
 * catch (error) { if (error instanceof FileProtocolError) console.log(error.code); } // 'ERR_FILE_PROTOCOL'
 */
export class FileProtocolError extends SocketbookError {
  constructor(message: string) {
    super('ERR_FILE_PROTOCOL', message);
  }
}

/**
 * The announced file is larger than the receiver accepts.
 *
 * @example
 * try { new FileHeaderDecoder({ maxBytes: 10 }).push(encodeFileHeader({ name: 'a', size: 11 })); }
 * catch (error) { if (error instanceof FileTooLargeError) console.log(error.code); } // 'ERR_FILE_TOO_LARGE'
 */
export class FileTooLargeError extends SocketbookError {
  constructor(message: string) {
    super('ERR_FILE_TOO_LARGE', message);
  }
}

/**
 * Encode the header for a file called `name` of `size` bytes.
 *
 * @example
 * socket.write(encodeFileHeader({ name: 'foto.jpg', size: 5_000_000 }));
 */
export function encodeFileHeader(header: FileHeader): Buffer {
  assertSafeFileName(header.name);
  if (!Number.isSafeInteger(header.size) || header.size < 0) {
    throw new RangeError(`Cannot encode file header: size ${header.size} is not a whole number of bytes`);
  }
  const name = Buffer.from(header.name, 'utf8');
  const bytes = Buffer.alloc(FIXED_HEADER_BYTES + name.length);
  FILE_MAGIC.copy(bytes, 0);
  bytes.writeUInt8(FILE_PROTOCOL_VERSION, 4);
  bytes.writeUInt16BE(name.length, 5);
  bytes.writeBigUInt64BE(BigInt(header.size), 7);
  name.copy(bytes, FIXED_HEADER_BYTES);
  return bytes;
}

/** Options of {@link FileHeaderDecoder}. */
export interface FileHeaderDecoderOptions {
  /** Largest file size accepted, checked before any file byte arrives. @default 1 GiB */
  maxBytes?: number;
}

/** A decoded header and the bytes that came after it in the same chunks (the start of the file). */
export interface DecodedFileHeader {
  header: FileHeader;
  rest: Buffer;
}

/**
 * Decode a header from chunks as they arrive. A stream carries one header, so `push` returns it once
 * (with the bytes that followed it) instead of a list of messages. Limits are checked as soon as the
 * fixed part has arrived, before the name is buffered.
 *
 * @example
 * const decoder = new FileHeaderDecoder({ maxBytes: 100 * 1024 * 1024 });
 * socket.on('data', (chunk) => {
 *   const decoded = decoder.push(chunk);
 *   if (decoded) console.log(decoded.header.name, decoded.header.size);
 * });
 */
export class FileHeaderDecoder {
  readonly #maxBytes: number;
  readonly #queue = new ByteQueue();
  #fixed: { nameBytes: number; size: number } | undefined;
  #done = false;

  constructor(options: FileHeaderDecoderOptions = {}) {
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  /** Add a chunk; returns the header once it is complete, undefined while it is not. */
  push(chunk: Uint8Array): DecodedFileHeader | undefined {
    if (this.#done) throw new FileProtocolError('Cannot decode file header: it was already decoded');
    this.#queue.push(chunk);
    if (this.#fixed === undefined) {
      if (this.#queue.length < FIXED_HEADER_BYTES) return undefined;
      this.#fixed = this.#readFixedPart(this.#queue.take(FIXED_HEADER_BYTES));
    }
    if (this.#queue.length < this.#fixed.nameBytes) return undefined;
    const header = { name: decodeName(this.#queue.take(this.#fixed.nameBytes)), size: this.#fixed.size };
    assertSafeFileName(header.name);
    this.#done = true;
    return { header, rest: this.#queue.takeAll() };
  }

  #readFixedPart(fixed: Buffer): { nameBytes: number; size: number } {
    if (!fixed.subarray(0, 4).equals(FILE_MAGIC)) {
      throw new FileProtocolError('Cannot decode file header: the stream does not start with "SBFT"');
    }
    const version = fixed.readUInt8(4);
    if (version !== FILE_PROTOCOL_VERSION) {
      throw new FileProtocolError(
        `Cannot decode file header: version ${version} is not supported, expected ${FILE_PROTOCOL_VERSION}`,
      );
    }
    const nameBytes = fixed.readUInt16BE(5);
    if (nameBytes > MAX_FILE_NAME_BYTES) {
      throw new UnsafeFileNameError(
        `Cannot use file name: it is ${nameBytes} bytes long, the limit is ${MAX_FILE_NAME_BYTES}`,
      );
    }
    const size = fixed.readBigUInt64BE(7);
    if (size > BigInt(this.#maxBytes)) {
      throw new FileTooLargeError(
        `Cannot accept file: size ${size} bytes exceeds limit ${this.#maxBytes}; raise maxBytes to accept it`,
      );
    }
    return { nameBytes, size: Number(size) };
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeName(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new UnsafeFileNameError('Cannot use file name: it is not valid UTF-8');
  }
}
