/**
 * A server for many clients on one thread, the lecture's example 17 (a selector over non-blocking
 * sockets) done the Node way: the event loop is the selector, and each socket's events call us back.
 * Per client it keeps a `state` object and a decoder; it limits how many clients may connect, closes
 * idle ones, drops clients too slow to read what we send (so they cannot fill our memory or stall the
 * others), and shuts down gracefully.
 */
import type { Socket } from 'node:net';
import { ByteWriter } from './byte-writer.js';
import { createMessageCodec, type Framing, type Message } from './message-framing.js';
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
  const clients = new Set<Client<State>>();
  /** Each client's socket and when it last sent or was sent something, for the idle sweep. */
  const activityOf = new Map<Client<State>, { socket: Socket; lastTraffic: number }>();
  let nextId = 1;

  function refuse(socket: Socket): void {
    stats.rejected += 1;
    socket.end(`ERR server full: ${maxClients} clients connected, try again later\n`);
  }

  function accept(socket: Socket): void {
    const codec = createMessageCodec(framing, maxMessageBytes);
    // While the messages of one chunk are handled, their replies are encoded one after another into the
    // outbox and leave in one write: many small writes cost a system call and a trip through the stream
    // machinery each, and many small Buffers an allocation each. (A `raw` reply, already bytes, is
    // written as it is: copying it into the outbox would cost more than it saves.)
    const outbox = new ByteWriter();
    let handlingChunk = false;
    const activity = { socket, lastTraffic: Date.now() };

    function flushOutbox(): void {
      if (outbox.length === 0) return;
      const replies = outbox.takeAll();
      if (!socket.destroyed && !socket.writableEnded) socket.write(replies);
    }

    const client: Client<State> = {
      id: nextId++,
      address: formatAddress(socket.remoteAddress ?? '?', socket.remotePort ?? 0),
      // The handlers fill the state in; it starts empty.
      state: {} as State,
      send(message) {
        if (socket.destroyed || socket.writableEnded) return false;
        let bytes: number;
        if (handlingChunk && codec.encodeInto !== undefined) {
          // A reply to the chunk being handled, whose arrival already counted as traffic: the clock is
          // not read again for each of its replies (with many small messages that read showed in profiles).
          bytes = codec.encodeInto(message, outbox);
        } else {
          const encoded = codec.encode(message);
          socket.write(encoded);
          activity.lastTraffic = Date.now();
          bytes = encoded.length;
        }
        stats.messagesOut += 1;
        stats.bytesOut += bytes;
        // writableLength is what the OS could not take yet: a client that does not read makes it grow.
        if (socket.writableLength + outbox.length > maxQueuedBytes) {
          stats.slowClientsDropped += 1;
          socket.destroy();
          return false;
        }
        return true;
      },
      close() {
        flushOutbox();
        socket.end();
      },
    };
    clients.add(client);
    activityOf.set(client, activity);
    stats.accepted += 1;
    stats.connected += 1;
    // Small replies leave at once instead of waiting for the peer's ACK (Nagle's algorithm).
    socket.setNoDelay(true);

    socket.on('data', (chunk: Buffer) => {
      stats.bytesIn += chunk.length;
      activity.lastTraffic = Date.now();
      let messages: Message[];
      try {
        messages = codec.decode(chunk);
      } catch {
        // A message over the limit (or a line without end): this client breaks the protocol.
        stats.protocolErrors += 1;
        socket.destroy();
        return;
      }
      handlingChunk = true;
      try {
        for (const message of messages) {
          stats.messagesIn += 1;
          handlers.onMessage?.(client, message);
        }
      } finally {
        handlingChunk = false;
        flushOutbox();
      }
    });
    socket.once('close', () => {
      clients.delete(client);
      activityOf.delete(client);
      stats.connected -= 1;
      handlers.onClose?.(client);
    });
    handlers.onConnect?.(client);
  }

  /**
   * Close every client whose last traffic, either way, is older than `idleTimeoutMs`. A client still
   * being sent queued output is busy, not idle.
   */
  function closeIdleClients(): void {
    const now = Date.now();
    for (const { socket, lastTraffic } of activityOf.values()) {
      if (now - lastTraffic >= idleTimeoutMs && socket.writableLength === 0 && !socket.destroyed) {
        stats.idleClientsClosed += 1;
        socket.destroy();
      }
    }
  }

  // One timer looks at every client a few times per timeout, rather than a timer per socket that each
  // read and write re-arms. So a client is closed between 1 and 1.25 times idleTimeoutMs after its last
  // traffic. unref(): the sweep alone does not keep the process alive.
  const idleSweep = idleTimeoutMs > 0 ? setInterval(closeIdleClients, Math.max(idleTimeoutMs / 4, 5)) : undefined;
  idleSweep?.unref();

  const listener = await listen({ host, port }, (socket) => {
    if (clients.size >= maxClients) refuse(socket);
    else accept(socket);
  });

  let closing: Promise<void> | undefined;
  return {
    host: listener.host,
    port: listener.port,
    stats,
    clients,
    get connections() {
      return listener.connections;
    },
    broadcast(message, { except } = {}) {
      for (const client of clients) {
        if (client !== except) client.send(message);
      }
    },
    close({ drainMs = 1000 } = {}) {
      closing ??= (async () => {
        clearInterval(idleSweep);
        const stopped = listener.close({ graceMs: drainMs }); // stops accepting at once
        for (const client of clients) client.close();
        await stopped;
      })();
      return closing;
    },
  };
}

function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
