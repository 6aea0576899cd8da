/**
 * A trace records what sockets did, in order, so a notebook can draw it as a sequence diagram
 * (see `renderSequenceDiagram`). Sockets are traced by listening to their events and wrapping their
 * `write`/`end`/`send` methods; nothing about their behaviour changes.
 */
import type * as dgram from 'node:dgram';
import type * as net from 'node:net';
import { type EventEmitter, errorMonitor } from 'node:events';
import { performance } from 'node:perf_hooks';

/** What a trace event is about. @example const kind: TraceEventKind = 'data'; */
export type TraceEventKind =
  | 'listen' | 'connect' | 'accept' | 'data' | 'end' | 'close' | 'error' | 'datagram' | 'lost' | 'timeout' | 'note';

/**
 * One thing that happened. `actor` is who saw it; `from` and `to` say which way bytes or a FIN went.
 *
 * @example
 * const event: TraceEvent = { t: 1.5, actor: 'client', kind: 'data', from: 'client', to: 'server', bytes: 5 };
 */
export interface TraceEvent {
  /** Milliseconds since the trace was created. */
  t: number;
  actor: string;
  kind: TraceEventKind;
  from?: string;
  to?: string;
  bytes?: number;
  /** A short text: a preview of the data, an error message, a note. */
  label?: string;
}

/** Options of {@link createTrace}. */
export interface TraceOptions {
  /** Events kept; later ones are counted in `dropped` instead, so a runaway loop cannot eat memory. @default 10000 */
  maxEvents?: number;
  /** The clock, in milliseconds. @default performance.now */
  now?: () => number;
}

/**
 * A list of events being recorded.
 *
 * @example
 * const trace = createTrace();
 * trace.note('client', 'starts');
 * trace.events.length; // 1
 */
export interface Trace {
  readonly events: readonly TraceEvent[];
  /** How many events did not fit in `maxEvents`. */
  readonly dropped: number;
  /** Records an event now. */
  record(event: Omit<TraceEvent, 't'>): void;
  /** Records a note on an actor's lifeline. */
  note(actor: string, label: string): void;
}

/**
 * Starts a new, empty trace.
 *
 * @example
 * const trace = createTrace();
 * traceSocket(socket, trace, { local: 'client', remote: 'server' });
 */
export function createTrace(options: TraceOptions = {}): Trace {
  const maxEvents = options.maxEvents ?? 10_000;
  const now = options.now ?? (() => performance.now());
  const start = now();
  const events: TraceEvent[] = [];
  let dropped = 0;
  const record = (event: Omit<TraceEvent, 't'>) => {
    if (events.length >= maxEvents) {
      dropped++;
      return;
    }
    events.push({ t: Math.round((now() - start) * 1000) / 1000, ...event });
  };
  return {
    events,
    get dropped() {
      return dropped;
    },
    record,
    note: (actor, label) => record({ actor, kind: 'note', label }),
  };
}

/** Names of the two ends of a traced socket. */
export interface TraceSocketOptions {
  /** The name of this end (the one holding the socket), e.g. `'client'`. */
  local: string;
  /** The name of the other end, e.g. `'server'`. */
  remote: string;
  /** Characters of data shown in a label before it is cut with `…`. @default 20 */
  previewLength?: number;
}

/**
 * Records a TCP socket's life as seen from one end: `connect`, each chunk written and received (`data`),
 * each FIN sent and received (`end`), `timeout`, `error`, `close`. Trace one end of a connection: it sees
 * both directions. Returns a function that stops tracing.
 *
 * @example
 * const socket = net.connect({ port, host: '127.0.0.1' });
 * traceSocket(socket, trace, { local: 'client', remote: 'server' });
 */
