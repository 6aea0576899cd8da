import { SocketbookError } from './errors.js';

/**
 * Sequenced datagram layout:
 *
 *   offset 0..3  sequence number (u32 BE)
 *   offset 4..   payload
 *
 * @example
 * const payload = datagram.subarray(SEQUENCE_HEADER_BYTES);
 */
export const SEQUENCE_HEADER_BYTES = 4;

/**
 * A datagram is too short to hold the 4-byte sequence number.
 *
 * @example
 * try { decodeSequenced(Buffer.from([1, 2])); }
 * catch (error) { if (error instanceof TruncatedDatagramError) console.log(error.message); }
 */
export class TruncatedDatagramError extends SocketbookError {
  constructor(length: number) {
    super(
      'ERR_TRUNCATED_DATAGRAM',
      `Cannot decode sequenced datagram: ${length} bytes is shorter than the ${SEQUENCE_HEADER_BYTES}-byte header`,
    );
  }
}

/**
 * A sequence number jumped further ahead than the tracker will remember missing numbers for.
 *
 * @example
 * try { tracker.record(4_000_000_000); }
 * catch (error) { if (error instanceof SequenceGapError) tracker = new SequenceTracker(); }
 */
export class SequenceGapError extends SocketbookError {
  constructor(seq: number, gap: number, limit: number) {
    super(
      'ERR_SEQUENCE_GAP',
      `Cannot track sequence number ${seq}: it skips ${gap} numbers, more than maxGap ${limit}; raise maxGap or start a new tracker`,
    );
  }
}

/**
 * Puts a sequence number (u32, big-endian) in front of a payload, so the receiver can tell lost,
 * duplicated and reordered datagrams apart.
 *
 * @example
 * await udp.send(encodeSequenced(7, Buffer.from('temp=21')), port);
 */
export function encodeSequenced(seq: number, payload: Uint8Array | string): Buffer {
  if (!Number.isInteger(seq) || seq < 0 || seq > 0xffff_ffff) {
    throw new RangeError(`Cannot encode sequence number ${seq}: it must be an integer from 0 to 4294967295`);
  }
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const datagram = Buffer.allocUnsafe(SEQUENCE_HEADER_BYTES + body.length);
  datagram.writeUInt32BE(seq, 0);
  datagram.set(body, SEQUENCE_HEADER_BYTES);
  return datagram;
}

/**
 * Splits a sequenced datagram into its number and payload (a view, not a copy).
 *
 * @example
 * const { seq, payload } = decodeSequenced((await udp.receive()).data);
 */
export function decodeSequenced(datagram: Uint8Array): { seq: number; payload: Buffer } {
  if (datagram.length < SEQUENCE_HEADER_BYTES) throw new TruncatedDatagramError(datagram.length);
  const bytes = Buffer.from(datagram.buffer, datagram.byteOffset, datagram.length);
  return { seq: bytes.readUInt32BE(0), payload: bytes.subarray(SEQUENCE_HEADER_BYTES) };
}

/**
 * What {@link SequenceTracker.record} concluded about one number.
 *
 * @example
 * const verdict: SequenceVerdict = tracker.record(seq); // 'in-order' | 'gap' | 'out-of-order' | 'duplicate'
 */
export type SequenceVerdict = 'in-order' | 'gap' | 'out-of-order' | 'duplicate';

/**
 * What a {@link SequenceTracker} has seen so far.
 *
 * @example
 * const { lost, duplicates }: SequenceReport = tracker.report();
 */
export interface SequenceReport {
  /** Datagrams recorded, duplicates included. */
  received: number;
  /** The highest number seen, or undefined before the first. */
  highest: number | undefined;
  /** Numbers below `highest` that never arrived (so far), ascending. */
  lost: number[];
  /** Numbers that arrived more than once (once per extra copy). */
  duplicates: number[];
  /** Numbers that arrived after a higher one. */
  outOfOrder: number[];
}

/**
 * Options of {@link SequenceTracker}.
 *
 * @example
 * new SequenceTracker({ first: 1, maxGap: 1000 });
 */
export interface SequenceTrackerOptions {
  /**
   * The number the sender starts with.
   * @default 0
   */
  first?: number;
  /**
   * The largest jump ahead accepted; each skipped number is remembered as missing.
   * @default 65_536
   */
  maxGap?: number;
}

/**
 * Follows the sequence numbers of received datagrams and reports which were lost, duplicated or
 * arrived out of order. Numbers do not wrap around; a number below `first` counts as a duplicate.
 *
 * @example
 * const tracker = new SequenceTracker();
 * for (const seq of [0, 1, 3, 2, 2]) tracker.record(seq);
 * tracker.report(); // { lost: [], duplicates: [2], outOfOrder: [2], ... }
 */
export class SequenceTracker {
  readonly maxGap: number;
  #next: number;
  #highest: number | undefined;
  #missing = new Set<number>();
  #received = 0;
  #duplicates: number[] = [];
  #outOfOrder: number[] = [];

  constructor(options: SequenceTrackerOptions = {}) {
    this.#next = options.first ?? 0;
    this.maxGap = options.maxGap ?? 65_536;
  }

  /** Records one received number and says what it means. */
  record(seq: number): SequenceVerdict {
    if (seq >= this.#next) {
      const gap = seq - this.#next;
      if (gap > this.maxGap) throw new SequenceGapError(seq, gap, this.maxGap);
      for (let skipped = this.#next; skipped < seq; skipped++) this.#missing.add(skipped);
      this.#next = seq + 1;
      this.#highest = seq;
      this.#received++;
      return gap === 0 ? 'in-order' : 'gap';
    }
    this.#received++;
    if (this.#missing.delete(seq)) {
      this.#outOfOrder.push(seq);
      return 'out-of-order';
    }
    this.#duplicates.push(seq);
    return 'duplicate';
  }

  /** Everything seen so far. */
  report(): SequenceReport {
    return {
      received: this.#received,
      highest: this.#highest,
      lost: [...this.#missing].sort((a, b) => a - b),
      duplicates: [...this.#duplicates],
      outOfOrder: [...this.#outOfOrder],
    };
  }
}
