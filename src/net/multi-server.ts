/**
 * A server for many clients on one thread, the lecture's example 17 (a selector over non-blocking
 * sockets) done the Node way: the event loop is the selector, and each socket's events call us back.
 * Per client it keeps a `state` object and a decoder; it limits how many clients may connect, closes
 * idle ones, drops clients too slow to read what we send (so they cannot fill our memory or stall the
 * others), and shuts down gracefully.
 */
import type { Socket } from 'node:net';
import { getDefaultHighWaterMark } from 'node:stream';
import { ByteWriter } from './byte-writer.js';
import { createMessageCodec, type Framing, isFramingError, type Message, type MessageCodec } from './message-framing.js';
import { listen } from './tcp-listen.js';

/** Options of {@link createMultiServer}. */
export interface MultiServerOptions {
  /** Address to listen on. @default '127.0.0.1' */
  host?: string;
  /** Port to listen on; 0 asks the system for a free one. @default 0 */
  port?: number;
  /** Clients served at once; one more is told why and closed. @default 1000 */
  maxClients?: number;
  /**
   * A client with no traffic either way for this long is closed (checked 4 times per period, so within
   * 1.25 times it); 0 never closes. @default 60_000
   */
  idleTimeoutMs?: number;
  /** Output waiting for a client beyond what the OS buffers; past it the client is dropped. @default 1 MiB */
  maxQueuedBytes?: number;
  /** How messages are cut out of the byte stream. @default 'raw' */
  framing?: Framing;
  /** Largest message a client may send (`lines` and `length-prefix`); bigger closes it. @default 1 MiB */
  maxMessageBytes?: number;
}

/** One connected client, as the handlers see it. */
export interface Client<State> {
  /** A number unique within this server, counting from 1. */
  readonly id: number;
  /** The client's `host:port` (`[host]:port` for IPv6). */
  readonly address: string;
  /** Whatever the handlers want to remember about this client. Starts as `{}`. */
  state: State;
  /** Send one message; false if the client is gone or was just dropped for being too slow. */
  send(message: Message): boolean;
  /** Flush what is queued for this client, then close its connection. */
  close(): void;
}

/** What the server calls, all optional. `message` is a string with `lines` framing, a Buffer otherwise. */
export interface MultiServerHandlers<State> {
  onConnect?(client: Client<State>): void;
  onMessage?(client: Client<State>, message: Message): void;
  onClose?(client: Client<State>): void;
}

/** Counters since the server started. */
export interface MultiServerStats {
  connected: number;
  accepted: number;
  rejected: number;
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  slowClientsDropped: number;
  idleClientsClosed: number;
  protocolErrors: number;
}

/** A running server for many clients. */
export interface MultiServer<State> {
  readonly host: string;
  readonly port: number;
  readonly stats: MultiServerStats;
  /** The clients connected now. */
  readonly clients: ReadonlySet<Client<State>>;
  /** Open sockets, refused clients still closing included; 0 after `close()`. */
  readonly connections: number;
  /** Send `message` to every client except `except`. */
  broadcast(message: Message, options?: { except?: Client<State> }): void;
  /** Stop accepting, let queued output flush for up to `drainMs`, then close what is left. */
  close(options?: { drainMs?: number }): Promise<void>;
}

/**
 * Start a server for many clients.
 *
 * @example Count messages per client
 * const server = await createMultiServer<{ count: number }>({ framing: 'lines' }, {
 *   onConnect: (client) => { client.state.count = 0; },
 *   onMessage: (client, line) => client.send(`${++client.state.count}: ${line}`),
 * });
 * console.log(`listening on port ${server.port}`);
 * await server.close();
 */