export function traceSocket(socket: net.Socket, trace: Trace, options: TraceSocketOptions): () => void {
  const { local, remote } = options;
  const preview = (chunk: unknown) => previewData(chunk, options.previewLength ?? 20);
  const sent = (chunk: unknown) => {
    trace.record({ actor: local, kind: 'data', from: local, to: remote, bytes: byteLength(chunk), label: preview(chunk) });
  };
  const listeners = {
    connect: () => trace.record({ actor: local, kind: 'connect', from: local, to: remote }),
    data: (chunk: Buffer | string) => {
      trace.record({ actor: local, kind: 'data', from: remote, to: local, bytes: byteLength(chunk), label: preview(chunk) });
    },
    end: () => trace.record({ actor: local, kind: 'end', from: remote, to: local }),
    timeout: () => trace.record({ actor: local, kind: 'timeout' }),
    close: () => trace.record({ actor: local, kind: 'close' }),
  };
  for (const [name, listener] of Object.entries(listeners)) socket.on(name, listener);
  const stopErrors = monitorErrors(socket, trace, local);

  const originalWrite = socket.write;
  const originalEnd = socket.end;
  // write() and end() have several overloads; the wrappers only look at the first argument and pass
  // every argument on unchanged. Node's end(data) queues its data without calling write(), hence both.
  socket.write = function (this: net.Socket, ...args: Parameters<net.Socket['write']>) {
    sent(args[0]);
    return originalWrite.apply(this, args);
  } as net.Socket['write'];
  socket.end = function (this: net.Socket, ...args: Parameters<net.Socket['end']>) {
    const [first] = args;
    if (first !== undefined && typeof first !== 'function') sent(first);
    if (!socket.writableEnded) trace.record({ actor: local, kind: 'end', from: local, to: remote });
    return originalEnd.apply(this, args);
  } as net.Socket['end'];

  const { write: tracedWrite, end: tracedEnd } = socket;
  return () => {
    for (const [name, listener] of Object.entries(listeners)) socket.off(name, listener);
    stopErrors();
    // After the peer's FIN, Node itself replaces write() (allowHalfOpen: false); keep its replacement.
    if (socket.write === tracedWrite) socket.write = originalWrite;
    if (socket.end === tracedEnd) socket.end = originalEnd;
  };
}

/** Options of {@link traceServer}. */
export interface TraceServerOptions {
  /** The name of the server, e.g. `'server'`. */
  local: string;
}

/**
 * Records when a TCP server starts listening and each connection it accepts. Returns a function that
 * stops tracing. Trace each connection itself with {@link traceSocket}.
 *
 * @example
 * const server = net.createServer((socket) => socket.pipe(socket));
 * traceServer(server, trace, { local: 'server' });
 */
export function traceServer(server: net.Server, trace: Trace, options: TraceServerOptions): () => void {
  const listeners = {
    listening: () => trace.record({ actor: options.local, kind: 'listen' }),
    connection: () => trace.record({ actor: options.local, kind: 'accept' }),
    close: () => trace.record({ actor: options.local, kind: 'close' }),
  };
  for (const [name, listener] of Object.entries(listeners)) server.on(name, listener);
  const stopErrors = monitorErrors(server, trace, options.local);
  return () => {
    for (const [name, listener] of Object.entries(listeners)) server.off(name, listener);
    stopErrors();
  };
}

/** Options of {@link traceUdp}. */
export interface TraceUdpOptions {
  /** The name of the end holding the socket. */
  local: string;
  /**
   * The name of the other end: a fixed name, or one made from the peer's address and port.
   * @default `address:port` of each peer
   */
  remote?: string | ((address: string, port: number) => string);
  /** Characters of data shown in a label before it is cut with `…`. @default 20 */
  previewLength?: number;
}

/**
 * Records a UDP socket's datagrams, both sent and received, plus `error` and `close`.
 * Returns a function that stops tracing.
 *
 * @example
 * const socket = dgram.createSocket('udp4');
 * traceUdp(socket, trace, { local: 'client', remote: 'server' });
 */
