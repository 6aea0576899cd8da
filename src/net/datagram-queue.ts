import { SocketClosedError, TimeoutError } from './common-errors.js';

/**
 * One received UDP datagram and where it came from.
 *
 * @example
 * const { data, address, port }: Datagram = await udp.receive();
 * await udp.send(data, port, address); // echo it back
 */
export interface Datagram {
  data: Buffer;
  address: string;
  port: number;
}

/**
 * No datagram arrived in time. The UDP socket stays open: UDP has no connection to break.
 *
 * @example
 * try { await udp.receive({ timeoutMs: 500 }); }
 * catch (error) { if (error instanceof ReceiveTimeoutError) console.log('lost?'); }
 */
export class ReceiveTimeoutError extends TimeoutError {}

/**
 * Options of {@link DatagramQueue}.
 *
 * @example
 * new DatagramQueue({ maxDatagrams: 100 });
 */
export interface DatagramQueueOptions {
  /**
   * How many datagrams may wait unread; later ones are dropped (and counted), as the OS would.
   * @default 1024
   */
  maxDatagrams?: number;
}

interface Receiver {
  accepts: (datagram: Datagram) => boolean;
  deliver: (datagram: Datagram) => void;
  fail: (error: Error) => void;
}

/**
 * Holds received datagrams until someone asks for them, so none is lost between two `receive` calls.
 * Receivers waiting at the same time are served in the order they asked.
 *
 * @example
 * const queue = new DatagramQueue();
 * socket.on('message', (data, from) => queue.push({ data, address: from.address, port: from.port }));
 * const { data } = await queue.receive({ timeoutMs: 1000 });
 */
export class DatagramQueue {
  readonly maxDatagrams: number;
  #waiting: Datagram[] = [];
  #receivers: Receiver[] = [];
  #dropped = 0;
  #closedBy: Error | undefined;

  constructor(options: DatagramQueueOptions = {}) {
    this.maxDatagrams = options.maxDatagrams ?? 1024;
  }

  /** Datagrams dropped because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** How many datagrams wait unread. */
  get length(): number {
    return this.#waiting.length;
  }

  /** Hands a datagram to the first waiting receiver that accepts it, or queues it. */
  push(datagram: Datagram): void {
    const index = this.#receivers.findIndex((receiver) => receiver.accepts(datagram));
    const receiver = this.#receivers[index];
    if (receiver !== undefined) {
      this.#receivers.splice(index, 1);
      receiver.deliver(datagram);
    } else if (this.#waiting.length < this.maxDatagrams) {
      this.#waiting.push(datagram);
    } else {
      this.#dropped++;
    }
  }

  /**
   * The oldest queued datagram that `accepts` (default: any), waiting for one if needed. Rejects with
   * {@link ReceiveTimeoutError} after `timeoutMs`, or {@link SocketClosedError} once the queue is closed.
   */
  receive(options: { timeoutMs?: number; accepts?: (datagram: Datagram) => boolean } = {}): Promise<Datagram> {
    const accepts = options.accepts ?? (() => true);
    const index = this.#waiting.findIndex(accepts);
    const queued = this.#waiting[index];
    if (queued !== undefined) {
      this.#waiting.splice(index, 1);
      return Promise.resolve(queued);
    }
    if (this.#closedBy !== undefined) return Promise.reject(this.#closedBy);
    return new Promise((resolve, reject) => {
      const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
        this.#receivers = this.#receivers.filter((other) => other !== receiver);
        reject(new ReceiveTimeoutError(`Cannot receive datagram: none arrived within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      const receiver: Receiver = {
        accepts,
        deliver: (datagram) => {
          clearTimeout(timer);
          resolve(datagram);
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#receivers.push(receiver);
    });
  }

  /** Rejects every waiting and future receive (queued datagrams can still be read). */
  close(cause?: Error): void {
    this.#closedBy ??= new SocketClosedError('Cannot receive datagram: the socket is closed', { cause });
    for (const receiver of this.#receivers) receiver.fail(this.#closedBy);
    this.#receivers = [];
  }
}
