import * as net from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCompiled, freePort, listeningPort, maySkip, python, pythonPort, socketbook, start, stopAll } from './processes.js';

beforeAll(assertCompiled);
afterEach(stopAll);

const message = 'Hola, ñandú: sockets con Python y Node';

function connectTo(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket: net.Socket = net.createConnection({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextData(socket: net.Socket, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.off('data', onData);
      resolve(undefined);
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      clearTimeout(timer);
      resolve(chunk.toString());
    };
    socket.once('data', onData);
  });
}

describe('socketbook example tcp-server / tcp-client (lecture 14) with Python', () => {
  it('tcp-client gets its whole message back from the Python echo server', async () => {
    const server = python('tcp_echo_server.py', '127.0.0.1', '0');
    const port = await pythonPort(server);
    const client = socketbook('tcp-client', '127.0.0.1', String(port), '--message', message);
    expect(await client.exited).toEqual({ code: 0, signal: null });
    expect(client.output()).toContain(`Received ${Buffer.byteLength(message)} bytes ${JSON.stringify(message)}`);
    expect(client.output()).toContain('The whole message came back');
  });

  it('tcp-server echoes to the Python client and says who connected and what it echoed', async () => {
    const server = socketbook('tcp-server', '--port', '0');
    const port = await listeningPort(server);
    const client = python('tcp_echo_client.py', '127.0.0.1', String(port), message);
    expect(await client.exited).toEqual({ code: 0, signal: null });
    expect(client.output().trim()).toBe(message);
    await server.waitFor(/closed the connection after \d+ bytes/);
    expect(server.output()).toMatch(/127\.0\.0\.1:\d+ connected/);
    expect(server.output()).toContain(`received ${Buffer.byteLength(message)} bytes ${JSON.stringify(message)}, sending them back`);
  });

  it('tcp-server serves one client at a time: the second is echoed only after the first closes', async () => {
    const server = socketbook('tcp-server', '--port', '0');
    const port = await listeningPort(server);
    const first = await connectTo(port);
    const second = await connectTo(port);
    try {
      first.write('first');
      expect(await nextData(first, 5000)).toBe('first');
      second.write('second');
      expect(await nextData(second, 300)).toBeUndefined();
      await server.waitFor(/waits until the current client is done/);
      first.end();
      expect(await nextData(second, 5000)).toBe('second');
    } finally {
      first.destroy();
      second.destroy();
    }
  });

  it('tcp-server splits what it reads into --buffer blocks', async () => {
    const server = socketbook('tcp-server', '--port', '0', '--buffer', '4');
    const port = await listeningPort(server);
    const client = python('tcp_echo_client.py', '127.0.0.1', String(port), 'abcdefghij');
    expect(await client.exited).toEqual({ code: 0, signal: null });
    await server.waitFor(/received 2 bytes "ij"/);
    expect(server.output()).toContain('received 4 bytes "abcd"');
  });

  it('tcp-server stops cleanly on Ctrl-C (SIGINT), exit code 0', async () => {
    const server = socketbook('tcp-server', '--port', '0');
    await listeningPort(server);
    server.process.kill('SIGINT');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('Server closed');
  });

  it('tcp-client exits 1 with the reason when nothing listens', async () => {
    const port = await freePort('tcp');
    const client = socketbook('tcp-client', '127.0.0.1', String(port));
    expect((await client.exited).code).toBe(1);
    expect(client.output()).toContain('ECONNREFUSED');
  });
});

describe('socketbook example tcp-server / tcp-client with socat and nc', () => {
  it.skipIf(maySkip('nc'))('tcp-server echoes what nc sends', async () => {
    const server = socketbook('tcp-server', '--port', '0');
    const port = await listeningPort(server);
    const nc = start('sh', ['-c', `printf 'hello from nc' | nc -N 127.0.0.1 ${port}`]);
    expect(await nc.exited).toEqual({ code: 0, signal: null });
    expect(nc.output()).toBe('hello from nc');
  });

  it.skipIf(maySkip('socat'))('tcp-client gets its message back from a socat echo server', async () => {
    const port = await freePort('tcp');
    const echo = start('socat', [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, 'PIPE']);
    await waitUntilListening(port);
    const client = socketbook('tcp-client', '127.0.0.1', String(port), '--message', message);
    expect(await client.exited).toEqual({ code: 0, signal: null });
    expect(client.output()).toContain('The whole message came back');
    expect(echo.output()).toBe('');
  });

  it.skipIf(maySkip('socat'))('tcp-server echoes what socat sends', async () => {
    const server = socketbook('tcp-server', '--port', '0');
    const port = await listeningPort(server);
    const socat = start('sh', ['-c', `printf 'hello from socat' | socat -t 2 - TCP:127.0.0.1:${port}`]);
    expect(await socat.exited).toEqual({ code: 0, signal: null });
    expect(socat.output()).toBe('hello from socat');
  });
});

/** socat binds a moment after it starts: try to connect until it answers. */
async function waitUntilListening(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      (await connectTo(port)).destroy();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`Cannot connect to 127.0.0.1:${port}: nothing listened within 5 s`);
}
