/**
 * The lecture's example 14, client side: connect, send the whole message, read until as many bytes came
 * back as were sent (TCP may return them in several blocks), print each block, close.
 */
import { connect } from '../../net/tcp-connect.js';
import { createReader, PeerClosedError } from '../../net/socket-reader.js';
import { sendAll } from '../../net/send-all.js';
import { type ExampleHandle, type ExampleLog, handleFor, hostPort, plural, showBytes } from './example-handle.js';

/** Options of {@link startTcpClient}. */
export interface TcpClientOptions {
  /** The server's address. */
  host: string;
  /** The server's port. */
  port: number;
  /** What to send. @default 'Hello, sockets!' */
  message?: string;
  /** Give up when the echo has not fully arrived within this many milliseconds. @default 10_000 */
  timeoutMs?: number;
}

/**
 * Runs the echo client of example 14; `done` resolves once the whole echo came back and the socket closed.
 *
 * @example
 * const client = await startTcpClient({ host: '127.0.0.1', port: 9800, message: 'hola' }, console.log);
 * await client.done;
 */
export async function startTcpClient(options: TcpClientOptions, log: ExampleLog): Promise<ExampleHandle> {
  const { host, port, message = 'Hello, sockets!', timeoutMs = 10_000 } = options;
  const socket = await connect({ host, port });
  log(`Connected to ${hostPort(host, port)} from ${hostPort(socket.localAddress ?? '?', socket.localPort ?? 0)}`);

  const talk = async (): Promise<void> => {
    const reader = createReader(socket);
    const bytes = Buffer.from(message, 'utf8');
    await sendAll(socket, bytes);
    log(`Sent ${plural(bytes.length, 'byte')} ${showBytes(bytes)}`);
    let received = 0;
    while (received < bytes.length) {
      const block = await reader.read({ timeoutMs });
      if (block === null) {
        throw new PeerClosedError(`Cannot read the echo: the server closed after ${received} of ${bytes.length} bytes`);
      }
      received += block.length;
      log(`Received ${plural(block.length, 'byte')} ${showBytes(block)} (${received} of ${bytes.length})`);
    }
    log('The whole message came back; closing');
    socket.end();
  };
  return handleFor(talk(), async () => {
    socket.destroy();
  });
}
