import * as dgram from 'node:dgram';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientBindAddress } from '../../../src/kit/examples/udp-client.js';
import { assertCompiled, freePort, listeningPort, maySkip, python, pythonPort, socketbook, start, stopAll } from './processes.js';

beforeAll(assertCompiled);
afterEach(stopAll);

const message = 'Hola por UDP, ñandú';

/** Sends one datagram from a fresh socket and returns the first reply, or undefined after `timeoutMs`. */
async function request(port: number, data: Buffer, timeoutMs: number): Promise<Buffer | undefined> {
  const socket = dgram.createSocket('udp4');
  try {
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const reply = new Promise<Buffer | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      socket.once('message', (received) => {
        clearTimeout(timer);
        resolve(received);
      });
    });
    socket.send(data, port, '127.0.0.1');
    return await reply;
  } finally {
    socket.close();
  }
}

describe('socketbook example udp-server / udp-client (lecture 15) with Python', () => {
  it('udp-client gets the reply of the Python UDP echo server', async () => {
    const server = python('udp_echo_server.py', '127.0.0.1', '0');
    const port = await pythonPort(server);
    const client = socketbook('udp-client', '127.0.0.1', String(port), '--message', message);
    expect(await client.exited).toEqual({ code: 0, signal: null });
    expect(client.output()).toMatch(new RegExp(`Received ${Buffer.byteLength(message)} bytes "${message}" from 127\\.0\\.0\\.1:${port}`));
    // A server on loopback: the client's socket is bound on loopback too, not on every address.
    expect(client.output()).toMatch(new RegExp(`to 127\\.0\\.0\\.1:${port} from 127\\.0\\.0\\.1:\\d+;`));
  });

  it('udp-server echoes the Python client and says who sent what', async () => {
    const server = socketbook('udp-server', '--port', '0');
    const port = await listeningPort(server);
    const client = python('udp_echo_client.py', '127.0.0.1', String(port), message);
    expect(await client.exited).toEqual({ code: 0, signal: null });
    expect(client.output().trim()).toBe(message);
    await server.waitFor(new RegExp(`127\\.0\\.0\\.1:\\d+: received ${Buffer.byteLength(message)} bytes "${message}", sending them back`));
  });

  it('udp-server cuts a datagram longer than its 4 KiB buffer and echoes the part that fit', async () => {
    const server = socketbook('udp-server', '--port', '0');
    const port = await listeningPort(server);
    const reply = await request(port, Buffer.alloc(5000, 'a'), 5000);
    expect(reply?.length).toBe(4096);
    expect(server.output()).toContain('datagram of 5000 bytes cut to the 4096-byte buffer');
  });

  it('udp-client gives up after its retries when nobody answers, exit code 1', async () => {
    const port = await freePort('udp');
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(port, '127.0.0.1', resolve));
    let received = 0;
    silent.on('message', () => (received += 1));
    try {
      const client = socketbook('udp-client', '127.0.0.1', String(port), '--timeout', '0.2', '--retries', '2');
      expect((await client.exited).code).toBe(1);
      expect(client.output()).toContain('no answer to 3 attempts of 200 ms each');
      expect(received).toBe(3);
    } finally {
      silent.close();
    }
  });

  it('udp-server stops cleanly on Ctrl-C (SIGINT), exit code 0', async () => {
    const server = socketbook('udp-server', '--port', '0');
    await listeningPort(server);
    server.process.kill('SIGINT');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});

describe('socketbook example udp-server / udp-client with socat and nc', () => {
  it.skipIf(maySkip('nc'))('udp-server echoes a datagram sent by nc -u', async () => {
    const server = socketbook('udp-server', '--port', '0');
    const port = await listeningPort(server);
    const nc = start('sh', ['-c', `printf 'hello from nc' | nc -u -w 1 127.0.0.1 ${port}`]);
    expect(await nc.exited).toEqual({ code: 0, signal: null });
    expect(nc.output()).toBe('hello from nc');
  });

  it.skipIf(maySkip('socat'))('udp-client gets the reply of a socat UDP echo server', async () => {
    const port = await freePort('udp');
    start('socat', [`UDP4-RECVFROM:${port},bind=127.0.0.1,fork`, 'PIPE']);
    const client = socketbook('udp-client', '127.0.0.1', String(port), '--message', message, '--timeout', '0.5', '--retries', '5');
    expect(await client.exited).toEqual({ code: 0, signal: null });
    expect(client.output()).toContain(`Received ${Buffer.byteLength(message)} bytes`);
  });

  it.skipIf(maySkip('socat'))('udp-server echoes a datagram sent by socat', async () => {
    const server = socketbook('udp-server', '--port', '0');
    const port = await listeningPort(server);
    const socat = start('sh', ['-c', `printf 'hello from socat' | socat -T 1 - UDP4:127.0.0.1:${port}`]);
    expect(await socat.exited).toEqual({ code: 0, signal: null });
    expect(socat.output()).toBe('hello from socat');
  });
});

describe('clientBindAddress()', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'], ['127.0.0.2', '127.0.0.1'], ['localhost', '127.0.0.1'], ['::1', '::1'],
    ['192.168.1.20', '0.0.0.0'], ['example.org', '0.0.0.0'], ['2001:db8::1', '::'],
  ])('binds a client of %s to %s', (server, bound) => {
    expect(clientBindAddress(server)).toBe(bound);
  });
});