export async function createMultiServer<State extends object = Record<string, unknown>>(
  options: MultiServerOptions,
  handlers: MultiServerHandlers<State>,
): Promise<MultiServer<State>> {
  const {
    host = '127.0.0.1',
    port = 0,
    maxClients = 1000,
    idleTimeoutMs = 60_000,
    maxQueuedBytes = 1024 * 1024,
    framing = 'raw',
    maxMessageBytes = 1024 * 1024,
  } = options;
  const stats: MultiServerStats = {
    connected: 0, accepted: 0, rejected: 0, messagesIn: 0, messagesOut: 0,
    bytesIn: 0, bytesOut: 0, slowClientsDropped: 0, idleClientsClosed: 0, protocolErrors: 0,
  };
  const server: ServerShared<State> = {
    stats, handlers, maxQueuedBytes, clients: new Set(), outbox: new ByteWriter(),
    queueLimitBelowHighWater: maxQueuedBytes < getDefaultHighWaterMark(false),
  };
  let nextId = 1;

  function refuse(socket: Socket): void {
    stats.rejected += 1;
    socket.end(`ERR server full: ${maxClients} clients connected, try again later\n`);
  }

  function accept(socket: Socket): void {
    const connection = new Connection(server, socket, nextId++, createMessageCodec(framing, maxMessageBytes));
    server.clients.add(connection);
    stats.accepted += 1;
    stats.connected += 1;
    // Small replies leave at once instead of waiting for the peer's ACK (Nagle's algorithm).
    socket.setNoDelay(true);
    socket.once('close', () => {
      server.clients.delete(connection);
      stats.connected -= 1;
      handlers.onClose?.(connection);
    });
    handlers.onConnect?.(connection);
  }

  // One timer looks at every client a few times per timeout, rather than a timer per socket that each
  // read and write re-arms. A client is closed at the sweep that finds it quiet for `quietSweepsToClose`
  // sweeps in a row, counted from the first sweep after its last traffic: as sweeps are at least
  // `sweepMs` apart, that is between 1 and 1.25 times idleTimeoutMs after it. A client still being sent
  // queued output is busy, not idle. unref(): the sweep alone does not keep the process alive.
  const sweepMs = Math.max(idleTimeoutMs / 4, 5);
  const quietSweepsToClose = Math.ceil(idleTimeoutMs / sweepMs);
  function closeIdleClients(): void {
    for (const connection of server.clients) {
      if (connection.closeIfIdle(quietSweepsToClose)) stats.idleClientsClosed += 1;
    }
  }
  const idleSweep = idleTimeoutMs > 0 ? setInterval(closeIdleClients, sweepMs) : undefined;
  idleSweep?.unref();

  const listener = await listen({ host, port }, (socket) => {
    if (server.clients.size >= maxClients) refuse(socket);
    else accept(socket);
  });

  let closing: Promise<void> | undefined;
  return {
    host: listener.host,
    port: listener.port,
    stats,
    clients: server.clients,
    get connections() {
      return listener.connections;
    },
    broadcast(message, { except } = {}) {
      for (const client of server.clients) {
        if (client !== except) client.send(message);
      }
    },
    close({ drainMs = 1000 } = {}) {
      closing ??= (async () => {
        clearInterval(idleSweep);
        const stopped = listener.close({ graceMs: drainMs }); // stops accepting at once
        for (const client of server.clients) client.close();
        await stopped;
      })();
      return closing;
    },
  };
}

/** What every connection of one server shares. */
interface ServerShared<State> {
  readonly stats: MultiServerStats;
  readonly handlers: MultiServerHandlers<State>;
  readonly maxQueuedBytes: number;
  /**
   * True if maxQueuedBytes is below the sockets' writableHighWaterMark (Node's default for byte streams,
   * as `listen()` sets none): only then can a write that `socket.write()` accepts already pass the limit.
   */
  readonly queueLimitBelowHighWater: boolean;
  readonly clients: Set<Connection<State>>;
  /**
   * While the messages of one chunk are handled, their replies are encoded one after another here and
   * leave in one write: many small writes cost a system call and a trip through the stream machinery
   * each, and many small Buffers an allocation each. Handlers run one at a time, so one outbox serves
   * every client: it holds only the replies of the chunk being handled, and is empty between chunks.
   * (A `raw` reply, already bytes, is written as it is: copying it in would cost more than it saves.)
   */
  readonly outbox: ByteWriter;
}

/**
 * One connected client: its socket, decoder and state in one object. A server of a thousand clients
 * touches a different client's objects for each message, and with each of them far apart in memory,
 * waiting for memory was most of the time the library added per message (measured with `perf`; issue
 * #13): so a client is one object with its methods on the prototype, not an object, a state record and
 * closures of its own.
 */
class Connection<State> implements Client<State> {
  readonly id: number;
  readonly address: string;
  state = {} as State;
  readonly #socket: Socket;
  /**
   * True if it sent or was sent something since the idle sweep last looked. Connecting counts, so the
   * count below starts at the first sweep after it. Traffic only raises this flag: reading the clock for
   * every chunk showed in profiles of many small messages.
   */
  #active = true;
  /** Sweeps in a row that found no traffic. */
  #quietSweeps = 0;
  readonly #server: ServerShared<State>;
  readonly #codec: MessageCodec;
  /** True while this client's chunk is handled: its replies then go to the shared outbox. */
  #handlingChunk = false;
  /** True once this object ended or destroyed the socket (close(), a drop, the idle sweep). */
  #closed = false;

