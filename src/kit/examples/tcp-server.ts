/**
 * The lecture's example 14, server side: bind, listen with a backlog of 10, serve one client at a time,
 * read blocks of up to 16 KiB and send each back until the client closes its side.
 */
import type { Socket } from 'node:net';
import { createReader } from '../../net/socket-reader.js';
import { sendAll } from '../../net/send-all.js';
import { listen } from '../../net/tcp-listen.js';
import { type ExampleHandle, type ExampleLog, hostPort, plural, serverHandle, showBytes } from './example-handle.js';

/** Options of {@link startTcpServer}. */
export interface TcpServerOptions {
  /** The address to listen on. @default '127.0.0.1' */
  host?: string;
  /** The port; 0 lets the OS choose one (printed). @default 9800 */
  port?: number;
  /** The largest block read and echoed at once, like `recv(16384)`. @default 16384 */
  bufferBytes?: number;
  /** Connections the OS may hold waiting while we serve another, like `listen(10)`. @default 10 */
  backlog?: number;
}

/**
 * Starts the echo server of example 14 and says what happens: who connected, how many bytes came, what
 * went back. Clients that connect while another is served wait their turn, as in the lecture.
 *
 * @example
 * const server = await startTcpServer({ port: 0 }, console.log);
 * // Listening on 127.0.0.1:43127 (TCP, backlog 10, 16384-byte blocks, one client at a time)
 * await server.close();
 */
export async function startTcpServer(options: TcpServerOptions, log: ExampleLog): Promise<ExampleHandle> {
  const { host = '127.0.0.1', port = 9800, bufferBytes = 16384, backlog = 10 } = options;
  const waiting: Socket[] = [];
  let serving = false;
  let closed = false;

  const serveNext = async (): Promise<void> => {
    serving = true;
    for (let client = waiting.shift(); client !== undefined && !closed; client = waiting.shift()) {
      await echoUntilClosed(client, bufferBytes, log);
    }
    serving = false;
  };

  const listener = await listen({ host, port, backlog }, (socket) => {
    // Held unread until its turn: the OS keeps its bytes, as it would for a client not yet accepted.
    socket.pause();
    waiting.push(socket);
    if (serving) log(`${peerOf(socket)} connected; it waits until the current client is done`);
    else void serveNext();
  });
  log(`Listening on ${listener.address} (TCP, backlog ${backlog}, ${bufferBytes}-byte blocks, one client at a time)`);

  return serverHandle(async () => {
    closed = true;
    for (const socket of waiting) socket.destroy();
    await listener.close();
    log('Server closed');
  });
}

async function echoUntilClosed(socket: Socket, bufferBytes: number, log: ExampleLog): Promise<void> {
  const peer = peerOf(socket);
  log(`${peer} connected`);
  const reader = createReader(socket);
  socket.resume();
  let total = 0;
  try {
    for (let data = await reader.read(); data !== null; data = await reader.read()) {
      for (let start = 0; start < data.length; start += bufferBytes) {
        const block = data.subarray(start, start + bufferBytes);
        log(`${peer}: received ${plural(block.length, 'byte')} ${showBytes(block)}, sending them back`);
        await sendAll(socket, block);
        total += block.length;
      }
    }
    log(`${peer} closed the connection after ${plural(total, 'byte')}; closing ours`);
  } catch (error) {
    log(`${peer}: connection lost after ${plural(total, 'byte')} (${(error as Error).message})`);
  } finally {
    socket.end();
  }
}

function peerOf(socket: Socket): string {
  return hostPort(socket.remoteAddress ?? '?', socket.remotePort ?? 0);
}
