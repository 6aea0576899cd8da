import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canFdFrame, canFrame } from '../../src/net/can-frame.js';
import { CanPacketError, decodeCanPacket, encodeCanPacket } from '../../src/net/can-packet.js';
import { classicFrames, fdFrames } from './can-arbitraries.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));

function expectPacketError(bytes: Uint8Array, message: RegExp, maxFrames?: number): void {
  try {
    decodeCanPacket(bytes, { maxFrames });
  } catch (error) {
    expect(error).toBeInstanceOf(CanPacketError);
    expect((error as CanPacketError).code).toBe('ERR_CAN_PACKET');
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected a CanPacketError');
}

describe('encodeCanPacket()', () => {
  it('writes the cannelloni header then can_id big-endian, len and data', () => {
    const bytes = encodeCanPacket({ sequence: 7, frames: [canFrame(0x123, [0xab]), canFrame(0x1abcdef0, [], { extended: true })] });
    expect(hex(bytes)).toBe('02' + '00' + '07' + '0002' + '00000123' + '01' + 'ab' + '9abcdef0' + '00');
  });

  it('marks a CAN FD frame with 0x80 in len and adds its flags byte', () => {
    const bytes = encodeCanPacket({ sequence: 0, frames: [canFdFrame(0x42, new Uint8Array(12).fill(1), { bitRateSwitch: true })] });
    expect(hex(bytes)).toBe('0200000001' + '00000042' + '8c' + '01' + '01'.repeat(12));
  });

  it('sends the requested length but no data for a remote frame', () => {
    const bytes = encodeCanPacket({ sequence: 1, frames: [canFrame(0x10, new Uint8Array(4), { remote: true })] });
    expect(hex(bytes)).toBe('0200010001' + '40000010' + '04');
  });

  it('rejects a sequence number outside 0..255', () => {
    expect(() => encodeCanPacket({ sequence: 256, frames: [] })).toThrow(CanPacketError);
  });
});

describe('decodeCanPacket()', () => {
  it('reads back the bytes of the example', () => {
    const packet = decodeCanPacket(fromHex('02 00 07 0001 00000123 01 ab'));
    expect(packet).toEqual({ sequence: 7, frames: [{ id: 0x123, extended: false, remote: false, error: false, data: Uint8Array.of(0xab) }] });
  });

  it('rejects a packet shorter than the header', () => {
    expectPacketError(fromHex('0200'), /2 bytes are shorter than the 5-byte header/);
  });

  it('rejects another version or op code, naming the offset', () => {
    expectPacketError(fromHex('0100000000'), /version 1 at offset 0/);
    expectPacketError(fromHex('0201000000'), /op code 1 at offset 1/);
  });

  it('checks the frame count against maxFrames before reading any frame', () => {
    expectPacketError(fromHex('020000ffff'), /count 65535 at offset 3 exceeds limit 256/);
    expectPacketError(fromHex('0200000003'), /count 3 at offset 3 exceeds limit 2/, 2);
  });

  it('rejects a frame cut short, naming the field and offset', () => {
    expectPacketError(fromHex('0200000001 00000123 04 abab'), /data at offset 10 needs 4 bytes, only 2 left/);
    expectPacketError(fromHex('0200000001 000001'), /frame header at offset 5/);
  });

  it('rejects a classic len above 8 and a CAN FD len that is not allowed', () => {
    expectPacketError(fromHex('0200000001 00000123 09'), /len 9 at offset 9 exceeds 8/);
    expectPacketError(fromHex('0200000001 00000123 89 00' + '00'.repeat(9)), /CAN FD len 9 at offset 9/);
  });

  it('rejects bytes after the last frame', () => {
    expectPacketError(fromHex('0200000000 ff'), /1 unexpected bytes after the last frame at offset 5/);
  });

  it('round-trips any list of classic and CAN FD frames', () => {
    const packets = fc.record({
      sequence: fc.integer({ min: 0, max: 255 }),
      frames: fc.array(fc.oneof(classicFrames, fdFrames), { maxLength: 10 }),
    });
    fc.assert(fc.property(packets, (packet) => {
      expect(decodeCanPacket(encodeCanPacket(packet))).toEqual(packet);
    }));
  });

  it('never throws anything but CanPacketError on random bytes, and never returns more than maxFrames', () => {
    const header = fc.tuple(fc.constant(2), fc.constant(0), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 6 }));
    const packets = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.tuple(header, fc.uint8Array({ maxLength: 64 })).map(([[version, op, sequence, count], rest]) =>
        Uint8Array.from([version, op, sequence, 0, count, ...rest])),
    );
    fc.assert(fc.property(packets, (bytes) => {
      try {
        expect(decodeCanPacket(bytes, { maxFrames: 4 }).frames.length).toBeLessThanOrEqual(4);
      } catch (error) {
        expect(error).toBeInstanceOf(CanPacketError);
      }
    }), { numRuns: 500 });
  });
});
