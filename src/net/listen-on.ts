import type { AddressInfo, Server } from 'node:net';

/** Options of {@link listenOn}. */
export interface ListenOnOptions {
  /**
   * The address to listen on: loopback, so no other machine can connect.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * How many connections the system may hold waiting for the program to accept them (`listen(backlog)`).
   * @default Node's default, 511
   */
  backlog?: number;
}

/**
 * `bind()` + `listen()` of a `node:net` server, as a promise: resolves with the port it listens on (the one
 * the system chose, for port 0), or rejects with the system error (`EADDRINUSE`, `EACCES`). The promise
 * form of `server.listen(port, callback)` plus an `'error'` listener, which is easy to forget.
 *
 * @example
 * const server = net.createServer((socket) => socket.end('hello\n'));
 * const port = await listenOn(server, 0);
 * console.log(`listening on 127.0.0.1:${port}`);
 */
export function listenOn(server: Server, port = 0, options: ListenOnOptions = {}): Promise<number> {
  const { host = '127.0.0.1', backlog } = options;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, ...(backlog === undefined ? {} : { backlog }) }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
