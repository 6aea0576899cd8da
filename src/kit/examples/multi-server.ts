/**
 * The lecture's example 17: one thread serving many clients at once, echoing what each sends. The
 * lecture used a selector over non-blocking sockets; Node's event loop is that selector. Clients are
 * the TCP client of example 14.
 */
import { createMultiServer } from '../../net/multi-server.js';
import { type ExampleHandle, type ExampleLog, hostPort, plural, serverHandle, showBytes } from './example-handle.js';

/** Options of {@link startMultiServer}. */
export interface MultiServerExampleOptions {
  /** The address to listen on. @default '127.0.0.1' */
  host?: string;
  /** The port; 0 lets the OS choose one (printed). @default 9800 */
  port?: number;
  /** Clients served at once; one more is told why and closed. @default 1000 */
  maxClients?: number;
}

/** What the example remembers per client: how many bytes it echoed. */
interface EchoState {
  bytes: number;
}

/**
 * Starts the echo server of example 17 and says who comes, what each sends, and who leaves.
 *
 * @example
 * const server = await startMultiServer({ port: 0 }, console.log);
 * // Listening on 127.0.0.1:40123 (TCP, many clients at once, echo)
 * await server.close();
 */
export async function startMultiServer(options: MultiServerExampleOptions, log: ExampleLog): Promise<ExampleHandle> {
  const { host = '127.0.0.1', port = 9800, maxClients = 1000 } = options;
  const server = await createMultiServer<EchoState>({ host, port, maxClients }, {
    onConnect(client) {
      client.state.bytes = 0;
      log(`Client ${client.id} (${client.address}) connected; ${plural(server.clients.size, 'client')} now`);
    },
    onMessage(client, message) {
      const bytes = Buffer.from(message);
      client.state.bytes += bytes.length;
      log(`Client ${client.id}: received ${plural(bytes.length, 'byte')} ${showBytes(bytes)}, sending them back`);
      client.send(message);
    },
    onClose(client) {
      log(`Client ${client.id} left after ${plural(client.state.bytes, 'byte')}; ${plural(server.clients.size, 'client')} now`);
    },
  });
  log(`Listening on ${hostPort(host, server.port)} (TCP, many clients at once, echo)`);

  return serverHandle(async () => {
    await server.close();
    log(`Server closed: ${plural(server.stats.accepted, 'client')} served, ${plural(server.stats.bytesIn, 'byte')} echoed`);
  });
}
