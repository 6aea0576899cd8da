/**
 * The lecture's example 16, client side: connect and save what the server sends. With `raw` it reads
 * until the server closes (the lecture's 8 KiB `recv` loop); otherwise it checks the header's size and
 * the SHA-256 trailer before the file appears under its final name.
 */
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { receiveFileRaw } from '../../net/file-transfer-raw.js';
import { receiveFile } from '../../net/file-transfer.js';
import { connect } from '../../net/tcp-connect.js';
import { type ExampleHandle, type ExampleLog, handleFor, hostPort, plural } from './example-handle.js';
import { formatProgress } from './progress-line.js';

/** Options of {@link startFileClient}. */
export interface FileClientOptions {
  /** The server's address. */
  host: string;
  /** The server's port. */
  port: number;
  /** Where to save the file (replaced only once the whole file arrived). */
  out: string;
  /** Use the lecture's protocol: everything until the server closes is the file. @default false */
  raw?: boolean;
  /** Largest file accepted with the robust protocol, in bytes. @default 1 GiB */
  maxBytes?: number;
  /** Least time between two progress lines, in milliseconds. @default 1000 */
  progressIntervalMs?: number;
}

/**
 * Runs the file client of example 16; `done` resolves once the file is saved at `out`.
 *
 * @example
 * const client = await startFileClient({ host: '127.0.0.1', port: 9800, out: 'recibido.bin' }, console.log);
 * await client.done;
 */
export async function startFileClient(options: FileClientOptions, log: ExampleLog): Promise<ExampleHandle> {
  const { host, port, out, raw = false, maxBytes, progressIntervalMs = 1000 } = options;
  const socket = await connect({ host, port });
  log(`Connected to ${hostPort(host, port)}; receiving into ${out} (${raw ? 'raw: until the server closes' : 'robust: header, bytes, SHA-256'})`);
  const started = performance.now();
  const seconds = (): string => ((performance.now() - started) / 1000).toFixed(2);

  const receive = async (): Promise<void> => {
    if (raw) {
      const bytes = await receiveFileRaw(socket, out);
      log(`The server closed the connection: saved ${plural(bytes, 'byte')} in ${seconds()} s`);
      return;
    }
    // The sender names the file; we save it under `out` instead, via a private folder beside it.
    const folder = await mkdtemp(join(dirname(out), '.socketbook-receive-'));
    try {
      const file = await receiveFile(socket, {
        folder,
        maxBytes,
        progressIntervalMs,
        onProgress: ({ bytes, total }) => log(formatProgress(bytes, total)),
      });
      await rename(file.path, out);
      log(`Saved ${file.name} as ${out}: ${plural(file.size, 'byte')} in ${seconds()} s, SHA-256 ${file.sha256} verified`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  };
  return handleFor(receive(), async () => {
    socket.destroy();
  });
}
