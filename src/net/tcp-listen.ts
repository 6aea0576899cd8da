import * as net from 'node:net';
import { SocketbookError } from './errors.js';

/**
 * A server could not start listening. `cause` is the operating system's error (`cause.code` is e.g.
 * `EADDRINUSE`); the message says what to do.
 *
 * @example
 * try { await listen({ port: 8080 }); }
 * catch (error) { if (error instanceof ListenError) console.log(error.message); }
 */
export class ListenError extends SocketbookError {
  /** `host:port`, or the path of a Unix socket. */
  readonly address: string;

  constructor(address: string, hint: string, cause: NodeJS.ErrnoException) {
    super('ERR_LISTEN', `Cannot listen on ${address}: ${hint} (${cause.code ?? cause.message})`, { cause });
    this.address = address;
  }
}

/**
 * Options of {@link listen}. Give a `port` (TCP, 0 = any free port) or a `path` (Unix domain socket).
 *
 * @example
 * await listen({ host: '::1', port: 0, backlog: 64 });
 */
export interface ListenOptions {
  /**
   * The local address to listen on: '127.0.0.1' (this machine only), '::1', or '::' (every IPv6 and,
   * with `ipv6Only: false`, IPv4 address).
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * The TCP port; 0 lets the OS choose a free one (read it from `listener.port`).
   * @default 0
   */
  port?: number;
  /**
   * How many connections the OS may hold waiting for `accept`.
   * @default 511
   */
  backlog?: number;
  /**
   * With host '::', accept IPv6 only (true) or IPv4 clients too, seen as `::ffff:a.b.c.d` (false).
   * @default false
   */
  ipv6Only?: boolean;
  /** The path of a Unix domain socket to listen on instead of a TCP port. */
  path?: string;
}

/**
 * Options of {@link Listener.close}.
 *
 * @example
 * await listener.close({ graceMs: 2000 });
 */
export interface CloseOptions {
  /**
   * How long open connections may keep going before they are destroyed.
   * @default 0 (destroy them at once)
   */
  graceMs?: number;
}

/**
 * A listening server, as returned by {@link listen}.
 *
 * @example
 * const listener: Listener = await listen();
 * console.log(listener.address, listener.connections);
 */
export interface Listener {
  /** The underlying `net.Server`. */
  readonly server: net.Server;
  /** The port actually bound (useful with port 0); 0 for a Unix socket. */
  readonly port: number;
  /** The address listened on; the path for a Unix socket. */
  readonly host: string;
  /** `host:port` (`[host]:port` for IPv6), or the path for a Unix socket. */
  readonly address: string;
  /** How many accepted connections are still open. */
  readonly connections: number;
  /**
   * Stops accepting, destroys the connections still open (after `graceMs`) and resolves once all are
   * gone. Calling it again returns the same promise.
   */
  close(options?: CloseOptions): Promise<void>;
}

/**
 * Starts a TCP (or Unix socket) server and resolves once it is listening. Every accepted socket gets an
 * `'error'` listener, so a client resetting its connection (ECONNRESET) can never crash the process.
 *
 * @example
 * const listener = await listen({ port: 0 }, (socket) => socket.pipe(socket)); // echo
 * console.log(`listening on ${listener.address}`);
 * await listener.close();
 */
export async function listen(
  options: ListenOptions = {},
  onConnection?: (socket: net.Socket) => void,
): Promise<Listener> {
  const { host = '127.0.0.1', port = 0, backlog = 511, ipv6Only = false, path } = options;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    // Errors such as ECONNRESET are followed by 'close'; the handler can still add its own listener.
    socket.on('error', () => {});
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    onConnection?.(socket);
  });
  const requested = path ?? formatHostPort(host, port);
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void =>
      reject(new ListenError(requested, listenHint(error, requested, port, path), error));
    server.once('error', onError);
    const target = path !== undefined ? { path, backlog } : { host, port, backlog, ipv6Only };
    server.listen(target, () => {
      server.off('error', onError);
      resolve();
    });
  });

  const bound = server.address();
  const boundPort = typeof bound === 'object' && bound !== null ? bound.port : 0;
  let closing: Promise<void> | undefined;
  return {
    server,
    port: boundPort,
    host: path ?? host,
    address: path ?? formatHostPort(host, boundPort),
    get connections() {
      return sockets.size;
    },
    close(closeOptions: CloseOptions = {}) {
      closing ??= closeServer(server, sockets, closeOptions.graceMs ?? 0);
      return closing;
    },
  };
}

async function closeServer(server: net.Server, sockets: Set<net.Socket>, graceMs: number): Promise<void> {
  // server.close() only stops accepting; its callback waits until every connection has ended.
  const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  const allClosed = Promise.all([...sockets].map(closedEvent));
  if (graceMs > 0) await firstOf(allClosed, graceMs);
  for (const socket of sockets) socket.destroy();
  await Promise.all([serverClosed, allClosed]);
}

function closedEvent(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

/** Waits for `promise`, or `timeoutMs` if that comes first. */
function firstOf(promise: Promise<unknown>, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    void promise.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function listenHint(error: NodeJS.ErrnoException, address: string, port: number, path?: string): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return path !== undefined
        ? `the socket file ${path} already exists; another server uses it, or a crashed one left it (delete it)`
        : `another server, maybe one left by a re-run notebook cell, uses port ${port}; close it or use port 0`;
    case 'EACCES':
      return path !== undefined
        ? `permission denied; check the permissions of the folder of ${path}`
        : `permission denied; ports below 1024 need privileges, use port 0 or one above 1023`;
    case 'EADDRNOTAVAIL':
      return `${address} is not an address of this machine; use 127.0.0.1 or ::1`;
    case 'EAFNOSUPPORT':
      return 'this machine does not support that address family (no IPv6?)';
    default:
      return error.message;
  }
}

function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
