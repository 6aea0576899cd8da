/**
 * A robust file transfer over one TCP connection, in the order the bytes travel:
 *
 *   header (magic, version, name, size)  →  the file's bytes  →  SHA-256 of those bytes (32 bytes)
 *
 * The checksum is a trailer, not part of the header: the sender hashes while it streams, so it reads
 * the file once. Putting it in the header would need a whole first pass over the file before the first
 * byte could leave (twice the disk reads, a long silent start for a large file).
 *
 * Both sides stream with `pipeline`, which respects backpressure: memory stays flat whatever the file
 * size. The receiver writes to a hidden temporary file and renames it only after the checksum matched,
 * so a broken transfer never leaves a complete-looking file behind.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SocketbookError } from './errors.js';
import { encodeFileHeader, FileHeaderDecoder, FileProtocolError, type FileHeader } from './file-header.js';
import { assertSafeFileName } from './file-name.js';

/** Bytes in a SHA-256 digest, the trailer of every transfer. */
export const CHECKSUM_BYTES = 32;

/** How far a transfer got; `total` is the announced size. */
export interface FileProgress {
  bytes: number;
  total: number;
}

/**
 * The received bytes do not match the sender's SHA-256: the file was corrupted on the way.
 *
 * @example
 * catch (error) { if (error instanceof ChecksumMismatchError) console.log('corrupted, ask again'); }
 */
export class ChecksumMismatchError extends SocketbookError {
  constructor(message: string) {
    super('ERR_CHECKSUM_MISMATCH', message);
  }
}

/**
 * The connection ended or failed before the whole file (and its checksum) went through.
 *
 * @example
 * catch (error) { if (error instanceof TransferInterruptedError) console.log(error.cause); }
 */
export class TransferInterruptedError extends SocketbookError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_TRANSFER_INTERRUPTED', message, options);
  }
}

/** Options of {@link sendFile}. */
export interface SendFileOptions {
  /** The name the receiver will save the file under. @default the file's base name */
  name?: string;
  /** Called as bytes leave, at most once per `progressIntervalMs` and once at the end. */
  onProgress?: (progress: FileProgress) => void;
  /** Least time between two progress calls, in milliseconds. @default 100 */
  progressIntervalMs?: number;
  /** Size of each read from the disk, in bytes. @default 1 MiB */
  chunkBytes?: number;
}

/** Options of {@link receiveFile}. */
export interface ReceiveFileOptions {
  /** The folder the file is saved in; the sender chooses only the bare name. */
  folder: string;
  /** Largest file accepted, checked before anything is written. @default 1 GiB */
  maxBytes?: number;
  /** Called as bytes arrive, at most once per `progressIntervalMs` and once at the end. */
  onProgress?: (progress: FileProgress) => void;
  /** Least time between two progress calls, in milliseconds. @default 100 */
  progressIntervalMs?: number;
  /** Bytes gathered before each write to the disk: few large writes cost less than many small ones. @default 1 MiB */
  chunkBytes?: number;
}

/** What went through: the name, where it was saved, its size and its SHA-256 in hex. */
export interface TransferredFile {
  name: string;
  path: string;
  size: number;
  sha256: string;
}

/** Wrap `onProgress` so it runs at most once per interval, and exactly once for the last byte. */
function throttleProgress(
  onProgress: ((progress: FileProgress) => void) | undefined,
  intervalMs: number,
): (bytes: number, total: number) => void {
  let lastCall = 0;
  let lastBytes = -1;
  return (bytes, total) => {
    const now = Date.now();
    if (onProgress === undefined || bytes === lastBytes || (now - lastCall < intervalMs && bytes < total)) return;
    lastCall = now;
    lastBytes = bytes;
    onProgress({ bytes, total });
  };
}

/** Keep our own errors; wrap anything else (ECONNRESET, EPIPE, ...) as an interruption. */
function asTransferError(error: unknown, action: string, bytes: number): unknown {
  if (error instanceof SocketbookError) return error;
  return new TransferInterruptedError(`Cannot ${action}: the connection failed after ${bytes} bytes`, {
    cause: error,
  });
}

/**
 * Send a file: header, bytes, SHA-256; then end the socket. It resolves once every byte is handed to the
 * operating system: the protocol has no acknowledgement, so only the receiver learns whether the file
 * arrived intact (a receiver that refuses early makes this reject with a TransferInterruptedError).
 *
 * @example
 * const socket = await connect({ host: '127.0.0.1', port });
 * const sent = await sendFile(socket, 'data/foto.jpg', { onProgress: (p) => console.log(p.bytes, '/', p.total) });
 * console.log(sent.sha256);
 */