  constructor(server: ServerShared<State>, socket: Socket, id: number, codec: MessageCodec) {
    this.#server = server;
    this.#socket = socket;
    this.id = id;
    this.address = formatAddress(socket.remoteAddress ?? '?', socket.remotePort ?? 0);
    this.#codec = codec;
    socket.on('data', this.#receive);
  }

  send(message: Message): boolean {
    if (this.#closed) return false;
    const server = this.#server;
    const { stats } = server;
    if (this.#handlingChunk && this.#codec.encodeInto !== undefined) {
      // A reply to the chunk being handled, whose arrival already counted as traffic and showed the
      // socket open: only this object can end it before the chunk is done, and it says so in #closed.
      // So no socket getter is read for a reply (five of them cost more than the framing: issue #13).
      const bytes = this.#codec.encodeInto(message, server.outbox);
      stats.messagesOut += 1;
      stats.bytesOut += bytes;
      return server.outbox.length <= server.maxQueuedBytes || this.#dropSlowClient();
    }
    const socket = this.#socket;
    if (socket.destroyed || socket.writableEnded) return false;
    const encoded = this.#codec.encode(message);
    this.#active = true;
    stats.messagesOut += 1;
    stats.bytesOut += encoded.length;
    return this.#write(encoded);
  }

  close(): void {
    this.#flushOutbox();
    this.#closed = true;
    this.#socket.end();
  }

  /**
   * The idle sweep's look at this client: closes the connection if `quietSweepsToClose` sweeps in a row
   * found no traffic and it has nothing left to send; says whether it did.
   */
  closeIfIdle(quietSweepsToClose: number): boolean {
    if (this.#active) {
      this.#active = false;
      this.#quietSweeps = 0;
      return false;
    }
    this.#quietSweeps += 1;
    const socket = this.#socket;
    if (this.#quietSweeps < quietSweepsToClose || socket.writableLength > 0 || socket.destroyed) return false;
    this.#closed = true;
    socket.destroy();
    return true;
  }

  /**
   * Handles a chunk from the socket: every message it completes, then their replies in one write. The
   * socket's 'data' listener itself (an arrow function, so no wrapper calls it on every chunk).
   */
  readonly #receive = (chunk: Buffer): void => {
    this.#server.stats.bytesIn += chunk.length;
    this.#active = true;
    this.#handlingChunk = true;
    try {
      this.#codec.decodeEach(chunk, this.#deliver);
    } catch (error) {
      if (!isFramingError(error)) throw error;
      // A message over the limit (or a line without end): this client breaks the protocol. Replies to
      // the messages before it in the chunk are dropped with the connection. (A handler that throws
      // one of these errors itself, decoding a message of its own, is taken for the same thing.)
      this.#server.stats.protocolErrors += 1;
      this.#closed = true;
      this.#socket.destroy();
    } finally {
      this.#flushOutbox();
      this.#handlingChunk = false;
    }
  };

  /** Hands one decoded message to the handler (the codec calls it as it cuts each one, no array between). */
  readonly #deliver = (message: Message): void => {
    const { stats, handlers } = this.#server;
    stats.messagesIn += 1;
    handlers.onMessage?.(this, message);
  };

  /** Sends this client's replies waiting in the shared outbox (there are some only while its chunk is handled). */
  #flushOutbox(): void {
    const { outbox } = this.#server;
    if (!this.#handlingChunk || outbox.length === 0) return;
    const replies = outbox.takeAll();
    if (!this.#closed) this.#write(replies);
  }

  /**
   * Writes bytes, and drops the client if what waits for it is now past maxQueuedBytes. writableLength
   * is what the OS could not take yet: a client that does not read makes it grow. It is read only when
   * write() says the stream holds more than its highWaterMark, or when the limit is below that mark.
   */
  #write(bytes: Buffer): boolean {
    const socket = this.#socket;
    const server = this.#server;
    if (socket.write(bytes) && !server.queueLimitBelowHighWater) return true;
    return socket.writableLength <= server.maxQueuedBytes || this.#dropSlowClient();
  }

  /** Drops a client too slow to read what it is sent; returns false, what `send` then says. */
  #dropSlowClient(): false {
    this.#server.stats.slowClientsDropped += 1;
    this.#closed = true;
    this.#socket.destroy();
    return false;
  }
}

function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
