import { SocketbookError } from './errors.js';
import { type AnyCanFrame, CANFD_BRS, CANFD_ESI, canFdFlagsOf, canIdOf, checkCanFrame, parseCanId } from './can-frame.js';

/**
 * The cannelloni UDP packet, which carries CAN frames between machines (and here, between processes).
 * One UDP datagram is one packet, so decoding takes a whole datagram. Integers are big-endian:
 *
 *   header (5 bytes)                     each frame (5 or 6 bytes, then the data)
 *   0  version  u8  (2)                  0  can_id  u32 (identifier + EFF/RTR/ERR flags)
 *   1  op_code  u8  (0 = DATA)           4  len     u8  (payload length; | 0x80 for a CAN FD frame)
 *   2  seq_no   u8                       5  flags   u8  (CAN FD only: BRS, ESI)
 *   3  count    u16 (frames that follow) .. data    len bytes (none for a remote frame)
 */
const HEADER_SIZE = 5;
const VERSION_OFFSET = 0;
const OP_CODE_OFFSET = 1;
const SEQUENCE_OFFSET = 2;
const COUNT_OFFSET = 3;
const FRAME_HEADER_SIZE = 5;
const CANFD_FRAME = 0x80;
/** The cannelloni protocol version this codec speaks. @example encodeCanPacket(packet)[0] === CANNELLONI_VERSION */
export const CANNELLONI_VERSION = 2;
/** The cannelloni op code of a packet that carries frames. @example encodeCanPacket(packet)[1] === CANNELLONI_DATA */
export const CANNELLONI_DATA = 0;
const MAX_COUNT = 0xffff;

/**
 * A cannelloni data packet: a sequence number (0..255, wrapping) and the frames it carries.
 *
 * @example
 * const packet: CanPacket = { sequence: 0, frames: [canFrame(0x123, [1, 2])] };
 */
export interface CanPacket {
  sequence: number;
  frames: AnyCanFrame[];
}

/** Options of {@link decodeCanPacket}. */
export interface CanPacketDecodeOptions {
  /**
   * Largest frame count accepted, checked before anything is allocated.
   * @default 256
   */
  maxFrames?: number;
}

/**
 * Thrown when packet bytes are not a valid cannelloni data packet; the message names the offset.
 *
 * @example
 * try { decodeCanPacket(Uint8Array.of(1)); } catch (error) { if (error instanceof CanPacketError) console.log(error.code); }
 */
export class CanPacketError extends SocketbookError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_CAN_PACKET', message, options);
  }
}

/**
 * Encodes frames as one cannelloni data packet.
 *
 * @example
 * encodeCanPacket({ sequence: 7, frames: [canFrame(0x123, [0xab])] });
 * // 02 00 07 00 01 | 00 00 01 23 01 ab
 */
export function encodeCanPacket(packet: CanPacket): Uint8Array {
  if (!Number.isInteger(packet.sequence) || packet.sequence < 0 || packet.sequence > 0xff) {
    throw new CanPacketError(`Cannot encode packet: sequence ${packet.sequence} is not 0..255`);
  }
  if (packet.frames.length > MAX_COUNT) {
    throw new CanPacketError(`Cannot encode packet: ${packet.frames.length} frames exceed the u16 count limit ${MAX_COUNT}`);
  }
  packet.frames.forEach(checkCanFrame);
  const bytes = new Uint8Array(HEADER_SIZE + packet.frames.reduce((sum, frame) => sum + encodedSize(frame), 0));
  const view = new DataView(bytes.buffer);
  view.setUint8(VERSION_OFFSET, CANNELLONI_VERSION);
  view.setUint8(OP_CODE_OFFSET, CANNELLONI_DATA);
  view.setUint8(SEQUENCE_OFFSET, packet.sequence);
  view.setUint16(COUNT_OFFSET, packet.frames.length);
  let offset = HEADER_SIZE;
  for (const frame of packet.frames) {
    view.setUint32(offset, canIdOf(frame));
    view.setUint8(offset + 4, frame.fd ? frame.data.length | CANFD_FRAME : frame.data.length);
    offset += FRAME_HEADER_SIZE;
    if (frame.fd) view.setUint8(offset++, canFdFlagsOf(frame));
    if (!isRemote(frame)) {
      bytes.set(frame.data, offset);
      offset += frame.data.length;
    }
  }
  return bytes;
}

