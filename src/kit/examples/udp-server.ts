/**
 * The lecture's example 15, server side: bind a UDP port and send every datagram back to whoever sent
 * it. No connection, no accept: each datagram says who it came from.
 */
import { SocketClosedError } from '../../net/common-errors.js';
import { bindUdp } from '../../net/udp.js';
import { type ExampleHandle, type ExampleLog, hostPort, plural, showBytes } from './example-handle.js';

/** Options of {@link startUdpServer}. */
export interface UdpServerOptions {
  /** The address to bind. @default '127.0.0.1' */
  host?: string;
  /** The port; 0 lets the OS choose one (printed). @default 9800 */
  port?: number;
  /**
   * The receive buffer, like `recvfrom(4096)`: a longer datagram is cut to this size, as it would be
   * in the lecture's Python server, and only the part that fit is echoed.
   * @default 4096
   */
  bufferBytes?: number;
}

/**
 * Starts the UDP echo server of example 15 and says who sent what.
 *
 * @example
 * const server = await startUdpServer({ port: 0 }, console.log);
 * // Listening on 127.0.0.1:51000 (UDP, 4096-byte buffer)
 * await server.close();
 */
export async function startUdpServer(options: UdpServerOptions, log: ExampleLog): Promise<ExampleHandle> {
  const { host = '127.0.0.1', port = 9800, bufferBytes = 4096 } = options;
  const udp = await bindUdp({ host, port });
  log(`Listening on ${hostPort(host, udp.port)} (UDP, ${bufferBytes}-byte buffer)`);

  const serve = async (): Promise<void> => {
    for (;;) {
      let datagram;
      try {
        datagram = await udp.receive();
      } catch (error) {
        if (error instanceof SocketClosedError) return;
        throw error;
      }
      const sender = hostPort(datagram.address, datagram.port);
      const data = datagram.data.subarray(0, bufferBytes);
      if (data.length < datagram.data.length) {
        log(`${sender}: datagram of ${datagram.data.length} bytes cut to the ${bufferBytes}-byte buffer; the rest is lost`);
      }
      log(`${sender}: received ${plural(data.length, 'byte')} ${showBytes(data)}, sending them back`);
      try {
        await udp.send(data, datagram.port, datagram.address);
      } catch (error) {
        log(`${sender}: could not send the echo (${(error as Error).message})`);
      }
    }
  };
  const done = serve();
  let closing: Promise<void> | undefined;
  return {
    done,
    close() {
      closing ??= (async () => {
        await udp.close();
        await done;
        log('Server closed');
      })();
      return closing;
    },
  };
}
