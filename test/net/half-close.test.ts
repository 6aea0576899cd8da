import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SocketClosedError } from '../../src/net/common-errors.js';
import { halfClose } from '../../src/net/half-close.js';
import { createReader } from '../../src/net/socket-reader.js';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** A server that reads until the client's FIN, then answers with the byte count and closes. */
async function countingServer(): Promise<number> {
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => {});
    let count = 0;
    socket.on('data', (chunk: Buffer) => (count += chunk.length));
    socket.on('end', () => socket.end(`got ${count} bytes`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as net.AddressInfo).port;
}

describe('halfClose()', () => {
  it('ends our side once flushed, and the answer can still be read', async () => {
    const port = await countingServer();
    const socket = net.createConnection({ port, host: '127.0.0.1', allowHalfOpen: true });
    cleanups.push(() => {
      socket.destroy();
    });
    const reader = createReader(socket);
    socket.write(Buffer.alloc(100_000));
    await halfClose(socket);
    expect(socket.writableFinished).toBe(true);
    expect((await reader.readUntilClose()).toString()).toBe('got 100000 bytes');
  });

  it('resolves at once when our side is already finished', async () => {
    const port = await countingServer();
    const socket = net.createConnection({ port, host: '127.0.0.1', allowHalfOpen: true });
    cleanups.push(() => {
      socket.destroy();
    });
    await halfClose(socket);
    await halfClose(socket);
    expect(socket.writableFinished).toBe(true);
  });

  it('rejects with SocketClosedError on a destroyed socket', async () => {
    const port = await countingServer();
    const socket = net.createConnection({ port, host: '127.0.0.1' });
    socket.on('error', () => {});
    socket.destroy();
    await expect(halfClose(socket)).rejects.toBeInstanceOf(SocketClosedError);
  });
});
