import { mkdtemp, rm } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { TimeoutError } from '../../src/net/common-errors.js';
import { ConnectError, connect } from '../../src/net/tcp-connect.js';

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function openTcpSockets(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'TCPWrap' || name === 'TCPSocketWrap').length;
}

/**
 * A listener whose accept queue is full: it runs in a worker whose event loop is blocked (without
 * burning CPU), so the OS completes `backlog` handshakes and then ignores further SYNs.
 */
async function unresponsiveListener(): Promise<{ port: number; fillers: net.Socket[]; stop: () => Promise<void> }> {
  const worker = new Worker(
    `const net = require('node:net');
     const { parentPort, workerData } = require('node:worker_threads');
     const server = net.createServer().listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
       parentPort.postMessage(server.address().port);
       Atomics.wait(new Int32Array(workerData), 0, 0); // blocked until the test wakes it
     });`,
    { eval: true, workerData: new SharedArrayBuffer(4) },
  );
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  // backlog 1 lets the OS queue two connections; the third connect is then never answered.
  const fillers = [0, 1].map(() => net.createConnection({ host: '127.0.0.1', port }).on('error', () => {}));
  await Promise.all(fillers.map((socket) => new Promise((resolve) => socket.once('connect', resolve))));
  return {
    port,
    fillers,
    stop: async () => {
      fillers.forEach((socket) => socket.destroy());
      await worker.terminate();
    },
  };
}

describe('connect()', () => {
  it('resolves with a connected socket', async () => {
    const server = net.createServer((socket) => socket.on('error', () => {}).end('hi'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const socket = await connect({ port });
    try {
      expect(socket.remotePort).toBe(port);
      expect(socket.remoteAddress).toBe('127.0.0.1');
    } finally {
      socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('rejects with ConnectError (ERR_CONNECT, cause ECONNREFUSED) naming host:port and a hint', async () => {
    const port = await closedPort();
    const error = await connect({ port }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe('ERR_CONNECT');
    expect(((error as ConnectError).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect((error as Error).message).toBe(
      `Cannot connect to 127.0.0.1:${port}: connection refused; is the server running and listening on that port? (ECONNREFUSED)`,
    );
  });

  it('rejects with ConnectError (cause ENOENT) for a Unix socket path that does not exist', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'socketbook-connect-'));
    try {
      const path = join(folder, 'missing.sock');
      const error = await connect({ path }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConnectError);
      expect(((error as ConnectError).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
      expect((error as Error).message).toMatch(`Cannot connect to ${path}: no such socket file`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('times out with TimeoutError (ERR_TIMEOUT) and destroys the socket', async () => {
    const listener = await unresponsiveListener();
    const socketsBefore = openTcpSockets();
    try {
      const started = performance.now();
      const error = await connect({ port: listener.port, timeoutMs: 200 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).code).toBe('ERR_TIMEOUT');
      expect((error as Error).message).toMatch(`Cannot connect to 127.0.0.1:${listener.port}: no answer within 200 ms`);
      expect(performance.now() - started).toBeLessThan(2000);
      await expect.poll(openTcpSockets, { timeout: 1000 }).toBe(socketsBefore);
    } finally {
      await listener.stop();
    }
  });

  it('refuses options with neither port nor path', async () => {
    await expect(connect({})).rejects.toThrow(/give a port \(TCP\) or a path/);
  });
});