export async function sendFile(socket: Socket, path: string, options: SendFileOptions = {}): Promise<TransferredFile> {
  const { name = basename(path), onProgress, progressIntervalMs = 100, chunkBytes = 1024 * 1024 } = options;
  assertSafeFileName(name);
  const { size } = await stat(path);
  const hash = createHash('sha256');
  const progress = throttleProgress(onProgress, progressIntervalMs);
  let sent = 0;
  let checksum = Buffer.alloc(0);

  async function* frame(contents: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    yield encodeFileHeader({ name, size });
    for await (const chunk of contents) {
      hash.update(chunk);
      sent += chunk.length;
      progress(sent, size);
      yield chunk;
    }
    if (sent !== size) {
      throw new TransferInterruptedError(`Cannot send ${name}: it changed size while sending (${size} -> ${sent})`);
    }
    checksum = hash.digest();
    yield checksum;
  }

  // A receiver that refuses the file closes early: fail at once rather than write into the void. (Once
  // every byte is out, its close is the normal end of the conversation.)
  const onReceiverGone = () => {
    if (socket.writableFinished) return;
    socket.destroy(new TransferInterruptedError(`Cannot send ${name}: the receiver closed after ${sent} bytes`));
  };
  socket.once('end', onReceiverGone);
  try {
    await pipeline(createReadStream(path, { highWaterMark: chunkBytes }), frame, socket);
  } catch (error) {
    throw asTransferError(error, `send ${name}`, sent);
  } finally {
    socket.off('end', onReceiverGone);
  }
  progress(size, size);
  return { name, path, size, sha256: checksum.toString('hex') };
}

/** What the receiving side learns while the bytes go through. */
interface Incoming {
  header?: FileHeader;
  received: number;
  sha256?: string;
}

/**
 * Split the incoming stream into header, file bytes and trailer; yield only the file bytes, and check
 * the trailer against their SHA-256 once the stream ends.
 */
async function* fileBytes(
  source: AsyncIterable<Buffer>,
  incoming: Incoming,
  decoder: FileHeaderDecoder,
  progress: (bytes: number, total: number) => void,
): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  let trailer = Buffer.alloc(0);
  for await (const chunk of source) {
    let data: Buffer = chunk;
    if (incoming.header === undefined) {
      const decoded = decoder.push(chunk);
      if (decoded === undefined) continue;
      incoming.header = decoded.header;
      data = decoded.rest;
    }
    const body = data.subarray(0, incoming.header.size - incoming.received);
    if (body.length < data.length) trailer = Buffer.concat([trailer, data.subarray(body.length)]);
    if (trailer.length > CHECKSUM_BYTES) {
      throw new FileProtocolError(`Cannot receive file: ${trailer.length - CHECKSUM_BYTES} unexpected bytes after the checksum`);
    }
    if (body.length === 0) continue;
    hash.update(body);
    incoming.received += body.length;
    progress(incoming.received, incoming.header.size);
    yield body;
  }
  const expected = incoming.header?.size ?? 0;
  if (incoming.header === undefined || incoming.received < expected || trailer.length < CHECKSUM_BYTES) {
    throw new TransferInterruptedError(
      `Cannot receive file: the sender closed after ${incoming.received} of ${expected} bytes`,
    );
  }
  const actual = hash.digest();
  if (!actual.equals(trailer)) {
    throw new ChecksumMismatchError(
      `Cannot accept ${incoming.header.name}: SHA-256 ${actual.toString('hex')} does not match the sender's ${trailer.toString('hex')}`,
    );
  }
  incoming.sha256 = actual.toString('hex');
}

/**
 * Receive one file into `folder`; the sender must end the connection after its checksum. A file of the
 * same name already in the folder is replaced, only once the new one is complete and verified.
 *
 * @example
 * const server = net.createServer(async (socket) => {
 *   const file = await receiveFile(socket, { folder: 'downloads' });
 *   console.log(`${file.name}: ${file.size} bytes, sha256 ${file.sha256}`);
 * });
 */
export async function receiveFile(socket: Socket, options: ReceiveFileOptions): Promise<TransferredFile> {
  const { folder, maxBytes, onProgress, progressIntervalMs = 100, chunkBytes = 1024 * 1024 } = options;
  const decoder = new FileHeaderDecoder({ maxBytes });
  const progress = throttleProgress(onProgress, progressIntervalMs);
  const incoming: Incoming = { received: 0 };
  const temporaryPath = join(folder, `.receiving-${randomUUID()}.part`);
  try {
    await pipeline(
      socket,
      (source: AsyncIterable<Buffer>) => fileBytes(source, incoming, decoder, progress),
      createWriteStream(temporaryPath, { flags: 'wx', highWaterMark: chunkBytes }),
    );
    // fileBytes() throws unless the header arrived and the checksum matched, so both are set here.
    const { name, size } = incoming.header!;
    const path = join(folder, name);
    await rename(temporaryPath, path);
    progress(size, size);
    return { name, path, size, sha256: incoming.sha256! };
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw asTransferError(error, 'receive file', incoming.received);
  }
}
