/**
 * A virtual CAN bus for processes on one machine. Node cannot open SocketCAN (AF_CAN), so each member
 * sends cannelloni packets to a UDP multicast group on the loopback interface, and every member of the
 * group, in this process or another, receives them: like a real bus, everyone hears every frame.
 *
 * Each member has two UDP sockets (from `bindUdp`): one bound to the group and its port (many members
 * may bind the same port with SO_REUSEADDR), which receives; and one bound to the interface on a port
 * of its own, which sends. The sender's own port tells a member which frames it sent itself.
 * Multicast TTL is 0 (1 on Deno, which refuses 0) on the loopback interface, so the datagrams never leave the machine.
 */
import type { AnyCanFrame } from './can-frame.js';
import { type CanPacket, decodeCanPacket, encodeCanPacket } from './can-packet.js';
import { SocketClosedError } from './common-errors.js';
import type { Datagram } from './datagram-queue.js';
import { SocketbookError } from './errors.js';
import { bindUdp, type UdpSocket } from './udp.js';

/** Options of {@link joinCanBus}. */
export interface CanBusOptions {
  /** The UDP port every member of the bus shares; 0 lets the system pick one (read it from `bus.port`). */
  port: number;
  /** The multicast group that is the bus. @default '239.0.0.98' */
  group?: string;
  /** The address of the interface the bus runs on. @default '127.0.0.1' */
  interface?: string;
  /** Whether a member also receives the frames it sent. @default false */
  receiveOwn?: boolean;
  /** Largest frame count accepted in one packet. @default 256 */
  maxFramesPerPacket?: number;
  /** Frames a `for await` loop may have waiting before it fails with {@link CanBusOverflowError}. @default 1000 */
  maxQueuedFrames?: number;
}

/** Where a received frame came from. @example bus.onFrame((frame, info) => console.log(info.sender)); */
export interface CanFrameInfo {
  /** `address:port` of the member that sent it. */
  sender: string;
  /** Whether this member sent it itself (only seen with `receiveOwn: true`). */
  own: boolean;
  /** The sequence number of the packet that carried it. */
  sequence: number;
}

/**
 * A member of a virtual CAN bus.
 *
 * @example
 * const bus = await joinCanBus({ port: 0 });
 * bus.onFrame((frame) => console.log(formatCanFrame(frame)));
 * await bus.send(canFrame(0x123, [0xde, 0xad]));
 * await bus.close();
 */
export interface CanBus extends AsyncIterable<AnyCanFrame> {
  /** The UDP port of the bus: pass it to the other members. */
  readonly port: number;
  readonly group: string;
  /** Sends one frame, or several in one packet, to every other member. */
  send(frames: AnyCanFrame | readonly AnyCanFrame[]): Promise<void>;
  /** Calls `listener` for every frame received; returns a function that stops it. */
  onFrame(listener: (frame: AnyCanFrame, info: CanFrameInfo) => void): () => void;
  /** Calls `listener` for every malformed packet (which is then dropped); returns a function that stops it. */
  onError(listener: (error: Error) => void): () => void;
  /** Leaves the bus; pending `for await` loops end. */
  close(): Promise<void>;
}

/**
 * Could not join the bus (for example the port is taken without SO_REUSEADDR); the OS error is `cause`.
 *
 * @example
 * try { await joinCanBus({ port }); } catch (error) { if (error instanceof CanBusJoinError) console.log(error.cause); }
 */
export class CanBusJoinError extends SocketbookError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_CAN_BUS_JOIN', message, options);
  }
}

/**
 * A `for await` loop fell too far behind the bus: more than `maxQueuedFrames` frames were waiting.
 *
 * @example
 * try { for await (const frame of bus) await slowWork(frame); }
 * catch (error) { if (error instanceof CanBusOverflowError) console.log('too slow'); }
 */
export class CanBusOverflowError extends SocketbookError {
  constructor(message: string) {
    super('ERR_CAN_BUS_OVERFLOW', message);
  }
}

/**
 * Joins (or starts, with `port: 0`) a virtual CAN bus over UDP multicast on loopback.
 *
 * @example
 * const first = await joinCanBus({ port: 0 });
 * const second = await joinCanBus({ port: first.port });
 * second.onFrame((frame) => console.log(formatCanFrame(frame)));   // 123#CAFE
 * await first.send(canFrame(0x123, [0xca, 0xfe]));
 */
