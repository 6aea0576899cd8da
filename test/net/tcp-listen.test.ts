import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ListenError, type Listener, listen } from '../../src/net/tcp-listen.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function started(listener: Promise<Listener>): Promise<Listener> {
  const ready = await listener;
  cleanups.push(() => ready.close());
  return ready;
}

/** Connects with plain node:net and collects everything the server sends until it closes. */
function client(options: net.NetConnectOpts): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket: net.Socket = net.createConnection(options, () => resolve(socket));
    socket.once('error', reject);
    cleanups.push(async () => socket.destroy());
  });
}

function closed(socket: net.Socket): Promise<void> {
  return socket.closed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));
}

async function echoOnce(socket: net.Socket, text: string): Promise<string> {
  socket.write(text);
  const [reply] = (await new Promise<Buffer[]>((resolve) => socket.once('data', (chunk) => resolve([chunk])))) as [Buffer];
  return reply.toString();
}

async function ipv6LoopbackWorks(): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}

describe('listen()', () => {
  it('listens on 127.0.0.1 and a free port by default, and reports where', async () => {
    const listener = await started(listen({}, (socket) => socket.pipe(socket)));
    expect(listener.port).toBeGreaterThan(0);
    expect(listener.host).toBe('127.0.0.1');
    expect(listener.address).toBe(`127.0.0.1:${listener.port}`);
    const socket = await client({ host: '127.0.0.1', port: listener.port });
    expect(await echoOnce(socket, 'ping')).toBe('ping');
  });

  it('counts live connections', async () => {
    const listener = await started(listen());
    expect(listener.connections).toBe(0);
    const socket = await client({ host: '127.0.0.1', port: listener.port });
    await expect.poll(() => listener.connections).toBe(1);
    socket.end();
    await expect.poll(() => listener.connections).toBe(0);
  });

  it('rejects a busy port with ListenError (ERR_LISTEN, cause EADDRINUSE) and the re-run-cell hint', async () => {
    const first = await started(listen());
    const error = await listen({ port: first.port }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ListenError);
    expect((error as ListenError).code).toBe('ERR_LISTEN');
    expect(((error as ListenError).cause as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
    expect((error as Error).message).toBe(
      `Cannot listen on 127.0.0.1:${first.port}: another server, maybe one left by a re-run notebook cell, uses port ${first.port}; close it or use port 0 (EADDRINUSE)`,
    );
  });

  it('close() stops accepting, destroys open connections and resolves once they are gone', async () => {
    const listener = await started(listen());
    const socket = await client({ host: '127.0.0.1', port: listener.port });
    await expect.poll(() => listener.connections).toBe(1);
    await listener.close();
    expect(listener.connections).toBe(0);
    expect(listener.server.listening).toBe(false);
    await closed(socket);
    await expect(client({ host: '127.0.0.1', port: listener.port })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('close({ graceMs }) lets a connection finish on its own within the grace period', async () => {
    const listener = await started(listen());
    const socket = await client({ host: '127.0.0.1', port: listener.port });
    await expect.poll(() => listener.connections).toBe(1);
    let closedByPeer = false;
    setTimeout(() => {
      closedByPeer = true;
      socket.end();
    }, 100);
    const started_ = performance.now();
    await listener.close({ graceMs: 10_000 });
    expect(closedByPeer).toBe(true);
    expect(performance.now() - started_).toBeLessThan(5000);
  });

  it('close({ graceMs }) destroys a connection still open when the grace period ends', async () => {
    const listener = await started(listen());
    const socket = await client({ host: '127.0.0.1', port: listener.port });
    await expect.poll(() => listener.connections).toBe(1);
    await listener.close({ graceMs: 100 });
    await closed(socket);
    expect(listener.connections).toBe(0);
  });

  it('survives a client that resets its connection (ECONNRESET does not crash the process)', async () => {
    const serverSideClosed: Array<Promise<boolean>> = [];
    const listener = await started(
      listen({}, (socket) => {
        serverSideClosed.push(new Promise((resolve) => socket.once('close', resolve)));
        socket.resume(); // read (and drop) what arrives, so the reset is noticed at once
        socket.write('hello');
      }),
    );
    const socket = await client({ host: '127.0.0.1', port: listener.port });
    await new Promise((resolve) => socket.once('data', resolve));
    socket.resetAndDestroy();
    await expect.poll(() => serverSideClosed.length).toBe(1);
    expect(await serverSideClosed[0]).toBe(true); // hadError: the reset reached the server as an error
  });

  describe('Unix domain sockets', () => {
    it('listens on a path that connect-by-path reaches, and removes the file on close', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'socketbook-listen-'));
      cleanups.push(() => rm(folder, { recursive: true, force: true }));
      const path = join(folder, 'echo.sock');
      const listener = await listen({ path }, (socket) => socket.pipe(socket));
      try {
        expect(listener.address).toBe(path);
        expect(listener.port).toBe(0);
        const socket = await client({ path });
        expect(await echoOnce(socket, 'over a file')).toBe('over a file');
      } finally {
        await listener.close();
      }
      expect(existsSync(path)).toBe(false);
    });

    it('rejects a path that already exists with a hint to delete a stale file', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'socketbook-listen-'));
      cleanups.push(() => rm(folder, { recursive: true, force: true }));
      const path = join(folder, 'stale.sock');
      await writeFile(path, '');
      const error = await listen({ path }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ListenError);
      expect((error as Error).message).toMatch(`the socket file ${path} already exists`);
    });
  });

  describe('IPv6 and dual stack', () => {
    // A machine without IPv6 loopback cannot run these; outside CI they skip and say why.
    async function requireIPv6(skip: (note: string) => void): Promise<void> {
      if (await ipv6LoopbackWorks()) return;
      if (process.env.CI) throw new Error('This machine has no IPv6 loopback (::1); dual stack cannot be tested');
      skip('this machine has no IPv6 loopback (::1); dual stack not tested');
    }

    it('listens on ::1 and formats the address with brackets', async ({ skip }) => {
      await requireIPv6(skip);
      const listener = await started(listen({ host: '::1' }, (socket) => socket.end(String(socket.remoteAddress))));
      expect(listener.address).toBe(`[::1]:${listener.port}`);
      const socket = await client({ host: '::1', port: listener.port });
      const reply = await new Promise<Buffer>((resolve) => socket.once('data', resolve));
      expect(reply.toString()).toBe('::1');
    });

    // A dual-stack socket is an IPv6 socket that also accepts IPv4. Listening on '::' would open it on
    // every interface; the tests stay on loopback by binding the IPv4-mapped loopback address, which
    // only a dual-stack socket can do (ipv6Only: true makes Linux refuse it).
    it('with ipv6Only: false accepts an IPv4 client, seen as ::ffff:127.0.0.1', async ({ skip }) => {
      await requireIPv6(skip);
      const listener = await started(
        listen({ host: '::ffff:127.0.0.1', ipv6Only: false }, (socket) => socket.end(String(socket.remoteAddress))),
      );
      const socket = await client({ host: '127.0.0.1', port: listener.port });
      const reply = await new Promise<Buffer>((resolve) => socket.once('data', resolve));
      expect(reply.toString()).toBe('::ffff:127.0.0.1');
    });

    it('with ipv6Only: true refuses the IPv4-mapped address (no dual stack)', async ({ skip }) => {
      await requireIPv6(skip);
      const error = await listen({ host: '::ffff:127.0.0.1', ipv6Only: true }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ListenError);
      expect(((error as ListenError).cause as NodeJS.ErrnoException).code).toBe('EINVAL');
    });
  });
});
