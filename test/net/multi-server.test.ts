import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeLengthPrefixed } from '../../src/net/length-prefix.js';
import { createMultiServer, type MultiServer } from '../../src/net/multi-server.js';
import { createEchoServer } from '../../src/net/echo-server.js';
import { connectClient, sleep, waitUntil, type TestClient } from './multi-server-helpers.js';

const servers: MultiServer<object>[] = [];
const sockets: TestClient[] = [];

afterEach(async () => {
  for (const client of sockets.splice(0)) client.socket.destroy();
  for (const server of servers.splice(0)) {
    await server.close({ drainMs: 0 });
    expect(server.connections).toBe(0);
    expect(server.stats.connected).toBe(0);
  }
});

async function echoServer(options: Parameters<typeof createEchoServer>[0] = {}) {
  const server = await createEchoServer(options);
  servers.push(server);
  return server;
}

async function client(port: number, framing: 'lines' | 'length-prefix' | 'raw' = 'length-prefix') {
  const connected = await connectClient(port, framing);
  sockets.push(connected);
  return connected;
}

describe('createMultiServer() through createEchoServer()', () => {
  it('echoes 20 framed messages intact for each of 200 concurrent clients', async () => {
    const server = await echoServer({ framing: 'length-prefix' });
    const clients = await Promise.all(Array.from({ length: 200 }, () => client(server.port)));
    const sent = clients.map((_, index) =>
      Array.from({ length: 20 }, (__, message) => Buffer.concat([Buffer.from(`${index}/${message}:`), randomBytes(message * 37)])),
    );
    clients.forEach((each, index) => {
      for (const message of sent[index]!) each.socket.write(encodeLengthPrefixed(message));
    });
    await Promise.all(clients.map((each) => each.waitFor(20)));
    // Hex strings compare much faster than Buffers in expect().
    const hex = (messages: (Buffer | string)[]) => messages.map((message) => Buffer.from(message).toString('hex'));
    clients.forEach((each, index) => expect(hex(each.received)).toEqual(hex(sent[index]!)));
    expect(server.stats).toMatchObject({ connected: 200, accepted: 200, messagesIn: 4000, messagesOut: 4000 });
  });

  it('keeps serving one client while 300 others connect and reset abruptly', async () => {
    const server = await echoServer({ framing: 'lines' });
    const worker = await client(server.port, 'lines');
    const resets = (async () => {
      for (let batch = 0; batch < 6; batch += 1) {
        const crowd = await Promise.all(Array.from({ length: 50 }, () => client(server.port, 'lines')));
        for (const each of crowd) {
          each.socket.write('half a li');
          each.socket.resetAndDestroy();
        }
      }
    })();
    for (let index = 0; index < 50; index += 1) {
      worker.socket.write(`message ${index}\n`);
      await worker.waitFor(index + 1);
    }
    await resets;
    expect(worker.received).toEqual(Array.from({ length: 50 }, (_, index) => `message ${index}`));
    await waitUntil(() => server.stats.connected === 1);
    expect(server.stats.accepted).toBe(301);
  });

  it('decodes a message sent one byte at a time', async () => {
    const server = await echoServer({ framing: 'length-prefix' });
    const slow = await client(server.port);
    slow.socket.setNoDelay(true);
    const frame = encodeLengthPrefixed('uno, dos, tres: ñandú');
    for (const byte of frame) {
      slow.socket.write(Buffer.from([byte]));
      await sleep(1);
    }
    await slow.waitFor(1);
    expect(slow.received[0]!.toString()).toBe('uno, dos, tres: ñandú');
    expect(server.stats.messagesIn).toBe(1);
  });

  it('closes a client claiming a 4 GiB message and keeps serving the others', async () => {
    const server = await echoServer({ framing: 'length-prefix', maxMessageBytes: 1024 * 1024 });
    const liar = await client(server.port);
    const honest = await client(server.port);
    liar.socket.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]));
    await liar.closed;
    honest.socket.write(encodeLengthPrefixed('still here'));
    await honest.waitFor(1);
    expect(honest.received[0]!.toString()).toBe('still here');
    expect(server.stats.protocolErrors).toBe(1);
  });

  it('closes without replies a client whose chunk holds good messages, then one over the limit', async () => {
    const server = await echoServer({ framing: 'length-prefix', maxMessageBytes: 64 });
    const liar = await client(server.port);
    liar.socket.write(Buffer.concat([encodeLengthPrefixed('uno'), encodeLengthPrefixed('dos'), encodeLengthPrefixed('x'.repeat(65))]));
    await liar.closed;
    expect(liar.rawBytes).toBe(0);
    expect(server.stats).toMatchObject({ protocolErrors: 1, messagesIn: 2 });
  });

  it('refuses clients beyond maxClients with a reason line', async () => {
    const server = await echoServer({ framing: 'lines', maxClients: 3 });
    await Promise.all([1, 2, 3].map(() => client(server.port, 'lines')));
    const extra = await client(server.port, 'lines');
    await extra.closed;
    expect(extra.received).toEqual(['ERR server full: 3 clients connected, try again later']);
    expect(server.stats).toMatchObject({ connected: 3, accepted: 3, rejected: 1 });
  });

  it('closes a client idle for longer than idleTimeoutMs', async () => {
    const server = await echoServer({ idleTimeoutMs: 100 });
    const idle = await client(server.port, 'raw');
    const started = Date.now();
    await idle.closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(server.stats.idleClientsClosed).toBe(1);
  });

  it('drops a client that does not read, and the others keep receiving', async () => {
    const server = await createMultiServer({ framing: 'length-prefix', maxQueuedBytes: 256 * 1024 }, {});
    servers.push(server);
    const slow = await client(server.port);
    const fast = await client(server.port);
    slow.socket.pause();
    const block = randomBytes(256 * 1024);
    let sent = 0;
    while (server.stats.slowClientsDropped === 0 && sent < 400) {
      server.broadcast(block);
      sent += 1;
      await sleep(2);
    }
    expect(server.stats.slowClientsDropped).toBe(1);
    await fast.waitFor(sent);
    expect(fast.received.every((message) => Buffer.compare(message as Buffer, block) === 0)).toBe(true);
    await waitUntil(() => server.stats.connected === 1);
  });

  it('drops a client when the replies to one of its messages pass maxQueuedBytes, and send() says so', async () => {
    const answers: boolean[] = [];
    const server = await createMultiServer({ framing: 'length-prefix', maxQueuedBytes: 64 * 1024 }, {
      onMessage: (each) => {
        for (let index = 0; index < 100; index += 1) answers.push(each.send(Buffer.alloc(1024)));
      },
    });
    servers.push(server);
    const greedy = await client(server.port);
    greedy.socket.write(encodeLengthPrefixed('send me 100 KiB'));
    await greedy.closed;
    // 63 replies of 1028 bytes fit in 64 KiB, the 64th does not; every send after the drop says false.
    expect(answers.indexOf(false)).toBe(63);
    expect(answers.slice(63).every((sent) => !sent)).toBe(true);
    expect(server.stats.slowClientsDropped).toBe(1);
    expect(greedy.rawBytes).toBe(0);
  });

  it('flushes queued output on close, then leaves no socket open', async () => {
    const line = 'x'.repeat(4000);
    const server = await createMultiServer({ framing: 'lines', maxQueuedBytes: 64 * 1024 * 1024 }, {
      onMessage: (each) => {
        for (let index = 0; index < 2000; index += 1) each.send(line);
      },
    });
    const reader = await client(server.port, 'lines');
    reader.socket.write('go\n');
    await waitUntil(() => server.stats.messagesOut === 2000);
    // 8 MB is more than the OS buffers for a client that is not reading: part of it waits in our queue.
    reader.socket.pause();
    const closing = server.close({ drainMs: 5000 });
    await sleep(50);
    reader.socket.resume();
    await closing;
    await reader.closed;
    expect(reader.received).toHaveLength(2000);
    expect(server.connections).toBe(0);
    expect(server.clients.size).toBe(0);
  });

  it('echoes raw chunks, as the lecture\'s example 17 does', async () => {
    const server = await echoServer();
    const raw = await client(server.port, 'raw');
    raw.socket.write('hola, servidor');
    await waitUntil(() => raw.rawBytes === 14);
    expect(Buffer.concat(raw.received as Buffer[]).toString()).toBe('hola, servidor');
  });

  it('keeps per-client state and calls onConnect and onClose once per client', async () => {
    const events: string[] = [];
    const server = await createMultiServer<{ count: number }>({ framing: 'lines' }, {
      onConnect: (each) => {
        each.state.count = 0;
        events.push(`connect ${each.id}`);
      },
      onMessage: (each, line) => each.send(`${++each.state.count}: ${String(line)}`),
      onClose: (each) => events.push(`close ${each.id}`),
    });
    servers.push(server);
    const first = await client(server.port, 'lines');
    const second = await client(server.port, 'lines');
    first.socket.write('a\nb\n');
    second.socket.write('c\n');
    await Promise.all([first.waitFor(2), second.waitFor(1)]);
    expect(first.received).toEqual(['1: a', '2: b']);
    expect(second.received).toEqual(['1: c']);
    first.socket.end();
    await waitUntil(() => events.length === 3);
    expect(events).toEqual(['connect 1', 'connect 2', 'close 1']);
  });

  it('delivers the replies a handler queued before it closed the client, in order', async () => {
    const server = await createMultiServer({ framing: 'lines' }, {
      onMessage: (each, line) => {
        each.send(`first ${String(line)}`);
        each.send(`second ${String(line)}`);
        each.close();
        expect(each.send('after close')).toBe(false);
      },
    });
    servers.push(server);
    const reader = await client(server.port, 'lines');
    reader.socket.write('a\nb\n');
    await reader.closed;
    expect(reader.received).toEqual(['first a', 'second a']);
  });

  it('keeps a chunk\'s replies for its own client when the handler sends to and closes another one', async () => {
    const server = await createMultiServer({ framing: 'lines' }, {
      onMessage: (each, line) => {
        each.send(`before ${String(line)}`);
        for (const other of server.clients) {
          if (other === each) continue;
          other.send(`relayed ${String(line)}`);
          other.close();
        }
        each.send(`after ${String(line)}`);
      },
    });
    servers.push(server);
    const listener = await client(server.port, 'lines');
    await waitUntil(() => server.clients.size === 1);
    const speaker = await client(server.port, 'lines');
    await waitUntil(() => server.clients.size === 2);
    speaker.socket.write('hola\n');
    await listener.closed;
    await speaker.waitFor(2);
    expect(listener.received).toEqual(['relayed hola']);
    expect(speaker.received).toEqual(['before hola', 'after hola']);
  });

  it('answers every message of a chunk, in order', async () => {
    const server = await echoServer({ framing: 'length-prefix' });
    const sender = await client(server.port);
    const messages = Array.from({ length: 50 }, (_, index) => Buffer.from(`message ${index}`));
    sender.socket.write(Buffer.concat(messages.map((message) => encodeLengthPrefixed(message))));
    await sender.waitFor(50);
    expect(sender.received.map(String)).toEqual(messages.map(String));
    expect(server.stats.bytesOut).toBe(sender.rawBytes);
  });

  it('sends a Buffer as it was when send() was called, though the handler reuses it', async () => {
    const server = await createMultiServer({ framing: 'length-prefix' }, {
      onMessage: (each) => {
        const reply = Buffer.alloc(4);
        for (let index = 0; index < 3; index += 1) {
          reply.writeUInt32BE(index);
          each.send(reply);
        }
      },
    });
    servers.push(server);
    const reader = await client(server.port);
    reader.socket.write(encodeLengthPrefixed('go'));
    await reader.waitFor(3);
    expect(reader.received.map((message) => (message as Buffer).readUInt32BE(0))).toEqual([0, 1, 2]);
  });

  it('does not close as idle a client that keeps talking', async () => {
    const server = await echoServer({ framing: 'lines', idleTimeoutMs: 300 });
    const talker = await client(server.port, 'lines');
    for (let index = 0; index < 8; index += 1) {
      talker.socket.write(`ping ${index}\n`);
      await sleep(50);
    }
    await talker.waitFor(8);
    expect(server.stats.idleClientsClosed).toBe(0);
    expect(talker.socket.destroyed).toBe(false);
  });

  it('does not close as idle a client that only listens while the server keeps sending to it', async () => {
    const server = await echoServer({ framing: 'lines', idleTimeoutMs: 300 });
    const listener = await client(server.port, 'lines');
    for (let index = 0; index < 8; index += 1) {
      server.broadcast(`news ${index}`);
      await sleep(50);
    }
    expect(server.stats.idleClientsClosed).toBe(0);
    await listener.waitFor(8);
    expect(listener.socket.destroyed).toBe(false);
  });

  it('serves clients over IPv6 loopback', async () => {
    const server = await echoServer({ host: '::1', framing: 'lines' });
    const socket = net.connect(server.port, '::1');
    socket.setEncoding('utf8');
    socket.on('error', () => {});
    await once(socket, 'connect');
    socket.write('hola\n');
    const [reply] = (await once(socket, 'data')) as [string];
    expect(reply).toBe('hola\n');
    expect([...server.clients][0]?.address).toBe(`[::1]:${socket.localPort}`);
    socket.destroy();
  });
});

