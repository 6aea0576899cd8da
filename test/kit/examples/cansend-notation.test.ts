import { describe, expect, it } from 'vitest';
import { canFdFrame, canFrame, CanFrameError, formatCanFrame } from '../../../src/net/can-frame.js';
import { parseCansendFrame } from '../../../src/kit/examples/cansend-notation.js';

describe('parseCansendFrame()', () => {
  it('reads a standard frame: 3 hex digits of id, hex data', () => {
    expect(parseCansendFrame('123#DEADBEEF')).toEqual(canFrame(0x123, [0xde, 0xad, 0xbe, 0xef]));
  });

  it('reads an extended frame from 8 hex digits of id', () => {
    expect(parseCansendFrame('12345678#00')).toEqual(canFrame(0x12345678, [0], { extended: true }));
  });

  it('accepts dots between data bytes and an empty payload', () => {
    expect(parseCansendFrame('7FF#de.ad')).toEqual(canFrame(0x7ff, [0xde, 0xad]));
    expect(parseCansendFrame('001#')).toEqual(canFrame(1, []));
  });

  it('reads remote frames with and without a length', () => {
    expect(parseCansendFrame('123#R')).toEqual(canFrame(0x123, [], { remote: true }));
    expect(parseCansendFrame('123#R4')).toEqual(canFrame(0x123, new Uint8Array(4), { remote: true }));
  });

  it('reads CAN FD frames with their flags digit', () => {
    expect(parseCansendFrame('123##1CAFE')).toEqual(canFdFrame(0x123, [0xca, 0xfe], { bitRateSwitch: true }));
  });

  it('is the inverse of formatCanFrame()', () => {
    for (const text of ['123#DEADBEEF', '12345678#00', '123#R4', '123##3CAFE', '000#']) {
      expect(formatCanFrame(parseCansendFrame(text))).toBe(text);
    }
  });

  it('rejects ids of the wrong width, odd hex digits and too much data with a CanFrameError', () => {
    for (const text of ['1234#00', '12#00', '123#ABC', '123#ZZ', '123', '123#00112233445566778899', '123##1R']) {
      expect(() => parseCansendFrame(text), text).toThrow(CanFrameError);
    }
  });

  it('rejects a standard id above 0x7FF', () => {
    expect(() => parseCansendFrame('800#00')).toThrow(/11-bit id/);
  });
});