export async function joinCanBus(options: CanBusOptions): Promise<CanBus> {
  const group = options.group ?? '239.0.0.98';
  const address = options.interface ?? '127.0.0.1';
  const opened: UdpSocket[] = [];
  try {
    const receiver = await bindUdp({ host: group, port: options.port, reuseAddr: true });
    opened.push(receiver);
    receiver.joinMulticast(group, address);
    const sender = await bindUdp({ host: address });
    opened.push(sender);
    sender.setMulticastInterface(address);
    keepOnThisMachine(sender);
    return createMember(receiver, sender, group, options);
  } catch (error) {
    await Promise.all(opened.map((socket) => socket.close()));
    throw new CanBusJoinError(`Cannot join CAN bus ${group}:${options.port} on ${address}: ${String(error)}`, { cause: error });
  }
}

/**
 * TTL 0 keeps multicast datagrams on this machine. Deno's node:dgram refuses 0 (EINVAL); there TTL 1 with
 * the loopback interface chosen above keeps them on the loopback link all the same.
 */
function keepOnThisMachine(sender: UdpSocket): void {
  try {
    sender.socket.setMulticastTTL(0);
  } catch {
    sender.socket.setMulticastTTL(1);
  }
}

function createMember(receiver: UdpSocket, sender: UdpSocket, group: string, options: CanBusOptions): CanBus {
  const ownSender = `${sender.host}:${sender.port}`;
  const frameListeners = new Set<(frame: AnyCanFrame, info: CanFrameInfo) => void>();
  const errorListeners = new Set<(error: Error) => void>();
  const closeListeners = new Set<() => void>();
  let sequence = 0;
  let closed = false;

  const deliver = (datagram: Datagram) => {
    const from = `${datagram.address}:${datagram.port}`;
    const own = from === ownSender;
    if (own && !options.receiveOwn) return;
    let packet: CanPacket;
    try {
      packet = decodeCanPacket(datagram.data, { maxFrames: options.maxFramesPerPacket ?? 256 });
    } catch (error) {
      errorListeners.forEach((listener) => listener(error as Error));
      return;
    }
    for (const frame of packet.frames) {
      for (const listener of frameListeners) {
        try {
          listener(frame, { sender: from, own, sequence: packet.sequence });
        } catch (error) {
          // A bug in a listener surfaces as an uncaught exception, as in any event listener, and the
          // other listeners still get the frame.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    }
  };
  void (async () => {
    while (!closed) {
      try {
        deliver(await receiver.receive());
      } catch (error) {
        // receive() fails once the socket is closed; anything else is reported, and the member stops.
        if (!closed) errorListeners.forEach((listener) => listener(error as Error));
        return;
      }
    }
  })();

  const bus: CanBus = {
    port: receiver.port,
    group,
    async send(frames) {
      if (closed) throw new SocketClosedError('Cannot send on the CAN bus: this member has left it (close() was called)');
      const packet = encodeCanPacket({ sequence, frames: Array.isArray(frames) ? [...frames] : [frames as AnyCanFrame] });
      sequence = (sequence + 1) % 256;
      await sender.send(packet, receiver.port, group);
    },
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    onError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      closeListeners.forEach((listener) => listener());
      await Promise.all([receiver.close(), sender.close()]);
    },
    [Symbol.asyncIterator]() {
      return frameIterator(bus, closeListeners, () => closed, options.maxQueuedFrames ?? 1000);
    },
  };
  return bus;
}

/** A queue between the bus's callbacks and a `for await` loop. */
function frameIterator(
  bus: CanBus,
  closeListeners: Set<() => void>,
  isClosed: () => boolean,
  maxQueued: number,
): AsyncIterator<AnyCanFrame> {
  const queue: AnyCanFrame[] = [];
  let waiting: ((result: IteratorResult<AnyCanFrame>) => void) | undefined;
  let failure: Error | undefined;
  const stop = bus.onFrame((frame) => {
    if (waiting) {
      const wake = waiting;
      waiting = undefined;
      wake({ value: frame, done: false });
    } else if (queue.length < maxQueued) {
      queue.push(frame);
    } else {
      failure = new CanBusOverflowError(`Cannot queue CAN frame: ${maxQueued} frames are waiting (option maxQueuedFrames)`);
      stop();
    }
  });
  const end = (): IteratorResult<AnyCanFrame> => {
    stop();
    closeListeners.delete(finish);
    return { value: undefined, done: true };
  };
  const finish = () => waiting?.(end());
  closeListeners.add(finish);
  return {
    next() {
      const frame = queue.shift();
      if (frame) return Promise.resolve({ value: frame, done: false });
      if (failure) return Promise.reject(failure);
      if (isClosed()) return Promise.resolve(end());
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return() {
      return Promise.resolve(end());
    },
  };
}
