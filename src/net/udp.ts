import * as dgram from 'node:dgram';
import { isIP } from 'node:net';
import { type Datagram, DatagramQueue, ReceiveTimeoutError } from './datagram-queue.js';
import { SocketbookError } from './errors.js';

/**
 * The largest UDP payload over IPv4: 65,535 (IPv4 total length field) - 20 (IPv4 header) - 8 (UDP header).
 *
 * @example
 * if (data.length > MAX_UDP_PAYLOAD_IPV4) console.log('split it');
 */
export const MAX_UDP_PAYLOAD_IPV4 = 65_507;

/**
 * The largest UDP payload over IPv6: 65,535 (UDP length field) - 8 (UDP header); the IPv6 header is not
 * counted in that field.
 *
 * @example
 * const udp6 = await bindUdp({ host: '::1' }); // sends up to MAX_UDP_PAYLOAD_IPV6 bytes
 */
export const MAX_UDP_PAYLOAD_IPV6 = 65_527;

/**
 * A datagram is larger than UDP can carry. Checked before sending, so the message can say both sizes
 * instead of the OS's bare EMSGSIZE.
 *
 * @example
 * try { await udp.send(Buffer.alloc(70_000), port); }
 * catch (error) { if (error instanceof DatagramTooLargeError) console.log(error.message); }
 */
export class DatagramTooLargeError extends SocketbookError {
  constructor(size: number, limit: number, family: string) {
    super(
      'ERR_DATAGRAM_TOO_LARGE',
      `Cannot send datagram: ${size} bytes exceeds the ${family} UDP limit of ${limit} bytes; split the data or use TCP`,
    );
  }
}

/**
 * The OS refused to send a datagram; `cause` is its error.
 *
 * @example
 * try { await udp.send('hi', port); } catch (error) { if (error instanceof UdpSendError) console.log(error.cause); }
 */
export class UdpSendError extends SocketbookError {
  constructor(target: string, cause: NodeJS.ErrnoException) {
    super('ERR_UDP_SEND', `Cannot send datagram to ${target}: ${cause.code ?? cause.message}`, { cause });
  }
}

/**
 * The OS refused to bind the UDP socket; `cause` is its error (e.g. EADDRINUSE).
 *
 * @example
 * try { await bindUdp({ port: 5000 }); } catch (error) { if (error instanceof UdpBindError) console.log(error.message); }
 */
export class UdpBindError extends SocketbookError {
  constructor(address: string, cause: NodeJS.ErrnoException) {
    const hint = cause.code === 'EADDRINUSE' ? 'another socket uses that port; close it or use port 0' : cause.message;
    super('ERR_UDP_BIND', `Cannot bind UDP socket to ${address}: ${hint} (${cause.code ?? 'unknown error'})`, { cause });
  }
}

/**
 * Options of {@link bindUdp}.
 *
 * @example
 * await bindUdp({ host: '239.255.0.1', port: 5000, reuseAddr: true }); // a multicast member
 */
export interface BindUdpOptions {
  /**
   * The local address to bind. To receive broadcast, bind the broadcast address ('127.255.255.255');
   * to receive multicast, bind the group address and call `joinMulticast`.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * The local port; 0 lets the OS choose (read it from `udp.port`).
   * @default 0
   */
  port?: number;
  /**
   * IPv4 or IPv6 socket.
   * @default 'udp6' when host contains ':', else 'udp4'
   */
  type?: 'udp4' | 'udp6';
  /**
   * Let several sockets bind the same address and port (several members of one multicast group).
   * @default false
   */
  reuseAddr?: boolean;
  /**
   * How many received datagrams may wait unread before new ones are dropped.
   * @default 1024
   */
  maxQueuedDatagrams?: number;
}

/**
 * Options of {@link UdpSocket.receive}.
 *
 * @example
 * await udp.receive({ timeoutMs: 500, from: { address: '127.0.0.1', port: serverPort } });
 */
export interface ReceiveOptions {
  /**
   * Give up after this many milliseconds ({@link ReceiveTimeoutError}); the socket stays open.
   * @default undefined (wait as long as it takes)
   */
  timeoutMs?: number;
  /** Only accept a datagram from this sender; others stay queued for later receives. */
  from?: { address?: string; port: number };
}

/**
 * Options of {@link UdpSocket.request}.
 *
 * @example
 * await udp.request('TIME', { port: 9000, timeoutMs: 200, retries: 5 });
 */
export interface RequestOptions {
  /** The server's port. */
  port: number;
  /**
   * The server's address.
   * @default '127.0.0.1' ('::1' on an udp6 socket)
   */
  host?: string;
  /**
   * How long to wait for the reply to each attempt.
   * @default 1000
   */
  timeoutMs?: number;
  /**
   * How many times to send again after a timeout.
   * @default 3
   */
  retries?: number;
}

/**
 * A bound UDP socket with promise-based send and receive.
 *
 * @example
 * const udp: UdpSocket = await bindUdp();
 * await udp.send('hello', 9000);
 * await udp.close();
 */
