import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChatProtocolError, decodeChatBody, encodeChatBody, encodeChatFrame, sha256Hex,
} from '../../src/net/file-chat-protocol.js';
import { JoinRefusedError, joinFileChat, readChatFrame, startFileChatServer } from '../../src/net/file-chat.js';
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
});
