/**
 * A server for many clients on one thread, the lecture's example 17 (a selector over non-blocking
 * sockets) done the Node way: the event loop is the selector, and each socket's events call us back.
 * Per client it keeps a `state` object and a decoder; it limits how many clients may connect, closes
 * idle ones, drops clients too slow to read what we send (so they cannot fill our memory or stall the
 * others), and shuts down gracefully.
 */
import type { Socket } from 'node:net';
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
  /** A client with no traffic either way for this long is closed; 0 never closes. @default 60_000 */
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
  let nextId = 1;

  function refuse(socket: Socket): void {
    stats.rejected += 1;
    socket.end(`ERR server full: ${maxClients} clients connected, try again later\n`);
  }

  function accept(socket: Socket): void {
    const codec = createMessageCodec(framing, maxMessageBytes);
    const client: Client<State> = {
      id: nextId++,
      address: formatAddress(socket.remoteAddress ?? '?', socket.remotePort ?? 0),
      // The handlers fill the state in; it starts empty.
      state: {} as State,
      send(message) {
        if (socket.destroyed || socket.writableEnded) return false;
        const bytes = codec.encode(message);
        socket.write(bytes);
        stats.messagesOut += 1;
        stats.bytesOut += bytes.length;
        // writableLength is what the OS could not take yet: a client that does not read makes it grow.
        if (socket.writableLength > maxQueuedBytes) {
          stats.slowClientsDropped += 1;
          socket.destroy();
          return false;
        }
        return true;
      },
      close: () => socket.end(),
    };
    clients.add(client);
    stats.accepted += 1;
    stats.connected += 1;

    if (idleTimeoutMs > 0) {
      socket.setTimeout(idleTimeoutMs, () => {
        stats.idleClientsClosed += 1;
        socket.destroy();
      });
    }
    socket.on('data', (chunk: Buffer) => {
      stats.bytesIn += chunk.length;
      let messages: Message[];
      try {
        messages = codec.decode(chunk);
      } catch {
        // A message over the limit (or a line without end): this client breaks the protocol.
        stats.protocolErrors += 1;
        socket.destroy();
        return;
      }
      for (const message of messages) {
        stats.messagesIn += 1;
        handlers.onMessage?.(client, message);
      }
    });
    socket.once('close', () => {
      clients.delete(client);
      stats.connected -= 1;
      handlers.onClose?.(client);
    });
    handlers.onConnect?.(client);
  }

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
