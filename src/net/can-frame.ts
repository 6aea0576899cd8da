import { SocketbookError } from './errors.js';

/** Set in `can_id` when the frame has a 29-bit (extended) identifier. @example CAN_EFF_FLAG | 0x1234567 */
export const CAN_EFF_FLAG = 0x80000000;
/** Set in `can_id` for a remote transmission request. @example (CAN_RTR_FLAG & canId) !== 0 */
export const CAN_RTR_FLAG = 0x40000000;
/** Set in `can_id` for an error frame reported by the controller. @example (CAN_ERR_FLAG & canId) !== 0 */
export const CAN_ERR_FLAG = 0x20000000;
/** The bits of an 11-bit (standard) identifier. @example canId & CAN_SFF_MASK */
export const CAN_SFF_MASK = 0x7ff;
/** The bits of a 29-bit (extended) identifier. @example canId & CAN_EFF_MASK */
export const CAN_EFF_MASK = 0x1fffffff;
/** CAN FD flag: the data phase used the faster bit rate. @example frame.bitRateSwitch ? CANFD_BRS : 0 */
export const CANFD_BRS = 0x01;
/** CAN FD flag: the sender was error passive. @example frame.errorStateIndicator ? CANFD_ESI : 0 */
export const CANFD_ESI = 0x02;
/** The payload lengths a CAN FD frame may have. @example CANFD_LENGTHS.includes(12) // true */
export const CANFD_LENGTHS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64];

/**
 * Binary layouts, as in `<linux/can.h>`:
 *
 *   struct can_frame (16 bytes)          struct canfd_frame (72 bytes)
 *   0  can_id   u32                      0  can_id  u32
 *   4  len      u8  (0..8)               4  len     u8  (one of CANFD_LENGTHS)
 *   5  __pad    u8                       5  flags   u8  (BRS, ESI)
 *   6  __res0   u8                       6  __res0  u8
 *   7  len8_dlc u8                       7  __res1  u8
 *   8  data[8]                           8  data[64]
 *
 * `can_id` is in the host's byte order. We fix it to little-endian, the order of x86 and of ARM Linux,
 * so these bytes are exactly what a SocketCAN program reads on a PC or a Raspberry Pi.
 * `len8_dlc` (a DLC of 9..15 on an 8-byte frame) is written as 0 and ignored when decoding.
 */
const ID_OFFSET = 0;
const LEN_OFFSET = 4;
const FLAGS_OFFSET = 5;
const DATA_OFFSET = 8;
/** Size of `struct can_frame` in bytes. @example encodeCanFrame(frame).length === CAN_MTU */
export const CAN_MTU = 16;
/** Size of `struct canfd_frame` in bytes. @example encodeCanFdFrame(frame).length === CANFD_MTU */
export const CANFD_MTU = 72;
const CAN_MAX_LEN = 8;
const LITTLE_ENDIAN = true;

/**
 * A classic CAN frame. For a remote frame, `data.length` is the requested length and its bytes are zero.
 *
 * @example
 * const frame: CanFrame = { id: 0x123, extended: false, remote: false, error: false, data: Uint8Array.of(1, 2) };
 */
export interface CanFrame {
  fd?: false;
  /** 11-bit identifier (0..0x7FF), or 29-bit (0..0x1FFFFFFF) when `extended`. Lower wins arbitration. */
  id: number;
  extended: boolean;
  remote: boolean;
  error: boolean;
  data: Uint8Array;
}

/**
 * A CAN FD frame: up to 64 bytes, no remote frames.
 *
 * @example
 * const frame = canFdFrame(0x123, new Uint8Array(12), { bitRateSwitch: true });
 */
export interface CanFdFrame {
  fd: true;
  id: number;
  extended: boolean;
  error: boolean;
  data: Uint8Array;
  bitRateSwitch: boolean;
  errorStateIndicator: boolean;
}

/** Any frame the course's CAN code handles. @example const frames: AnyCanFrame[] = [canFrame(1, [])]; */
export type AnyCanFrame = CanFrame | CanFdFrame;

/**
 * Thrown when a frame or its bytes break the SocketCAN rules; the message names the field or offset.
 *
 * @example
 * try { canFrame(0x800, []); } catch (error) { if (error instanceof CanFrameError) console.log(error.code); }
 */
export class CanFrameError extends SocketbookError {
  constructor(message: string) {
    super('ERR_CAN_FRAME', message);
  }
}

/**
 * Makes a classic CAN frame; for a remote frame pass `remote: true` and the requested length as `data`.
 *
 * @example
 * canFrame(0x123, [0xde, 0xad]);                  // standard id, 2 data bytes
 * canFrame(0x18daf110, [1], { extended: true });  // 29-bit id
 * canFrame(0x123, new Uint8Array(4), { remote: true });
 */
