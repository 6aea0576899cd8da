import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CanFrame,
  CAN_EFF_FLAG,
  CAN_ERR_FLAG,
  CAN_MTU,
  CAN_RTR_FLAG,
  CANFD_MTU,
  CanFrameError,
  canFdFrame,
  canFrame,
  canIdOf,
  decodeCanFdFrame,
  decodeCanFrame,
  encodeCanFdFrame,
  encodeCanFrame,
  formatCanFrame,
  parseCanId,
} from '../../src/net/can-frame.js';
import { classicFrames, fdFrames } from './can-arbitraries.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function expectCanFrameError(action: () => unknown, message: RegExp): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CanFrameError);
    expect((error as CanFrameError).code).toBe('ERR_CAN_FRAME');
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected a CanFrameError');
}

describe('encodeCanFrame()', () => {
  it('writes struct can_frame: can_id little-endian, len at offset 4, data at offset 8', () => {
    const bytes = encodeCanFrame(canFrame(0x123, [0xca, 0xfe]));
    expect(bytes.length).toBe(CAN_MTU);
    expect(hex(bytes)).toBe('23010000' + '02000000' + 'cafe000000000000');
  });

  it('sets the EFF flag for a 29-bit id', () => {
    const bytes = encodeCanFrame(canFrame(0x1abcdef0, [], { extended: true }));
    expect(hex(bytes.subarray(0, 4))).toBe('f0debc9a');
  });

  it('sets the RTR flag and the requested length but sends no data for a remote frame', () => {
    const bytes = encodeCanFrame({ id: 0x7ff, extended: false, remote: true, error: false, data: Uint8Array.of(9, 9, 9) });
    expect(hex(bytes)).toBe('ff070040' + '03000000' + '0000000000000000');
  });

  it('rejects an 11-bit id above 0x7FF and says how to fix it', () => {
    expectCanFrameError(() => canFrame(0x800, []), /0x7FF.*extended: true/);
  });

  it('rejects a 29-bit id above 0x1FFFFFFF', () => {
    expectCanFrameError(() => canFrame(0x20000000, [], { extended: true }), /29-bit/);
  });

  it('rejects more than 8 data bytes', () => {
    expectCanFrameError(() => canFrame(1, new Uint8Array(9)), /length 9/);
  });
});

describe('decodeCanFrame()', () => {
  it('reads back what encodeCanFrame() wrote', () => {
    const frame = decodeCanFrame(encodeCanFrame(canFrame(0x18daf110, [1, 2, 3], { extended: true })));
    expect(frame).toEqual({ id: 0x18daf110, extended: true, remote: false, error: false, data: Uint8Array.of(1, 2, 3) });
  });

  it('reads the ERR flag of an error frame', () => {
    const bytes = new Uint8Array(CAN_MTU);
    new DataView(bytes.buffer).setUint32(0, (CAN_ERR_FLAG | 0x04) >>> 0, true);
    bytes[4] = 8;
    expect(decodeCanFrame(bytes)).toMatchObject({ id: 0x04, error: true, extended: false });
  });

  it('rejects a buffer that is not 16 bytes, naming both sizes', () => {
    expectCanFrameError(() => decodeCanFrame(new Uint8Array(15)), /got 15 bytes, expected exactly 16/);
  });

  it('rejects a DLC above 8, naming offset 4', () => {
    const bytes = encodeCanFrame(canFrame(1, []));
    bytes[4] = 9;
    expectCanFrameError(() => decodeCanFrame(bytes), /len 9 at offset 4/);
  });

  it('rejects a standard can_id with bits above 0x7FF', () => {
    const bytes = new Uint8Array(CAN_MTU);
    bytes[1] = 0x08;
    expectCanFrameError(() => decodeCanFrame(bytes), /above 0x7FF/);
  });

  it('round-trips every valid classic frame', () => {
    fc.assert(fc.property(classicFrames, (frame) => {
      expect(decodeCanFrame(encodeCanFrame(frame))).toEqual(frame);
    }));
  });

  it('never throws anything but CanFrameError on random 16 bytes, and re-encodes what it accepts', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: CAN_MTU, maxLength: CAN_MTU }), (bytes) => {
      let frame: CanFrame;
      try {
        frame = decodeCanFrame(bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(CanFrameError);
        return;
      }
      expect(decodeCanFrame(encodeCanFrame(frame))).toEqual(frame);
    }));
  });
});

describe('CAN FD frames', () => {
  it('writes struct canfd_frame: len at offset 4, BRS/ESI flags at offset 5, 64 data bytes', () => {
    const bytes = encodeCanFdFrame(canFdFrame(0x123, new Uint8Array(12).fill(0xaa), { bitRateSwitch: true, errorStateIndicator: true }));
    expect(bytes.length).toBe(CANFD_MTU);
    expect(hex(bytes.subarray(0, 8))).toBe('23010000' + '0c030000');
    expect(hex(bytes.subarray(8, 20))).toBe('aa'.repeat(12));
    expect(hex(bytes.subarray(20))).toBe('00'.repeat(52));
  });

  it('rejects a length that is not a CAN FD length, when encoding and when decoding', () => {
    expectCanFrameError(() => canFdFrame(1, new Uint8Array(9)), /CAN FD length 9/);
    const bytes = encodeCanFdFrame(canFdFrame(1, new Uint8Array(8)));
    bytes[4] = 13;
    expectCanFrameError(() => decodeCanFdFrame(bytes), /len 13 at offset 4/);
  });

  it('rejects the RTR flag, since CAN FD has no remote frames', () => {
    const bytes = encodeCanFdFrame(canFdFrame(1, []));
    new DataView(bytes.buffer).setUint32(0, (CAN_RTR_FLAG | 1) >>> 0, true);
    expectCanFrameError(() => decodeCanFdFrame(bytes), /RTR/);
  });

  it('rejects a buffer that is not 72 bytes', () => {
    expectCanFrameError(() => decodeCanFdFrame(new Uint8Array(CAN_MTU)), /got 16 bytes, expected exactly 72/);
  });

  it('round-trips every valid CAN FD frame', () => {
    fc.assert(fc.property(fdFrames, (frame) => {
      expect(decodeCanFdFrame(encodeCanFdFrame(frame))).toEqual(frame);
    }));
  });
});

describe('can_id helpers', () => {
  it('canIdOf() and parseCanId() agree on the flag bits', () => {
    const canId = canIdOf(canFrame(0x1234, [], { extended: true, remote: true }));
    expect(canId).toBe((CAN_EFF_FLAG | CAN_RTR_FLAG | 0x1234) >>> 0);
    expect(parseCanId(canId)).toEqual({ id: 0x1234, extended: true, remote: true, error: false });
  });
});

describe('formatCanFrame()', () => {
  it('writes the candump notation for standard, extended, remote and FD frames', () => {
    expect(formatCanFrame(canFrame(0x123, [0xde, 0xad]))).toBe('123#DEAD');
    expect(formatCanFrame(canFrame(0x1f, [1], { extended: true }))).toBe('0000001F#01');
    expect(formatCanFrame(canFrame(0x7ff, [0, 0], { remote: true }))).toBe('7FF#R2');
    expect(formatCanFrame(canFdFrame(0x42, [0xca, 0xfe], { bitRateSwitch: true }))).toBe('042##1CAFE');
  });
});
