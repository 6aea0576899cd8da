/**
 * A lossy link: a UDP relay on loopback that loses, duplicates, reorders and delays datagrams on purpose,
 * so a notebook can show what UDP does not promise. Clients send to the link; the link forwards to the
 * target and sends the target's replies back to the right client.
 *
 * Every fault is decided by a seeded generator, one datagram at a time in arrival order, so the same seed
 * and the same input lose the same datagrams on every run. Delivery order is decided by those choices
 * only: a random delay makes datagrams late but never overtakes an earlier one (the clock only paces the
 * queue); a datagram changes place only when the generator chooses "reorder".
 */
import * as dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import { createRandom, type Random } from './seeded-random.js';

/** Where the link forwards client datagrams. */
export interface LinkTarget {
  host: string;
  port: number;
}

/** Options of {@link createLossyLink}. Every rate is a probability between 0 and 1. */
export interface LossyLinkOptions {
  /** The UDP server behind the link. */
  target: LinkTarget;
  /** Probability that a datagram is lost. @default 0 */
  dropRate?: number;
  /** Probability that a datagram is delivered twice. @default 0 */
  duplicateRate?: number;
  /** Probability that a datagram is held back and delivered after the next one. @default 0 */
  reorderRate?: number;
  /** Extra delay per datagram, fixed or drawn between `min` and `max` milliseconds. @default 0 */
  delayMs?: number | { min: number; max: number };
  /** How long a held-back datagram waits for a next one before it goes out anyway. @default 100 */
  reorderHoldMs?: number;
  /** Seed of the generator: the same seed loses the same datagrams. @default 1 */
  seed?: number;
  /** Address the link listens on. @default '127.0.0.1' */
  host?: string;
  /** Port the link listens on; 0 asks the system for a free one. @default 0 */
  port?: number;
}

/** What the link did so far, counting both directions. */
export interface LossyLinkStats {
  received: number;
  forwarded: number;
  dropped: number;
  duplicated: number;
  reordered: number;
}

/** A running lossy link. Send to `host`:`port` instead of the target. */
export interface LossyLink {
  host: string;
  port: number;
  stats: LossyLinkStats;
  close(): Promise<void>;
}

/** The faults chosen for one datagram. */
export interface Faults {
  drop: boolean;
  duplicate: boolean;
  reorder: boolean;
  delayMs: number;
}

/**
 * Choose the faults for one datagram. Always draws four numbers, so the choice for a datagram never
 * depends on what happened to the previous ones.
 *
 * @example
 * ```ts
 * const faults = decideFaults(createRandom(1), { dropRate: 0.5 });
 * if (faults.drop) console.log('lost');
 * ```
 */
export function decideFaults(
  random: Random,
  options: Pick<LossyLinkOptions, 'dropRate' | 'duplicateRate' | 'reorderRate' | 'delayMs'>,
): Faults {
  const { dropRate = 0, duplicateRate = 0, reorderRate = 0, delayMs = 0 } = options;
  const delay = typeof delayMs === 'number' ? { min: delayMs, max: delayMs } : delayMs;
  return {
    drop: random() < dropRate,
    duplicate: random() < duplicateRate,
    reorder: random() < reorderRate,
    delayMs: delay.min + random() * (delay.max - delay.min),
  };
}

type Delivery = () => void;

/** The link's socket towards the target for one client, with its sends kept in order. */
interface Upstream {
  socket: dgram.Socket;
  chain: Promise<void>;
  send: (datagram: Buffer) => void;
}

/** One direction of the link: a queue of deliveries paced by their due times. */
class Lane {
  readonly #random: Random;
  readonly #options: LossyLinkOptions;
  readonly #stats: LossyLinkStats;
  readonly #queue: { deliver: Delivery; dueAt: number }[] = [];
  #held: Delivery[] = [];
  #holdTimer: NodeJS.Timeout | undefined;
  #queueTimer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;
  #lastDueAt = 0;

  constructor(seed: number, options: LossyLinkOptions, stats: LossyLinkStats) {
    this.#random = createRandom(seed);
    this.#options = options;
    this.#stats = stats;
  }

