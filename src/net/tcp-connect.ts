import * as net from 'node:net';
import { TimeoutError } from './common-errors.js';
import { SocketbookError } from './errors.js';

/**
 * A connection could not be opened. `cause` is the operating system's error (`cause.code` is e.g.
 * `ECONNREFUSED`); the message names the address and suggests what to check.
 *
 * @example
 * try { await connect({ port: 9 }); }
 * catch (error) { if (error instanceof ConnectError) console.log(error.message); }
 * // Cannot connect to 127.0.0.1:9: connection refused; is the server running and listening on that port? (ECONNREFUSED)
 */
export class ConnectError extends SocketbookError {
  /** `host:port`, or the path of a Unix socket. */
  readonly address: string;

  constructor(address: string, cause: NodeJS.ErrnoException) {
    const code = cause.code ?? 'unknown error';
    const hint = CONNECT_HINTS[code] ?? cause.message;
    super('ERR_CONNECT', `Cannot connect to ${address}: ${hint} (${code})`, { cause });
    this.address = address;
  }
}

/** What each common OS error means for a connect, and what to check. */
const CONNECT_HINTS: Record<string, string> = {
  ECONNREFUSED: 'connection refused; is the server running and listening on that port?',
  ENOENT: 'no such socket file; is the server running, and is the path right?',
  EACCES: 'permission denied; check the permissions of the socket file',
  ENOTFOUND: 'unknown host name; check its spelling',
  EAI_AGAIN: 'the host name could not be resolved right now; check the name and DNS',
  ETIMEDOUT: 'the connection timed out; is the host reachable?',
  EHOSTUNREACH: 'no route to the host; is the address right?',
  ENETUNREACH: 'the network is unreachable; is the address right?',
  ECONNRESET: 'the server reset the connection at once; is it overloaded or refusing us?',
};

/**
 * Options of {@link connect}. Give a `port` (TCP) or a `path` (Unix domain socket).
 *
 * @example
 * await connect({ host: '::1', port: 8080, timeoutMs: 2000 });
 */
export interface ConnectOptions {
  /**
   * The host name or IP address of the server.
   * @default '127.0.0.1'
   */
  host?: string;
  /** The server's TCP port. */
  port?: number;
  /** The path of a Unix domain socket; used instead of host and port. */
  path?: string;
  /**
   * Restrict name resolution to IPv4 (4) or IPv6 (6).
   * @default 0 (either)
   */
  family?: 0 | 4 | 6;
  /**
   * Give up when the connection is not established within this many milliseconds; the socket is
   * destroyed and the promise rejects with {@link TimeoutError}.
   * @default 10_000
   */
  timeoutMs?: number;
}

/**
 * Opens a TCP (or Unix socket) connection and resolves with the connected socket. Like any socket it
 * needs an `'error'` listener (or a reader from `createReader`, which adds one) before the peer can
 * reset it, or an ECONNRESET crashes the process.
 *
 * @example
 * const socket = await connect({ port: 8080 });
 * socket.write('hello\n');
 *
 * @example Unix domain socket
 * const socket = await connect({ path: '/tmp/demo.sock' });
 */
export function connect(options: ConnectOptions): Promise<net.Socket> {
  const { host = '127.0.0.1', port, path, family = 0, timeoutMs = 10_000 } = options;
  if (path === undefined && port === undefined) {
    return Promise.reject(new TypeError('Cannot connect: give a port (TCP) or a path (Unix socket)'));
  }
  const address = path ?? `${host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = path !== undefined
      ? net.createConnection({ path })
      : net.createConnection({ host, port: port as number, family });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new TimeoutError(`Cannot connect to ${address}: no answer within ${timeoutMs} ms; is the host reachable?`));
    }, timeoutMs);
    const onError = (error: NodeJS.ErrnoException): void => {
      clearTimeout(timer);
      reject(new ConnectError(address, error));
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(socket);
    });
  });
}