/**
 * Decodes one cannelloni data packet (one UDP datagram).
 *
 * @example
 * decodeCanPacket(encodeCanPacket({ sequence: 1, frames: [canFrame(0x42, [])] })).frames[0]?.id; // 0x42
 */
export function decodeCanPacket(bytes: Uint8Array, options: CanPacketDecodeOptions = {}): CanPacket {
  const maxFrames = options.maxFrames ?? 256;
  if (bytes.length < HEADER_SIZE) {
    throw new CanPacketError(`Cannot decode packet: ${bytes.length} bytes are shorter than the ${HEADER_SIZE}-byte header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(VERSION_OFFSET);
  if (version !== CANNELLONI_VERSION) {
    throw new CanPacketError(`Cannot decode packet: version ${version} at offset ${VERSION_OFFSET}, expected ${CANNELLONI_VERSION}`);
  }
  const opCode = view.getUint8(OP_CODE_OFFSET);
  if (opCode !== CANNELLONI_DATA) {
    throw new CanPacketError(`Cannot decode packet: op code ${opCode} at offset ${OP_CODE_OFFSET} is not DATA (0)`);
  }
  const count = view.getUint16(COUNT_OFFSET);
  if (count > maxFrames) {
    throw new CanPacketError(`Cannot decode packet: count ${count} at offset ${COUNT_OFFSET} exceeds limit ${maxFrames} (option maxFrames)`);
  }
  const frames: AnyCanFrame[] = [];
  let offset = HEADER_SIZE;
  for (let index = 0; index < count; index++) {
    const { frame, next } = decodeFrameAt(bytes, view, offset);
    frames.push(frame);
    offset = next;
  }
  if (offset !== bytes.length) {
    throw new CanPacketError(`Cannot decode packet: ${bytes.length - offset} unexpected bytes after the last frame at offset ${offset}`);
  }
  return { sequence: view.getUint8(SEQUENCE_OFFSET), frames };
}

function decodeFrameAt(bytes: Uint8Array, view: DataView, start: number): { frame: AnyCanFrame; next: number } {
  need(bytes, start, FRAME_HEADER_SIZE, 'frame header');
  let fields;
  try {
    fields = parseCanId(view.getUint32(start));
  } catch (error) {
    throw new CanPacketError(`Cannot decode packet: bad can_id at offset ${start}`, { cause: error });
  }
  const lengthByte = view.getUint8(start + 4);
  const fd = (lengthByte & CANFD_FRAME) !== 0;
  const length = lengthByte & ~CANFD_FRAME;
  let offset = start + FRAME_HEADER_SIZE;
  if (!fd) {
    if (length > 8) throw new CanPacketError(`Cannot decode packet: len ${length} at offset ${start + 4} exceeds 8`);
    const data = fields.remote ? new Uint8Array(length) : bytes.slice(offset, offset + need(bytes, offset, length, 'data'));
    return { frame: { ...fields, data }, next: fields.remote ? offset : offset + length };
  }
  need(bytes, offset, 1, 'CAN FD flags');
  const flags = view.getUint8(offset++);
  const data = bytes.slice(offset, offset + need(bytes, offset, length, 'data'));
  const frame: AnyCanFrame = {
    fd: true,
    id: fields.id,
    extended: fields.extended,
    error: fields.error,
    data,
    bitRateSwitch: (flags & CANFD_BRS) !== 0,
    errorStateIndicator: (flags & CANFD_ESI) !== 0,
  };
  try {
    checkCanFrame(frame);
  } catch (error) {
    throw new CanPacketError(`Cannot decode packet: CAN FD len ${length} at offset ${start + 4} is not allowed`, { cause: error });
  }
  if (fields.remote) throw new CanPacketError(`Cannot decode packet: CAN FD frame at offset ${start} has the RTR flag`);
  return { frame, next: offset + length };
}

/** Returns `count` if that many bytes are left after `offset`, else throws naming the field. */
function need(bytes: Uint8Array, offset: number, count: number, field: string): number {
  if (offset + count > bytes.length) {
    throw new CanPacketError(`Cannot decode packet: ${field} at offset ${offset} needs ${count} bytes, only ${bytes.length - offset} left`);
  }
  return count;
}

function encodedSize(frame: AnyCanFrame): number {
  return FRAME_HEADER_SIZE + (frame.fd ? 1 : 0) + (isRemote(frame) ? 0 : frame.data.length);
}

function isRemote(frame: AnyCanFrame): boolean {
  return !frame.fd && frame.remote;
}
