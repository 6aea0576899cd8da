import fc from 'fast-check';
import { type CanFdFrame, type CanFrame, CANFD_LENGTHS } from '../../src/net/can-frame.js';

const ids = fc.record({
  extended: fc.boolean(),
  standardId: fc.integer({ min: 0, max: 0x7ff }),
  extendedId: fc.integer({ min: 0, max: 0x1fffffff }),
});

/** Any valid classic frame; a remote frame's data is zeros of the requested length. */
export const classicFrames: fc.Arbitrary<CanFrame> = fc
  .record({ ids, remote: fc.boolean(), error: fc.boolean(), data: fc.uint8Array({ maxLength: 8 }) })
  .map(({ ids: { extended, standardId, extendedId }, remote, error, data }) => ({
    id: extended ? extendedId : standardId,
    extended,
    remote,
    error,
    data: remote ? new Uint8Array(data.length) : data,
  }));

/** Any valid CAN FD frame. */
export const fdFrames: fc.Arbitrary<CanFdFrame> = fc
  .record({
    ids,
    length: fc.constantFrom(...CANFD_LENGTHS),
    fill: fc.integer({ min: 0, max: 255 }),
    bitRateSwitch: fc.boolean(),
    errorStateIndicator: fc.boolean(),
  })
  .map(({ ids: { extended, standardId, extendedId }, length, fill, bitRateSwitch, errorStateIndicator }) => ({
    fd: true as const,
    id: extended ? extendedId : standardId,
    extended,
    error: false,
    data: new Uint8Array(length).fill(fill),
    bitRateSwitch,
    errorStateIndicator,
  }));
