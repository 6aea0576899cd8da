/**
 * The lecture's example 17: one thread serving many clients, sending each one back what it sent.
 * Built on {@link createMultiServer}, so it gets the limits (max clients, idle timeout, slow clients)
 * and the graceful shutdown for free.
 */
import { createMultiServer, type MultiServer, type MultiServerOptions } from './multi-server.js';

/**
 * Start an echo server for many clients. With the default `raw` framing it echoes chunks as they
 * arrive; with `lines` or `length-prefix` it echoes whole messages.
 *
 * @example
 * const server = await createEchoServer({ port: 9800 });
 * // in another cell: connect, send 'hola', read 'hola' back
 * await server.close();
 */
export function createEchoServer(options: MultiServerOptions = {}): Promise<MultiServer<Record<string, never>>> {
  return createMultiServer(options, {
    onMessage: (client, message) => client.send(message),
  });
}