export function canFrame(
  id: number,
  data: ArrayLike<number>,
  options: { extended?: boolean; remote?: boolean } = {},
): CanFrame {
  const frame: CanFrame = {
    id,
    extended: options.extended ?? false,
    remote: options.remote ?? false,
    error: false,
    data: Uint8Array.from(data),
  };
  checkCanFrame(frame);
  return frame;
}

/**
 * Makes a CAN FD frame.
 *
 * @example
 * canFdFrame(0x123, new Uint8Array(16), { bitRateSwitch: true });
 */
export function canFdFrame(
  id: number,
  data: ArrayLike<number>,
  options: { extended?: boolean; bitRateSwitch?: boolean; errorStateIndicator?: boolean } = {},
): CanFdFrame {
  const frame: CanFdFrame = {
    fd: true,
    id,
    extended: options.extended ?? false,
    error: false,
    data: Uint8Array.from(data),
    bitRateSwitch: options.bitRateSwitch ?? false,
    errorStateIndicator: options.errorStateIndicator ?? false,
  };
  checkCanFrame(frame);
  return frame;
}

/**
 * Throws a {@link CanFrameError} unless the identifier fits its format and the length is allowed.
 *
 * @example
 * checkCanFrame({ id: 0x800, extended: false, remote: false, error: false, data: new Uint8Array() }); // throws
 */
export function checkCanFrame(frame: AnyCanFrame): void {
  const limit = frame.extended ? CAN_EFF_MASK : CAN_SFF_MASK;
  if (!Number.isInteger(frame.id) || frame.id < 0 || frame.id > limit) {
    const bits = frame.extended ? 29 : 11;
    const hint = frame.extended ? '' : '; pass extended: true for a 29-bit id';
    throw new CanFrameError(`Cannot use CAN id ${String(frame.id)}: ${bits === 11 ? 'an' : 'a'} ${bits}-bit id is 0..0x${limit.toString(16).toUpperCase()}${hint}`);
  }
  const length = frame.data.length;
  if (frame.fd) {
    if (!CANFD_LENGTHS.includes(length)) {
      throw new CanFrameError(`Cannot use CAN FD length ${length}: it must be one of ${CANFD_LENGTHS.join(', ')}`);
    }
  } else if (length > CAN_MAX_LEN) {
    throw new CanFrameError(`Cannot use CAN length ${length}: a classic frame carries 0..8 bytes (use canFdFrame for more)`);
  }
}

/**
 * The 32-bit `can_id` of a frame: the identifier plus the EFF, RTR and ERR flags.
 *
 * @example
 * canIdOf(canFrame(0x1234, [], { extended: true })).toString(16); // '80001234'
 */
export function canIdOf(frame: AnyCanFrame): number {
  let canId = frame.id;
  if (frame.extended) canId |= CAN_EFF_FLAG;
  if (!frame.fd && frame.remote) canId |= CAN_RTR_FLAG;
  if (frame.error) canId |= CAN_ERR_FLAG;
  return canId >>> 0;
}

/**
 * Splits a 32-bit `can_id` into the identifier and its flags; throws if a standard id uses bits above 0x7FF.
 *
 * @example
 * parseCanId(0xc0000123); // { id: 0x123, extended: true, remote: true, error: false }
 */
export function parseCanId(canId: number): { id: number; extended: boolean; remote: boolean; error: boolean } {
  const extended = (canId & CAN_EFF_FLAG) !== 0;
  const id = canId & CAN_EFF_MASK;
  if (!extended && id > CAN_SFF_MASK) {
    throw new CanFrameError(`Cannot decode can_id 0x${(canId >>> 0).toString(16)}: a standard id uses bits above 0x7FF (EFF flag not set)`);
  }
  return { id, extended, remote: (canId & CAN_RTR_FLAG) !== 0, error: (canId & CAN_ERR_FLAG) !== 0 };
}

/**
 * Encodes a classic frame as the 16 bytes of `struct can_frame`.
 *
 * @example
 * encodeCanFrame(canFrame(0x123, [0xca, 0xfe])); // 23 01 00 00 02 00 00 00 ca fe 00 00 00 00 00 00
 */
export function encodeCanFrame(frame: CanFrame): Uint8Array {
  checkCanFrame(frame);
  const bytes = new Uint8Array(CAN_MTU);
  new DataView(bytes.buffer).setUint32(ID_OFFSET, canIdOf(frame), LITTLE_ENDIAN);
  bytes[LEN_OFFSET] = frame.data.length;
  if (!frame.remote) bytes.set(frame.data, DATA_OFFSET);
  return bytes;
}

