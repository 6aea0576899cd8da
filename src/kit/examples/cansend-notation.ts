/**
 * Reads a frame written as `cansend` takes it, the inverse of `formatCanFrame`:
 *
 *   123#DEADBEEF     standard (11-bit) id: exactly 3 hex digits; data: up to 8 bytes in hex ('.' allowed)
 *   12345678#00      extended (29-bit) id: exactly 8 hex digits
 *   123#R  123#R4    remote frame, optionally with the requested length
 *   123##1CAFE       CAN FD: '##', one hex digit of flags (1 = BRS, 2 = ESI), then up to 64 bytes
 */
import { type AnyCanFrame, CANFD_BRS, CANFD_ESI, CanFrameError, canFdFrame, canFrame } from '../../net/can-frame.js';

const NOTATION = /^([0-9A-Fa-f]{3}|[0-9A-Fa-f]{8})#(#[0-9A-Fa-f])?(R\d?|[0-9A-Fa-f.]*)$/;

/**
 * Parses `ID#DATA` into a frame; throws a `CanFrameError` that shows the expected forms.
 *
 * @example
 * parseCansendFrame('123#DEADBEEF');  // canFrame(0x123, [0xde, 0xad, 0xbe, 0xef])
 * parseCansendFrame('12345678#00');   // canFrame(0x12345678, [0], { extended: true })
 */
export function parseCansendFrame(text: string): AnyCanFrame {
  const match = NOTATION.exec(text);
  if (match === null) {
    throw new CanFrameError(
      `Cannot parse CAN frame '${text}': write it as cansend does, e.g. 123#DEADBEEF, 12345678#00 (29-bit id), 123#R4 or 123##1CAFE (CAN FD)`,
    );
  }
  const [, idText = '', fdFlags, body = ''] = match;
  const id = Number.parseInt(idText, 16);
  const extended = idText.length === 8;
  if (body.startsWith('R')) {
    if (fdFlags !== undefined) throw new CanFrameError(`Cannot parse CAN frame '${text}': CAN FD has no remote frames`);
    return canFrame(id, new Uint8Array(Number(body.slice(1) || 0)), { extended, remote: true });
  }
  const hex = body.replaceAll('.', '');
  if (hex.length % 2 !== 0) {
    throw new CanFrameError(`Cannot parse CAN frame '${text}': the data has an odd number of hex digits; write two per byte`);
  }
  const data = Buffer.from(hex, 'hex');
  if (fdFlags === undefined) return canFrame(id, data, { extended });
  const flags = Number.parseInt(fdFlags.slice(1), 16);
  return canFdFrame(id, data, {
    extended,
    bitRateSwitch: (flags & CANFD_BRS) !== 0,
    errorStateIndicator: (flags & CANFD_ESI) !== 0,
  });
}
