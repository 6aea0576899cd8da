import * as dgram from 'node:dgram';
import { once } from 'node:events';
import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTrace, previewData, type Trace, traceServer, traceSocket, traceUdp } from '../../src/net/trace.js';

const opened: { close(): unknown }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((resource) => new Promise((resolve) => {
    resource.close();
    resolve(undefined);
  })));
});

/** An echo server on 127.0.0.1 that ends its side when the client does (Node's default). */
async function startEchoServer(trace?: Trace): Promise<net.Server> {
  const server = net.createServer((socket) => socket.pipe(socket));
  if (trace) traceServer(server, trace, { local: 'server' });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  opened.push(server);
  return server;
}

function portOf(server: net.Server): number {
  return (server.address() as net.AddressInfo).port;
}

/** Connects, sends `text`, ends after the echo arrives, resolves on close. */
async function echoOnce(port: number, trace: Trace, text: string): Promise<void> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  traceSocket(socket, trace, { local: 'client', remote: 'server' });
  socket.on('connect', () => socket.write(text));
  socket.once('data', () => socket.end());
  socket.resume();
  await once(socket, 'close');
}

const summary = (trace: Trace) => trace.events.map((event) => [event.kind, event.from ?? event.actor, event.to ?? '', event.bytes ?? '']);

describe('createTrace()', () => {
  it('stamps events with milliseconds since it was created', () => {
    let clock = 1000;
    const trace = createTrace({ now: () => clock });
    clock = 1002.5;
    trace.note('client', 'hello');
    expect(trace.events).toEqual([{ t: 2.5, actor: 'client', kind: 'note', label: 'hello' }]);
  });

  it('keeps at most maxEvents and counts the rest as dropped', () => {
    const trace = createTrace({ maxEvents: 2 });
    for (let index = 0; index < 5; index++) trace.note('a', String(index));
    expect(trace.events.map((event) => event.label)).toEqual(['0', '1']);
    expect(trace.dropped).toBe(3);
  });
});

describe('traceSocket()', () => {
  it('records a TCP echo on loopback in order: connect, data out, data in, FIN out, FIN in, close', async () => {
    const server = await startEchoServer();
    const trace = createTrace();
    await echoOnce(portOf(server), trace, 'hola\n');
    expect(summary(trace)).toEqual([
      ['connect', 'client', 'server', ''],
      ['data', 'client', 'server', 5],
      ['data', 'server', 'client', 5],
      ['end', 'client', 'server', ''],
      ['end', 'server', 'client', ''],
      ['close', 'client', '', ''],
    ]);
    expect(trace.events[1]?.label).toBe('"hola\\n"');
    const times = trace.events.map((event) => event.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('records data passed to end() once, followed by the FIN', async () => {
    const server = await startEchoServer();
    const trace = createTrace();
    const socket = net.connect({ port: portOf(server), host: '127.0.0.1' });
    traceSocket(socket, trace, { local: 'client', remote: 'server' });
    await once(socket, 'connect');
    socket.end('bye');
    socket.resume();
    await once(socket, 'close');
    const sent = trace.events.filter((event) => event.from === 'client');
    expect(sent.map((event) => [event.kind, event.bytes])).toEqual([['connect', undefined], ['data', 3], ['end', undefined]]);
  });

  it('records errors without adding an error listener, so an unhandled error stays unhandled', async () => {
    const server = await startEchoServer();
    const port = portOf(server);
    await new Promise((resolve) => server.close(resolve));
    const trace = createTrace();
    const socket = net.connect({ port, host: '127.0.0.1' });
    traceSocket(socket, trace, { local: 'client', remote: 'server' });
    expect(socket.listenerCount('error')).toBe(0);
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.on('close', resolve));
    expect(trace.events.map((event) => event.kind)).toEqual(['error', 'close']);
    expect(trace.events[0]?.label).toMatch(/ECONNREFUSED/);
  });

  it('stops recording and restores write() when the returned function is called', async () => {
    const server = await startEchoServer();
    const trace = createTrace();
    const socket = net.connect({ port: portOf(server), host: '127.0.0.1' });
    const originalWrite = socket.write;
    const untrace = traceSocket(socket, trace, { local: 'client', remote: 'server' });
    await once(socket, 'connect');
    untrace();
    expect(socket.write).toBe(originalWrite);
    socket.end('quiet');
    socket.resume();
    await once(socket, 'close');
    expect(trace.events.map((event) => event.kind)).toEqual(['connect']);
  });
});

describe('traceServer()', () => {
  it('records listen and each accepted connection', async () => {
    const trace = createTrace();
    const server = await startEchoServer(trace);
    await echoOnce(portOf(server), createTrace(), 'x');
    expect(trace.events.map((event) => [event.actor, event.kind])).toEqual([['server', 'listen'], ['server', 'accept']]);
  });
});

describe('traceUdp()', () => {
  it('records datagrams sent and received, naming the peer', async () => {
    const server = dgram.createSocket('udp4');
    server.on('message', (message, from) => server.send(message, from.port, from.address));
    server.bind(0, '127.0.0.1');
    await once(server, 'listening');
    opened.push(server);
    const client = dgram.createSocket('udp4');
    opened.push(client);
    const trace = createTrace();
    traceUdp(client, trace, { local: 'client', remote: 'server' });
    client.send(Buffer.from('ping!'), 1, 3, server.address().port, '127.0.0.1');
    await once(client, 'message');
    expect(summary(trace)).toEqual([
      ['datagram', 'client', 'server', 3],
      ['datagram', 'server', 'client', 3],
    ]);
    expect(trace.events[0]?.label).toBe('"ing"');
  });

  it('names peers address:port by default and reads a connected socket\'s peer', async () => {
    const server = dgram.createSocket('udp4');
    server.bind(0, '127.0.0.1');
    await once(server, 'listening');
    opened.push(server);
    const client = dgram.createSocket('udp4');
    opened.push(client);
    const trace = createTrace();
    traceUdp(client, trace, { local: 'client' });
    client.connect(server.address().port, '127.0.0.1');
    await once(client, 'connect');
    const arrived = once(server, 'message');
    client.send('hi');
    await arrived;
    expect(trace.events[0]?.to).toBe(`127.0.0.1:${server.address().port}`);
  });
});

describe('previewData()', () => {
  it('quotes UTF-8 text, escapes control characters and cuts long data', () => {
    expect(previewData(Buffer.from('año\n'))).toBe('"año\\n"');
    expect(previewData('hello world', 5)).toBe('"hello…"');
  });
});