export function traceUdp(socket: dgram.Socket, trace: Trace, options: TraceUdpOptions): () => void {
  const { local } = options;
  const nameOf = (address: string, port: number) => {
    const remote = options.remote;
    if (typeof remote === 'string') return remote;
    return remote ? remote(address, port) : `${address}:${port}`;
  };
  const preview = (data: unknown) => previewData(data, options.previewLength ?? 20);
  const listeners = {
    message: (message: Buffer, info: dgram.RemoteInfo) => {
      const from = nameOf(info.address, info.port);
      trace.record({ actor: local, kind: 'datagram', from, to: local, bytes: message.length, label: preview(message) });
    },
    close: () => trace.record({ actor: local, kind: 'close' }),
  };
  for (const [name, listener] of Object.entries(listeners)) socket.on(name, listener);
  const stopErrors = monitorErrors(socket, trace, local);

  const originalSend = socket.send;
  // send() has several overloads; the wrapper reads the message, the port and the address from them,
  // then passes every argument on unchanged. On a socket not bound yet, Node binds it and calls send()
  // again once bound: only that second call is recorded, so each datagram is recorded once.
  socket.send = function (this: dgram.Socket, ...args: unknown[]) {
    if (isBound(socket)) {
      const { data, port, address } = sendArguments(socket, args);
      trace.record({ actor: local, kind: 'datagram', from: local, to: nameOf(address, port), bytes: byteLength(data), label: preview(data) });
    }
    return (originalSend as (...all: unknown[]) => void).apply(this, args);
  } as dgram.Socket['send'];

  return () => {
    for (const [name, listener] of Object.entries(listeners)) socket.off(name, listener);
    stopErrors();
    socket.send = originalSend;
  };
}

/**
 * A short, printable preview of some data: UTF-8 text in JSON quotes (`"hola\n"`), cut with `…`.
 *
 * @example
 * previewData(Buffer.from('hello world'), 5); // '"hello…"'
 */
export function previewData(data: unknown, maxLength = 20): string {
  const text = typeof data === 'string' ? data : new TextDecoder().decode(asBytes(data));
  const cut = [...text].length > maxLength ? `${[...text].slice(0, maxLength).join('')}…` : text;
  return JSON.stringify(cut);
}

/**
 * Records 'error' events through `errorMonitor`, which, unlike an 'error' listener, leaves an unhandled
 * error unhandled: tracing must not hide the crash a student is meant to see.
 */
function monitorErrors(emitter: EventEmitter, trace: Trace, actor: string): () => void {
  const listener = (error: Error) => trace.record({ actor, kind: 'error', label: error.message });
  emitter.on(errorMonitor, listener);
  return () => emitter.off(errorMonitor, listener);
}

/** Reads `send(msg, [offset, length,] port, [address], [callback])`, or a connected socket's peer. */
function sendArguments(socket: dgram.Socket, args: unknown[]): { data: unknown; port: number; address: string } {
  const [message, second, third, fourth, fifth] = args;
  const withRange = typeof second === 'number' && typeof third === 'number' && typeof fourth === 'number';
  const data = withRange ? asBytes(message).subarray(second, second + third) : message;
  const port = withRange ? fourth : second;
  const address = withRange ? fifth : third;
  if (typeof port === 'number') {
    return { data, port, address: typeof address === 'string' ? address : defaultAddress(socket) };
  }
  const peer = socket.remoteAddress();
  return { data, port: peer.port, address: peer.address };
}

function isBound(socket: dgram.Socket): boolean {
  try {
    socket.address();
    return true;
  } catch {
    return false;
  }
}

function defaultAddress(socket: dgram.Socket): string {
  return socket.address().family === 'IPv6' ? '::1' : '127.0.0.1';
}

function byteLength(data: unknown): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : asBytes(data).length;
}

function asBytes(data: unknown): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data);
  if (Array.isArray(data)) return Buffer.concat(data.map(asBytes));
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array();
}
