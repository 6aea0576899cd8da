import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import {
  ChatProtocolError, decodeChatBody, encodeChatBody, encodeChatFrame, MAX_CHAT_BODY_BYTES, MAX_CHAT_FILE_BYTES,
  sha256Hex,
} from '../../src/net/file-chat-protocol.js';
import { JoinRefusedError, joinFileChat, readChatFrame, startFileChatServer } from '../../src/net/file-chat.js';
import { FrameTooLargeError } from '../../src/net/length-prefix.js';
import { createReader } from '../../src/net/socket-reader.js';

describe('file chat protocol', () => {
  it('encodeChatFrame() writes a length prefix, the JSON header, \\n and the payload', () => {
    const frame = encodeChatFrame({ type: 'say', text: 'hola' });
    expect(frame.readUInt32BE(0)).toBe(frame.length - 4);
    expect(frame.subarray(4).toString()).toBe('{"type":"say","text":"hola"}\n');
  });

  it('decodeChatBody() keeps a payload holding \\n bytes intact', () => {
    const payload = Buffer.from([0x0a, 0x00, 0xff, 0x0a]);
    const decoded = decodeChatBody(encodeChatBody({ type: 'share', name: 'x.bin' }, payload));
    expect(decoded.header).toEqual({ type: 'share', name: 'x.bin' });
    expect(decoded.payload).toEqual(payload);
  });

  it('decodeChatBody() rejects a body without \\n, a non-JSON header and a header without type', () => {
    expect(() => decodeChatBody(Buffer.from('hola'))).toThrow(ChatProtocolError);
    expect(() => decodeChatBody(Buffer.from('hola\n'))).toThrow(/not JSON/);
    expect(() => decodeChatBody(Buffer.from('{"text":"x"}\n'))).toThrow(/no string "type"/);
  });

  it('MAX_CHAT_BODY_BYTES leaves 64 KiB for the header of the largest file', () => {
    expect(MAX_CHAT_FILE_BYTES).toBe(8 * 1024 * 1024);
    expect(MAX_CHAT_BODY_BYTES - MAX_CHAT_FILE_BYTES).toBe(64 * 1024);
  });

  it('sha256Hex() is the lowercase hex SHA-256', () => {
    expect(sha256Hex(Buffer.from('hola'))).toBe('b221d9dbb083a7f33428d7c2a3c3198ae925614d70210e28716ccaa7cd4ddb79');
  });
});