/**
 * Decodes the 16 bytes of `struct can_frame`.
 *
 * @example
 * decodeCanFrame(encodeCanFrame(canFrame(0x123, [1]))).id; // 0x123
 */
export function decodeCanFrame(bytes: Uint8Array): CanFrame {
  checkSize(bytes, CAN_MTU, 'struct can_frame');
  const { id, extended, remote, error } = parseCanId(readCanId(bytes));
  const length = bytes[LEN_OFFSET] ?? 0;
  if (length > CAN_MAX_LEN) {
    throw new CanFrameError(`Cannot decode struct can_frame: len ${length} at offset ${LEN_OFFSET} exceeds 8`);
  }
  const data = remote ? new Uint8Array(length) : bytes.slice(DATA_OFFSET, DATA_OFFSET + length);
  return { id, extended, remote, error, data };
}

/**
 * Encodes a CAN FD frame as the 72 bytes of `struct canfd_frame`.
 *
 * @example
 * encodeCanFdFrame(canFdFrame(0x123, new Uint8Array(12))).length; // 72
 */
export function encodeCanFdFrame(frame: CanFdFrame): Uint8Array {
  checkCanFrame(frame);
  const bytes = new Uint8Array(CANFD_MTU);
  new DataView(bytes.buffer).setUint32(ID_OFFSET, canIdOf(frame), LITTLE_ENDIAN);
  bytes[LEN_OFFSET] = frame.data.length;
  bytes[FLAGS_OFFSET] = canFdFlagsOf(frame);
  bytes.set(frame.data, DATA_OFFSET);
  return bytes;
}

/**
 * Decodes the 72 bytes of `struct canfd_frame`.
 *
 * @example
 * decodeCanFdFrame(encodeCanFdFrame(canFdFrame(0x42, new Uint8Array(64)))).data.length; // 64
 */
export function decodeCanFdFrame(bytes: Uint8Array): CanFdFrame {
  checkSize(bytes, CANFD_MTU, 'struct canfd_frame');
  const { id, extended, remote, error } = parseCanId(readCanId(bytes));
  if (remote) {
    throw new CanFrameError(`Cannot decode struct canfd_frame: RTR flag set in can_id at offset ${ID_OFFSET}, but CAN FD has no remote frames`);
  }
  const length = bytes[LEN_OFFSET] ?? 0;
  if (!CANFD_LENGTHS.includes(length)) {
    throw new CanFrameError(`Cannot decode struct canfd_frame: len ${length} at offset ${LEN_OFFSET} is not a CAN FD length`);
  }
  const flags = bytes[FLAGS_OFFSET] ?? 0;
  return {
    fd: true,
    id,
    extended,
    error,
    data: bytes.slice(DATA_OFFSET, DATA_OFFSET + length),
    bitRateSwitch: (flags & CANFD_BRS) !== 0,
    errorStateIndicator: (flags & CANFD_ESI) !== 0,
  };
}

/**
 * The `flags` byte of a CAN FD frame (BRS, ESI).
 *
 * @example
 * canFdFlagsOf(canFdFrame(1, [], { bitRateSwitch: true })); // 1
 */
export function canFdFlagsOf(frame: CanFdFrame): number {
  return (frame.bitRateSwitch ? CANFD_BRS : 0) | (frame.errorStateIndicator ? CANFD_ESI : 0);
}

/**
 * A frame in the `candump`/`cansend` notation: `123#DEAD`, `12345678#01` (extended), `123#R2` (remote),
 * `123##1CAFE` (CAN FD, flags digit after `##`).
 *
 * @example
 * formatCanFrame(canFrame(0x123, [0xde, 0xad])); // '123#DEAD'
 */
export function formatCanFrame(frame: AnyCanFrame): string {
  const wide = frame.extended || frame.error;
  const id = (frame.error ? canIdOf(frame) : frame.id).toString(16).toUpperCase().padStart(wide ? 8 : 3, '0');
  const data = Array.from(frame.data, (byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join('');
  if (frame.fd) return `${id}##${canFdFlagsOf(frame).toString(16).toUpperCase()}${data}`;
  if (frame.remote) return `${id}#R${frame.data.length}`;
  return `${id}#${data}`;
}

function readCanId(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(ID_OFFSET, LITTLE_ENDIAN);
}

function checkSize(bytes: Uint8Array, size: number, name: string): void {
  if (bytes.length !== size) {
    throw new CanFrameError(`Cannot decode ${name}: got ${bytes.length} bytes, expected exactly ${size}`);
  }
}
