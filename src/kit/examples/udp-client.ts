/**
 * The lecture's example 15, client side: send one datagram and wait for one reply. UDP never says
 * whether a datagram arrived, so the client waits a while and sends again when nothing comes back.
 */
import { isIP } from 'node:net';
import { classifyAddress } from '../../net/classify-address.js';
import { bindUdp } from '../../net/udp.js';
import { type ExampleHandle, type ExampleLog, handleFor, hostPort, plural, showBytes } from './example-handle.js';

/** Options of {@link startUdpClient}. */
export interface UdpClientOptions {
  /** The server's address. */
  host: string;
  /** The server's port. */
  port: number;
  /** What to send. @default 'Hello, sockets!' */
  message?: string;
  /** How long to wait for the reply to each attempt, in milliseconds. @default 1000 */
  timeoutMs?: number;
  /** How many times to send again after a timeout. @default 3 */
  retries?: number;
}

/**
 * Runs the UDP echo client of example 15; `done` rejects with a `ReceiveTimeoutError` when no reply came.
 *
 * @example
 * const client = await startUdpClient({ host: '127.0.0.1', port: 9800, message: 'hola' }, console.log);
 * await client.done;
 */
export async function startUdpClient(options: UdpClientOptions, log: ExampleLog): Promise<ExampleHandle> {
  const { host, port, message = 'Hello, sockets!', timeoutMs = 1000, retries = 3 } = options;
  const udp = await bindUdp({ host: clientBindAddress(host) });
  const bytes = Buffer.from(message, 'utf8');

  const talk = async (): Promise<void> => {
    try {
      log(`Sending ${plural(bytes.length, 'byte')} ${showBytes(bytes)} to ${hostPort(host, port)} from ${hostPort(udp.host, udp.port)}; ` +
        `waiting ${timeoutMs} ms for the reply, up to ${retries + 1} attempts`);
      const reply = await udp.request(bytes, { host, port, timeoutMs, retries });
      log(`Received ${plural(reply.data.length, 'byte')} ${showBytes(reply.data)} from ${hostPort(reply.address, reply.port)}`);
    } finally {
      await udp.close();
    }
  };
  return handleFor(talk(), () => udp.close());
}

/**
 * Where the client's socket binds, with a free port. For a server on loopback, the loopback address of its
 * family, so that nothing from another network can reach the socket while it waits. For any other
 * server, the wildcard address of its family: what Python's sendto() picks for an unbound socket.
 *
 * @example
 * clientBindAddress('127.0.0.1');   // '127.0.0.1'
 * clientBindAddress('::1');         // '::1'
 * clientBindAddress('192.168.1.20'); // '0.0.0.0'
 */
export function clientBindAddress(host: string): string {
  const ipv6 = host.includes(':');
  const loopback = host === 'localhost' || (isIP(host) !== 0 && classifyAddress(host).kind === 'loopback');
  if (loopback) return ipv6 ? '::1' : '127.0.0.1';
  return ipv6 ? '::' : '0.0.0.0';
}