describe('startFileChatServer() and joinFileChat()', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function room() {
    const server = await startFileChatServer({ maxFileBytes: 512 * 1024 });
    cleanups.push(() => server.close());
    const join = async (name: string) => {
      const client = await joinFileChat({ port: server.port, name });
      cleanups.push(async () => void client.socket.destroy());
      return client;
    };
    return { server, join };
  }

  it('welcomes, announces joins, relays say and share to the others, and announces leaving', async () => {
    const { join } = await room();
    const ana = await join('ana');
    const beto = await join('beto');
    expect(beto.welcome).toEqual({ type: 'welcome', name: 'beto', users: ['ana', 'beto'] });
    expect((await ana.next()).header).toEqual({ type: 'joined', name: 'beto' });
    await ana.say('hola, ñandú');
    expect((await beto.next()).header).toEqual({ type: 'said', from: 'ana', text: 'hola, ñandú' });
    const file = Buffer.alloc(200_000, 0x0a);
    await beto.share('datos.bin', file);
    const shared = await ana.next();
    expect(shared.header).toEqual({ type: 'shared', from: 'beto', name: 'datos.bin', size: 200_000, sha256: sha256Hex(file) });
    expect(shared.payload).toEqual(file);
    await beto.leave();
    expect((await ana.next()).header).toEqual({ type: 'left', name: 'beto' });
  });

  it('relays a file of several MiB to a member who reads it, without taking it for a slow client', async () => {
    const server = await startFileChatServer();
    cleanups.push(() => server.close());
    const ana = await joinFileChat({ port: server.port, name: 'ana' });
    const beto = await joinFileChat({ port: server.port, name: 'beto' });
    cleanups.push(async () => void ana.socket.destroy(), async () => void beto.socket.destroy());
    await ana.next();
    const file = Buffer.alloc(4 * 1024 * 1024, 0x2a);
    await beto.share('grande.bin', file);
    const shared = await ana.next(10_000);
    expect(shared.header).toMatchObject({ type: 'shared', name: 'grande.bin', size: file.length });
    expect(shared.payload.equals(file)).toBe(true);
  });

  it('refuses a taken name with NAME_TAKEN', async () => {
    const { join } = await room();
    await join('ana');
    await expect(join('ana')).rejects.toMatchObject({ code: 'NAME_TAKEN' });
    await expect(join('ana')).rejects.toBeInstanceOf(JoinRefusedError);
  });

  it('answers NOT_JOINED, BAD_FILE and BAD_MESSAGE with an error and keeps the connection', async () => {
    const { server } = await room();
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    cleanups.push(async () => void socket.destroy());
    const reader = createReader(socket);
    const ask = async (frame: Buffer) => {
      socket.write(frame);
      return (await readChatFrame(reader)).header.code;
    };
    expect(await ask(encodeChatFrame({ type: 'say', text: 'hola' }))).toBe('NOT_JOINED');
    expect(await ask(encodeChatFrame({ type: 'join', name: 'ana' }))).toBeUndefined(); // welcome
    expect(await ask(encodeChatFrame({ type: 'share', name: '../x', size: 1, sha256: sha256Hex(Buffer.from('x')) }, Buffer.from('x')))).toBe('BAD_FILE');
    expect(await ask(encodeChatFrame({ type: 'share', name: 'x', size: 2, sha256: 'nope' }, Buffer.from('x')))).toBe('BAD_FILE');
    expect(await ask(Buffer.from([0, 0, 0, 4, 0x68, 0x6f, 0x6c, 0x61]))).toBe('BAD_MESSAGE');
    expect(await ask(encodeChatFrame({ type: 'dance' }))).toBe('BAD_MESSAGE');
  });

  /** A raw socket to a fresh server that sends `bytes` and then keeps the connection open, silent. */
  async function rawPeer(bytes: Buffer) {
    const accepted: net.Socket[] = [];
    const server = net.createServer((socket) => {
      accepted.push(socket);
      socket.write(bytes);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const socket = net.connect({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port });
    cleanups.push(async () => {
      socket.destroy();
      for (const peer of accepted) peer.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    return socket;
  }

  it('readChatFrame() refuses a 4 GiB length claim as soon as the prefix arrives, without waiting for the body', async () => {
    const socket = await rawPeer(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x7b]));
    const reader = createReader(socket);
    const error = await readChatFrame(reader, 60_000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FrameTooLargeError);
    expect(error).toMatchObject({ code: 'ERR_FRAME_TOO_LARGE', length: 0xffff_ffff, limit: MAX_CHAT_BODY_BYTES });
  });

  it('readChatFrame() takes a body of exactly maxBodyBytes and refuses one byte more', async () => {
    const body = encodeChatBody({ type: 'say', text: 'hola' });
    const exact = createReader(await rawPeer(encodeChatFrame({ type: 'say', text: 'hola' })));
    expect((await readChatFrame(exact, 2000, { maxBodyBytes: body.length })).header.text).toBe('hola');
    const over = createReader(await rawPeer(encodeChatFrame({ type: 'say', text: 'hola' })));
    await expect(readChatFrame(over, 2000, { maxBodyBytes: body.length - 1 })).rejects.toBeInstanceOf(FrameTooLargeError);
  });

  it('the reference server closes a connection whose frame claims more than the limit, before its body', async () => {
    const { server } = await room();
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    cleanups.push(async () => void socket.destroy());
    await once(socket, 'connect');
    const tooLong = Buffer.alloc(4);
    tooLong.writeUInt32BE(512 * 1024 + 64 * 1024 + 1);
    socket.write(tooLong);
    socket.resume();
    await once(socket, 'close');
  });
});
