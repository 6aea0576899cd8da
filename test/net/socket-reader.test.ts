import * as net from 'node:net';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { SocketClosedError, TimeoutError } from '../../src/net/common-errors.js';
import { LineTooLongError } from '../../src/net/line-codec.js';
import {
  PeerClosedError,
  ReadLimitError,
  ReaderBusyError,
  createReader,
} from '../../src/net/socket-reader.js';

/** An in-memory stand-in for a socket: what the test writes is what the reader receives. */
function fakeSocket(): PassThrough {
  return new PassThrough();
}

/** Writes the chunks one by one, each in its own event-loop turn, then optionally ends. */
async function feed(stream: PassThrough, chunks: Uint8Array[], end = true): Promise<void> {
  for (const chunk of chunks) {
    stream.write(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (end) stream.end();
}

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** A TCP pair on 127.0.0.1: the client side and the server's accepted side. */
async function tcpPair(): Promise<{ client: net.Socket; server: net.Socket }> {
  const listening = net.createServer();
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<net.Socket>((resolve) => listening.once('connection', resolve));
  const client = net.createConnection((listening.address() as net.AddressInfo).port, '127.0.0.1');
  const server = await accepted;
  server.on('error', () => {});
  cleanups.push(() => new Promise((resolve) => listening.close(resolve)));
  cleanups.push(() => {
    client.destroy();
    server.destroy();
  });
  return { client, server };
}

describe('createReader()', () => {
  it('readExactly() returns exactly the bytes asked for, across chunk boundaries, losing none', async () => {
    const socket = fakeSocket();
    const reader = createReader(socket);
    void feed(socket, [Buffer.from('ab'), Buffer.from('cdef'), Buffer.from('g')]);
    expect((await reader.readExactly(3)).toString()).toBe('abc');
    expect((await reader.readExactly(1)).toString()).toBe('d');
    expect((await reader.readUntilClose()).toString()).toBe('efg');
  });

  it('any split of the stream gives the same readExactly() results', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 16 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 6 }),
        async (chunks, sizes) => {
          const stream = Buffer.concat(chunks);
          const socket = fakeSocket();
          const reader = createReader(socket);
          void feed(socket, chunks);
          let offset = 0;
          for (const size of sizes) {
            if (offset + size > stream.length) break;
            expect(await reader.readExactly(size)).toEqual(stream.subarray(offset, offset + size));
            offset += size;
          }
          expect(await reader.readUntilClose()).toEqual(stream.subarray(offset));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('readExactly() rejects with PeerClosedError saying how many of n bytes arrived, and keeps them', async () => {
    const socket = fakeSocket();
    const reader = createReader(socket);
    void feed(socket, [Buffer.from('abc')]);
    const error = await reader.readExactly(10).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PeerClosedError);
    expect((error as PeerClosedError).code).toBe('ERR_PEER_CLOSED');
    expect((error as Error).message).toBe('Cannot read 10 bytes: the peer closed the connection after 3 of 10 bytes arrived');
    expect((await reader.read())?.toString()).toBe('abc');
    expect(await reader.read()).toBeNull();
  });

  it('readLine() decodes characters split across chunks, strips \\r, returns a last unterminated line, then null', async () => {
    const socket = fakeSocket();
    const reader = createReader(socket);
    const bytes = Buffer.from('año €\r\nsin fin', 'utf8');
    void feed(socket, [...bytes].map((byte) => Uint8Array.of(byte))); // one byte per chunk
    expect(await reader.readLine()).toBe('año €');
    expect(await reader.readLine()).toBe('sin fin');
    expect(await reader.readLine()).toBeNull();
  });

  it('readLine() rejects a line above maxBytes with LineTooLongError', async () => {
    const socket = fakeSocket();
    const reader = createReader(socket);
    void feed(socket, [Buffer.from('abcdef')], false);
    await expect(reader.readLine({ maxBytes: 4 })).rejects.toBeInstanceOf(LineTooLongError);
  });

  it('readUntilClose() rejects with ReadLimitError once more than maxBytes arrived', async () => {
    const socket = fakeSocket();
    const reader = createReader(socket);
    void feed(socket, [Buffer.alloc(6), Buffer.alloc(6)], false);
    const error = await reader.readUntilClose({ maxBytes: 8 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReadLimitError);
    expect((error as Error).message).toBe('Cannot read until close: more than 8 bytes arrived; raise maxBytes');
  });

  it('refuses a read larger than maxBufferBytes instead of waiting forever', async () => {
    const reader = createReader(fakeSocket(), { maxBufferBytes: 16 });
    await expect(reader.readExactly(17)).rejects.toThrow(
      "Cannot read 17 bytes: 17 bytes exceeds the reader's maxBufferBytes 16; create the reader with a larger maxBufferBytes",
    );
    await expect(reader.readUntilClose({ maxBytes: 32 })).rejects.toBeInstanceOf(ReadLimitError);
  });

  it('pauses the socket while more than maxBufferBytes wait unread, and resumes once read', async () => {
    const socket = fakeSocket();
    const reader = createReader(socket, { maxBufferBytes: 8 });
    await feed(socket, [Buffer.alloc(6), Buffer.alloc(6)], false);
    expect(socket.isPaused()).toBe(true);
    expect(reader.bufferedBytes).toBe(12);
    await reader.readExactly(8);
    expect(socket.isPaused()).toBe(false);
  });

  it('reads exactly maxBufferBytes until close without stalling', async () => {
    const socket = fakeSocket();
    const reader = createReader(socket, { maxBufferBytes: 8 });
    void feed(socket, [Buffer.alloc(4), Buffer.alloc(4)]);
    expect((await reader.readUntilClose()).length).toBe(8);
  });

  it('rejects a second read while the first is pending with ReaderBusyError', async () => {
    const socket = fakeSocket();
    const reader = createReader(socket);
    const first = reader.readLine();
    await expect(reader.readLine()).rejects.toBeInstanceOf(ReaderBusyError);
    socket.end('done\n');
    expect(await first).toBe('done');
  });

  it('read() returns what is available, then null at the end', async () => {
    const socket = fakeSocket();
    const reader = createReader(socket);
    void feed(socket, [Buffer.from('x')]);
    expect((await reader.read())?.toString()).toBe('x');
    expect(await reader.read()).toBeNull();
  });

  describe('on real TCP sockets', () => {
    it('a timeout rejects with TimeoutError and really closes the connection', async () => {
      const { client, server } = await tcpPair();
      const reader = createReader(client);
      const serverSawClose = new Promise((resolve) => server.once('close', resolve));
      server.resume();
      server.write('partial line');
      const error = await reader.readLine({ timeoutMs: 100 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).code).toBe('ERR_TIMEOUT');
      expect((error as Error).message).toMatch(/^Cannot read line: not done within 100 ms \(12 bytes waiting\); the socket is now closed/);
      expect(client.destroyed).toBe(true);
      await serverSawClose;
      expect((await reader.read())?.toString()).toBe('partial line'); // what arrived is not lost
      await expect(reader.readExactly(1)).rejects.toBeInstanceOf(SocketClosedError);
    });

    it('a connection reset rejects the pending read with PeerClosedError whose cause is ECONNRESET', async () => {
      const { client, server } = await tcpPair();
      const reader = createReader(client);
      const pending = reader.readExactly(10);
      server.write('abc');
      await new Promise((resolve) => setTimeout(resolve, 20));
      server.resetAndDestroy();
      const error = await pending.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PeerClosedError);
      expect((error as Error).message).toBe('Cannot read 10 bytes: the connection broke (ECONNRESET) after 3 of 10 bytes arrived');
      expect(((error as PeerClosedError).cause as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    });
  });
});
