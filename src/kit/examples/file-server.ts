/**
 * The lecture's example 16, server side: every client that connects gets the file. With `raw` it is
 * the lecture's protocol (the bytes, then close); otherwise the robust one (header with name and size,
 * the bytes, their SHA-256).
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { sendFileRaw } from '../../net/file-transfer-raw.js';
import { sendFile } from '../../net/file-transfer.js';
import { listen } from '../../net/tcp-listen.js';
import { type ExampleHandle, type ExampleLog, hostPort, plural, serverHandle } from './example-handle.js';
import { formatProgress } from './progress-line.js';

/** Options of {@link startFileServer}. */
export interface FileServerOptions {
  /** The file to send. */
  file: string;
  /** The address to listen on. @default '127.0.0.1' */
  host?: string;
  /** The port; 0 lets the OS choose one (printed). @default 9800 */
  port?: number;
  /** Use the lecture's protocol: the bytes, then close; nothing else. @default false */
  raw?: boolean;
  /** Connections the OS may hold waiting, like `listen(100)` in the lecture. @default 100 */
  backlog?: number;
  /** Least time between two progress lines, in milliseconds. @default 1000 */
  progressIntervalMs?: number;
}

/**
 * Starts the file server of example 16: it sends `file` to every client that connects.
 *
 * @example
 * const server = await startFileServer({ file: 'prueba.bin', port: 0, raw: true }, console.log);
 * await server.close();
 */
export async function startFileServer(options: FileServerOptions, log: ExampleLog): Promise<ExampleHandle> {
  const { file, host = '127.0.0.1', port = 9800, raw = false, backlog = 100, progressIntervalMs = 1000 } = options;
  const { size } = await stat(file);
  const protocol = raw ? 'raw: the bytes, then close' : 'robust: header, bytes, SHA-256';
  const listener = await listen({ host, port, backlog }, (socket) => {
    const peer = hostPort(socket.remoteAddress ?? '?', socket.remotePort ?? 0);
    log(`${peer} connected; sending ${basename(file)} (${plural(size, 'byte')})`);
    const started = performance.now();
    const sending = raw
      ? sendFileRaw(socket, file).then((bytes) => `${plural(bytes, 'byte')}`)
      : sendFile(socket, file, {
          progressIntervalMs,
          onProgress: ({ bytes, total }) => log(`${peer}: ${formatProgress(bytes, total)}`),
        }).then((sent) => `${plural(sent.size, 'byte')}, SHA-256 ${sent.sha256}`);
    sending.then(
      (what) => log(`${peer}: sent ${what} in ${((performance.now() - started) / 1000).toFixed(2)} s; connection closed`),
      (error: Error) => log(`${peer}: transfer failed (${error.message})`),
    );
  });
  log(`Listening on ${listener.address} (TCP, backlog ${backlog}), serving ${file} (${protocol})`);

  return serverHandle(async () => {
    await listener.close();
    log('Server closed');
  });
}
