import { once } from 'node:events';
import * as net from 'node:net';
import { LengthPrefixDecoder } from '../../src/net/length-prefix.js';
import { LineDecoder } from '../../src/net/line-codec.js';

/** A test client that collects what it receives, decoded with the given framing. */
export interface TestClient {
  socket: net.Socket;
  received: (Buffer | string)[];
  rawBytes: number;
  closed: Promise<void>;
  /** Resolve once `count` messages have arrived (rejects if the socket closes first). */
  waitFor(count: number): Promise<void>;
}

export async function connectClient(port: number, framing: 'lines' | 'length-prefix' | 'raw'): Promise<TestClient> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await once(socket, 'connect');
  const lines = new LineDecoder();
  const frames = new LengthPrefixDecoder();
  const client: TestClient = {
    socket,
    received: [],
    rawBytes: 0,
    closed: new Promise((resolve) => socket.once('close', () => resolve())),
    waitFor(count) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (client.received.length >= count) {
            socket.off('data', check);
            socket.off('close', onClose);
            resolve();
          }
        };
        const onClose = (): void => reject(new Error(`closed after ${client.received.length} of ${count} messages`));
        socket.on('data', check);
        socket.once('close', onClose);
        check();
      });
    },
  };
  socket.on('data', (chunk: Buffer) => {
    client.rawBytes += chunk.length;
    if (framing === 'lines') client.received.push(...lines.push(chunk));
    else if (framing === 'length-prefix') client.received.push(...frames.push(chunk));
    else client.received.push(chunk);
  });
  return client;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolve when `condition()` holds, polling every 10 ms, or reject after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}
