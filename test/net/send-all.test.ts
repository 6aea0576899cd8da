import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SocketClosedError } from '../../src/net/common-errors.js';
import { sendAll } from '../../src/net/send-all.js';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function tcpPair(): Promise<{ client: net.Socket; server: net.Socket }> {
  const listening = net.createServer();
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<net.Socket>((resolve) => listening.once('connection', resolve));
  const client = net.createConnection((listening.address() as net.AddressInfo).port, '127.0.0.1');
  client.on('error', () => {});
  const server = await accepted;
  server.on('error', () => {});
  cleanups.push(() => new Promise((resolve) => listening.close(resolve)));
  cleanups.push(() => {
    client.destroy();
    server.destroy();
  });
  return { client, server };
}

function isSettled(promise: Promise<unknown>): Promise<boolean> {
  return Promise.race([promise.then(() => true, () => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200))]);
}

describe('sendAll()', () => {
  it('resolves once the data is handed to the OS, and all of it arrives', async () => {
    const { client, server } = await tcpPair();
    const received: Buffer[] = [];
    server.on('data', (chunk: Buffer) => received.push(chunk));
    const data = Buffer.alloc(1024 * 1024, 7);
    await sendAll(client, data);
    client.end();
    await new Promise((resolve) => server.once('end', resolve));
    expect(Buffer.concat(received).equals(data)).toBe(true);
  });

  it('waits while the receiver does not read (backpressure), and resolves once it does', async () => {
    const { client, server } = await tcpPair();
    server.pause();
    // Far more than the loopback socket buffers can hold, so the OS cannot take it all yet.
    const pending = sendAll(client, Buffer.alloc(32 * 1024 * 1024));
    expect(await isSettled(pending)).toBe(false);
    server.resume();
    await pending;
  });

  it('rejects with SocketClosedError when the connection breaks before the data is handed over', async () => {
    const { client, server } = await tcpPair();
    server.pause();
    const pending = sendAll(client, Buffer.alloc(32 * 1024 * 1024));
    expect(await isSettled(pending)).toBe(false);
    server.resetAndDestroy();
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SocketClosedError);
    expect((error as SocketClosedError).code).toBe('ERR_SOCKET_CLOSED');
  });

  it('rejects at once on a socket already destroyed', async () => {
    const { client } = await tcpPair();
    client.destroy();
    await expect(sendAll(client, 'late')).rejects.toThrow('Cannot send: the socket is already closed or ended');
  });
});
