import { SocketbookError } from './errors.js';
import { type AnyCanFrame, checkCanFrame } from './can-frame.js';

/**
 * One bit of a frame's arbitration field, as it goes on the wire: 0 is dominant, 1 is recessive.
 *
 * @example
 * const bit: ArbitrationBit = { name: 'IDE', level: 0 };
 */
export interface ArbitrationBit {
  /** The bit's name in the CAN specification: `ID10`..`ID0`, `SRR`, `IDE`, `ID17`..`ID0` or `RTR`. */
  name: string;
  level: 0 | 1;
}

/**
 * What happened when several nodes started sending at once.
 *
 * @example
 * const { winner, losers } = arbitrate([canFrame(0x200, []), canFrame(0x100, [])]);
 */
export interface ArbitrationResult {
  /** Index (in the given list) of the frame that won the bus. */
  winner: number;
  /** Frames whose arbitration field is identical to the winner's: on a real bus they keep sending too. */
  tied: number[];
  /** For each loser, the bit position (0 = first identifier bit, after SOF) where it read a dominant 0. */
  losers: Array<{ index: number; position: number; bit: string }>;
}

/**
 * Thrown when frames cannot be arbitrated (an empty list, or an error frame, which is never on the bus).
 *
 * @example
 * try { arbitrate([]); } catch (error) { if (error instanceof CanArbitrationError) console.log(error.code); }
 */
export class CanArbitrationError extends SocketbookError {
  constructor(message: string) {
    super('ERR_CAN_ARBITRATION', message);
  }
}

/**
 * The arbitration field of a frame, bit by bit, after the start-of-frame bit.
 * Standard: ID10..ID0, RTR, IDE=0. Extended: ID28..ID18, SRR=1, IDE=1, ID17..ID0, RTR.
 * A CAN FD frame sends RRS (always 0) where a classic frame sends RTR.
 *
 * @example
 * arbitrationField(canFrame(0x7ff, [])).map((bit) => bit.level).join(''); // '1111111111100'
 */
export function arbitrationField(frame: AnyCanFrame): ArbitrationBit[] {
  checkCanFrame(frame);
  if (frame.error) {
    throw new CanArbitrationError('Cannot arbitrate an error frame: it is a report from the controller, not bus traffic');
  }
  const remoteBit = { name: frame.fd ? 'RRS' : 'RTR', level: !frame.fd && frame.remote ? 1 : 0 } as const;
  if (!frame.extended) {
    return [...identifierBits(frame.id, 11, 0), remoteBit, { name: 'IDE', level: 0 }];
  }
  const base = frame.id >>> 18;
  const extension = frame.id & 0x3ffff;
  return [
    ...identifierBits(base, 11, 18),
    { name: 'SRR', level: 1 },
    { name: 'IDE', level: 1 },
    ...identifierBits(extension, 18, 0),
    remoteBit,
  ];
}

/**
 * Orders two frames by bus priority, like `Array.prototype.sort` expects: negative when `a` wins the bus,
 * positive when `b` wins, 0 when their arbitration fields are identical.
 *
 * @example
 * [canFrame(0x300, []), canFrame(0x100, [])].sort(compareArbitration)[0].id; // 0x100
 */
export function compareArbitration(a: AnyCanFrame, b: AnyCanFrame): number {
  const bitsA = arbitrationField(a);
  const bitsB = arbitrationField(b);
  const length = Math.min(bitsA.length, bitsB.length);
  for (let position = 0; position < length; position++) {
    const difference = (bitsA[position]?.level ?? 0) - (bitsB[position]?.level ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Simulates several nodes starting to send at once: every bit time, the bus carries a dominant 0 if any
 * node sends 0 (a wired AND); a node that sent a recessive 1 but reads 0 stops sending.
 *
 * @example
 * const result = arbitrate([canFrame(0x65, []), canFrame(0x64, [])]);
 * result.winner;  // 1 (0x64 is lower)
 * result.losers;  // [{ index: 0, position: 10, bit: 'ID0' }]
 */
export function arbitrate(frames: readonly AnyCanFrame[]): ArbitrationResult {
  if (frames.length === 0) throw new CanArbitrationError('Cannot arbitrate: no frames given');
  const fields = frames.map(arbitrationField);
  const longest = Math.max(...fields.map((field) => field.length));
  let sending = fields.map((_, index) => index);
  const losers: ArbitrationResult['losers'] = [];
  for (let position = 0; position < longest && sending.length > 1; position++) {
    const levels = sending.map((index) => fields[index]?.[position]?.level);
    const bus = levels.includes(0) ? 0 : 1;
    const stillSending: number[] = [];
    for (const index of sending) {
      const bit = fields[index]?.[position];
      if (bit !== undefined && bit.level !== bus) {
        losers.push({ index, position, bit: bit.name });
      } else {
        stillSending.push(index);
      }
    }
    sending = stillSending;
  }
  const [winner = 0, ...tied] = sending;
  return { winner, tied, losers };
}

function identifierBits(value: number, count: number, firstNumber: number): ArbitrationBit[] {
  const bits: ArbitrationBit[] = [];
  for (let shift = count - 1; shift >= 0; shift--) {
    bits.push({ name: `ID${firstNumber + shift}`, level: (value >>> shift) & 1 ? 1 : 0 });
  }
  return bits;
}