  push(deliver: Delivery): void {
    this.#stats.received += 1;
    const faults = decideFaults(this.#random, this.#options);
    if (faults.drop) {
      this.#stats.dropped += 1;
      return;
    }
    const copies = faults.duplicate ? [deliver, deliver] : [deliver];
    if (faults.duplicate) this.#stats.duplicated += 1;
    // Never let a later datagram overtake an earlier one: the order comes from the generator alone.
    const dueAt = Math.max(Date.now() + faults.delayMs, this.#lastDueAt);
    if (faults.reorder && this.#held.length === 0) {
      this.#stats.reordered += 1;
      this.#held = copies;
      this.#holdTimer = setTimeout(() => this.#release(Date.now()), this.#options.reorderHoldMs ?? 100);
      return;
    }
    this.#enqueue(copies, dueAt);
    this.#release(dueAt);
  }

  stop(): void {
    clearTimeout(this.#holdTimer);
    clearTimeout(this.#queueTimer);
    clearImmediate(this.#immediate);
    this.#queue.length = 0;
    this.#held = [];
  }

  /** Let the held-back datagram go out, after whatever was queued before. */
  #release(dueAt: number): void {
    clearTimeout(this.#holdTimer);
    const held = this.#held;
    this.#held = [];
    this.#enqueue(held, dueAt);
  }

  #enqueue(deliveries: Delivery[], dueAt: number): void {
    for (const deliver of deliveries) this.#queue.push({ deliver, dueAt });
    this.#lastDueAt = Math.max(this.#lastDueAt, dueAt);
    this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#queueTimer);
    clearImmediate(this.#immediate);
    const next = this.#queue[0];
    if (next === undefined) return;
    this.#queueTimer = setTimeout(() => this.#flush(), Math.max(0, next.dueAt - Date.now()));
  }

  #flush(): void {
    const next = this.#queue[0];
    if (next === undefined || next.dueAt > Date.now()) {
      this.#schedule();
      return;
    }
    this.#queue.shift();
    next.deliver();
    this.#stats.forwarded += 1;
    // One datagram per turn of the event loop: Deno's node:dgram sends those of one turn in reverse order.
    this.#immediate = setImmediate(() => this.#flush());
  }
}

function udpType(host: string): dgram.SocketType {
  return isIPv6(host) ? 'udp6' : 'udp4';
}

function closeSocket(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()));
}

/**
 * Start a lossy UDP relay in front of `target`.
 *
 * @example Lose one datagram in five, the same ones every run
 * ```ts
 * const link = await createLossyLink({ target: { host: '127.0.0.1', port: 9800 }, dropRate: 0.2, seed: 7 });
 * udpClient.send('hola', link.port, '127.0.0.1');
 * console.log(link.stats); // { received, forwarded, dropped, duplicated, reordered }
 * await link.close();
 * ```
 */
export async function createLossyLink(options: LossyLinkOptions): Promise<LossyLink> {
  const { target, seed = 1, host = '127.0.0.1', port = 0 } = options;
  const stats: LossyLinkStats = { received: 0, forwarded: 0, dropped: 0, duplicated: 0, reordered: 0 };
  // Two generators, so the faults of one direction never depend on traffic in the other.
  const toTarget = new Lane(seed, options, stats);
  const toClients = new Lane(seed ^ 0x5bd1e995, options, stats);
  // One upstream socket per client, so each reply from the target finds its way back to its client.
  const upstreams = new Map<string, Upstream>();
  const listener = dgram.createSocket(udpType(host));

  function upstreamFor(client: dgram.RemoteInfo): Upstream {
    const key = `${client.address}|${client.port}`;
    let upstream = upstreams.get(key);
    if (upstream === undefined) {
      const type = udpType(target.host);
      const socket = dgram.createSocket(type);
      // A failed send is a lost datagram, which is what this link is about anyway.
      socket.on('error', () => {});
      socket.on('message', (reply) => {
        toClients.push(() => listener.send(reply, client.port, client.address));
      });
      // Bind before the first send, and send one datagram after the other: Deno's node:dgram reverses
      // datagrams queued on a socket that is not bound yet.
      const bound = new Promise<void>((resolve) => socket.bind(0, type === 'udp6' ? '::1' : '127.0.0.1', resolve));
      const created: Upstream = {
        socket,
        chain: bound,
        send(datagram) {
          created.chain = created.chain.then(() => new Promise<void>((resolve) => socket.send(datagram, target.port, target.host, () => resolve())));
        },
      };
      upstream = created;
      upstreams.set(key, upstream);
    }
    return upstream;
  }

  listener.on('error', () => {});
  listener.on('message', (datagram, client) => {
    const upstream = upstreamFor(client);
    toTarget.push(() => upstream.send(datagram));
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.bind(port, host, () => {
      listener.off('error', reject);
      resolve();
    });
  });

  return {
    host,
    port: listener.address().port,
    stats,
    async close() {
      toTarget.stop();
      toClients.stop();
      await Promise.all([listener, ...[...upstreams.values()].map((upstream) => upstream.socket)].map(closeSocket));
    },
  };
}
