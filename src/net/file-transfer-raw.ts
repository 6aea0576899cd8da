/**
 * The lecture's file transfer (example 16): the server streams the file's bytes and closes; the client
 * writes everything it reads until the connection ends. No name, no size, no checksum: the receiver
 * cannot tell a complete file from one cut short by a clean close. `file-transfer.ts` fixes that.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { TransferInterruptedError } from './file-transfer.js';

/**
 * Options of {@link sendFileRaw} and {@link receiveFileRaw}.
 *
 * @example
 * await receiveFileRaw(socket, 'recibido.bin', { chunkBytes: 64 * 1024 });
 */
export interface RawFileOptions {
  /**
   * Bytes moved per disk read (sending) or gathered before a disk write (receiving). Large chunks mean
   * few system calls; memory stays bounded by a few chunks because `pipeline` honours backpressure.
   * @default 1 MiB
   */
  chunkBytes?: number;
}

/**
 * Stream the file at `path` to the socket, then end the socket. Resolves with the number of bytes sent.
 *
 * @example
 * net.createServer((socket) => sendFileRaw(socket, 'prueba.bin')).listen(9800, '127.0.0.1');
 */
export async function sendFileRaw(socket: Socket, path: string, options: RawFileOptions = {}): Promise<number> {
  const file = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1024 * 1024 });
  await pipeline(file, socket);
  return file.bytesRead;
}

/**
 * Write everything the peer sends to `outPath` until the peer closes. The bytes go to a temporary file
 * beside `outPath`, renamed at the end, so a failed connection (an error, not a clean close) leaves no
 * file (it rejects with a TransferInterruptedError, the OS error as `cause`). Resolves with the number of
 * bytes received.
 *
 * @example
 * const socket = await connect({ host: '127.0.0.1', port: 9800 });
 * const bytes = await receiveFileRaw(socket, 'recibido.bin');
 */
export async function receiveFileRaw(socket: Socket, outPath: string, options: RawFileOptions = {}): Promise<number> {
  const temporaryPath = join(dirname(outPath), `.receiving-${randomUUID()}.part`);
  const file = createWriteStream(temporaryPath, { flags: 'wx', highWaterMark: options.chunkBytes ?? 1024 * 1024 });
  try {
    await pipeline(socket, file);
    await rename(temporaryPath, outPath);
    return file.bytesWritten;
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw new TransferInterruptedError(`Cannot receive ${outPath}: the connection failed`, { cause: error });
  }
}