export interface UdpSocket {
  /** The underlying `dgram.Socket`. */
  readonly socket: dgram.Socket;
  /** The bound address. */
  readonly host: string;
  /** The bound port (useful with port 0). */
  readonly port: number;
  /** Datagrams dropped because more than `maxQueuedDatagrams` were waiting unread. */
  readonly droppedDatagrams: number;
  /** Sends one datagram and resolves once the OS has taken it (not when it arrives: UDP never says). */
  send(data: Uint8Array | string, port: number, host?: string): Promise<void>;
  /** The next datagram, oldest first; none is lost between calls. */
  receive(options?: ReceiveOptions): Promise<Datagram>;
  /** Sends `data` and waits for the reply from that server, sending again after each timeout. */
  request(data: Uint8Array | string, options: RequestOptions): Promise<Datagram>;
  /** Allows sending to broadcast addresses such as '127.255.255.255'. */
  setBroadcast(enabled: boolean): void;
  /** Sends multicast through the interface with this address, loopback on, so members here hear it. */
  setMulticastInterface(interfaceAddress?: string): void;
  /** Joins an IPv4 multicast group on an interface (and sends multicast through it). */
  joinMulticast(group: string, interfaceAddress?: string): void;
  /** Leaves a multicast group. */
  leaveMulticast(group: string, interfaceAddress?: string): void;
  /** Closes the socket; waiting receives reject with `SocketClosedError`. */
  close(): Promise<void>;
}

/**
 * Creates and binds a UDP socket whose datagrams are read with `await udp.receive()`.
 *
 * @example
 * const server = await bindUdp();
 * const client = await bindUdp();
 * await client.send('ping', server.port);
 * const { data, address, port } = await server.receive({ timeoutMs: 1000 });
 * await server.send(data, port, address);
 */
export async function bindUdp(options: BindUdpOptions = {}): Promise<UdpSocket> {
  const { host = '127.0.0.1', port = 0, reuseAddr = false } = options;
  const type = options.type ?? (host.includes(':') ? 'udp6' : 'udp4');
  const socket = dgram.createSocket({ type, reuseAddr });
  const queue = new DatagramQueue({ maxDatagrams: options.maxQueuedDatagrams });
  socket.on('message', (data, from) => queue.push({ data, address: from.address, port: from.port }));
  socket.on('close', () => queue.close());
  await new Promise<void>((resolve, reject) => {
    socket.once('error', (error) => {
      socket.close();
      reject(new UdpBindError(`${host}:${port}`, error));
    });
    socket.bind({ address: host, port }, () => {
      socket.removeAllListeners('error');
      // Later errors fail the waiting receives instead of crashing the process.
      socket.on('error', (error) => queue.close(error));
      resolve();
    });
  });
  return new BoundUdpSocket(socket, host, socket.address().port, queue, type);
}

class BoundUdpSocket implements UdpSocket {
  readonly socket: dgram.Socket;
  readonly host: string;
  readonly port: number;
  readonly #queue: DatagramQueue;
  readonly #family: 'IPv4' | 'IPv6';
  #closing: Promise<void> | undefined;

  constructor(socket: dgram.Socket, host: string, port: number, queue: DatagramQueue, type: 'udp4' | 'udp6') {
    this.socket = socket;
    this.host = host;
    this.port = port;
    this.#queue = queue;
    this.#family = type === 'udp4' ? 'IPv4' : 'IPv6';
  }

  get droppedDatagrams(): number {
    return this.#queue.dropped;
  }

  send(data: Uint8Array | string, port: number, host = this.#defaultHost()): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const limit = this.#family === 'IPv4' ? MAX_UDP_PAYLOAD_IPV4 : MAX_UDP_PAYLOAD_IPV6;
    if (bytes.length > limit) return Promise.reject(new DatagramTooLargeError(bytes.length, limit, this.#family));
    return new Promise((resolve, reject) => {
      this.socket.send(bytes, port, host, (error) => {
        if (error) reject(new UdpSendError(`${host}:${port}`, error));
        else resolve();
      });
    });
  }

  receive(options: ReceiveOptions = {}): Promise<Datagram> {
    const { from } = options;
    const accepts = from === undefined
      ? undefined
      : (datagram: Datagram) =>
          datagram.port === from.port && (from.address === undefined || datagram.address === from.address);
    return this.#queue.receive({ timeoutMs: options.timeoutMs, accepts });
  }

  async request(data: Uint8Array | string, options: RequestOptions): Promise<Datagram> {
    const { port, host = this.#defaultHost(), timeoutMs = 1000, retries = 3 } = options;
    // A host name cannot be compared with the sender's address, so then only the port is checked.
    const from = { port, address: isIP(host) !== 0 ? host : undefined };
    for (let attempt = 0; attempt <= retries; attempt++) {
      await this.send(data, port, host);
      try {
        return await this.receive({ timeoutMs, from });
      } catch (error) {
        if (!(error instanceof ReceiveTimeoutError)) throw error;
      }
    }
    throw new ReceiveTimeoutError(
      `Cannot get a reply from ${host}:${port}: no answer to ${retries + 1} attempts of ${timeoutMs} ms each; is the server running?`,
    );
  }

  setBroadcast(enabled: boolean): void {
    this.socket.setBroadcast(enabled);
  }

  setMulticastInterface(interfaceAddress = '127.0.0.1'): void {
    this.socket.setMulticastInterface(interfaceAddress);
    this.socket.setMulticastLoopback(true);
  }

  joinMulticast(group: string, interfaceAddress = '127.0.0.1'): void {
    this.socket.addMembership(group, interfaceAddress);
    this.setMulticastInterface(interfaceAddress);
  }

  leaveMulticast(group: string, interfaceAddress = '127.0.0.1'): void {
    this.socket.dropMembership(group, interfaceAddress);
  }

  close(): Promise<void> {
    this.#closing ??= new Promise((resolve) => this.socket.close(() => resolve()));
    return this.#closing;
  }

  #defaultHost(): string {
    return this.#family === 'IPv4' ? '127.0.0.1' : '::1';
  }
}
