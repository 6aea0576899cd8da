import { describe, expect, it } from 'vitest';
import { WireError } from '../../../src/kit/kernel/kernel-errors.js';
import { createMessage, decodeMessage, DELIMITER, encodeMessage, sign, verify } from '../../../src/kit/kernel/wire.js';

const KEY = 'secret';
const HEADER = '{"msg_type":"kernel_info_request"}';
// HMAC-SHA256('secret', HEADER + '{}{}{}'), checked with Python's hmac module.
const HEADER_SIGNATURE = 'da987989801f25e9398e6a2aee42649d93bf7451e56a863c9f755263d32e6ef1';

function framesOf(...texts: string[]): Buffer[] {
  return texts.map((text) => Buffer.from(text));
}

describe('sign() and verify()', () => {
  it('sign() gives the HMAC-SHA256 hex of header|parent|metadata|content', () => {
    expect(sign(KEY, framesOf(HEADER, '{}', '{}', '{}'))).toBe(HEADER_SIGNATURE);
  });

  it('sign() gives an empty signature for an empty key (no authentication)', () => {
    expect(sign('', framesOf(HEADER, '{}', '{}', '{}'))).toBe('');
  });

  it('verify() accepts the right signature and rejects one with a changed digit or length', () => {
    const parts = framesOf(HEADER, '{}', '{}', '{}');
    expect(verify(KEY, parts, HEADER_SIGNATURE)).toBe(true);
    expect(verify(KEY, parts, `${HEADER_SIGNATURE.slice(0, -1)}0`)).toBe(false);
    expect(verify(KEY, parts, HEADER_SIGNATURE.slice(2))).toBe(false);
    expect(verify('other key', parts, HEADER_SIGNATURE)).toBe(false);
  });
});

describe('decodeMessage()', () => {
  it('reads fixed frames: identities, signed JSON parts and extra buffers', () => {
    const frames = framesOf('id-1', 'id-2', DELIMITER, HEADER_SIGNATURE, HEADER, '{}', '{}', '{}', 'raw');
    const message = decodeMessage(frames, KEY);
    expect(message.identities.map(String)).toEqual(['id-1', 'id-2']);
    expect(message.header.msg_type).toBe('kernel_info_request');
    expect(message.parent_header).toEqual({});
    expect(message.content).toEqual({});
    expect(message.buffers.map(String)).toEqual(['raw']);
  });

  it('rejects a message whose signature does not match, with ERR_BAD_SIGNATURE', () => {
    const frames = framesOf(DELIMITER, HEADER_SIGNATURE, HEADER, '{}', '{}', '{"tampered":true}');
    expect(() => decodeMessage(frames, KEY)).toThrow(expect.objectContaining({ code: 'ERR_BAD_SIGNATURE' }));
  });

  it('rejects frames without the delimiter or with too few parts, with ERR_MALFORMED_MESSAGE', () => {
    expect(() => decodeMessage(framesOf('a', 'b'), KEY)).toThrow(WireError);
    expect(() => decodeMessage(framesOf(DELIMITER, 'sig', HEADER), KEY)).toThrow(
      expect.objectContaining({ code: 'ERR_MALFORMED_MESSAGE' }),
    );
  });

  it('rejects a signed frame that is not a JSON object', () => {
    const parts = framesOf(HEADER, '[]', '{}', '{}');
    const frames = [Buffer.from(DELIMITER), Buffer.from(sign(KEY, parts)), ...parts];
    expect(() => decodeMessage(frames, KEY)).toThrow(/parent_header frame is not a JSON object/);
  });
});

describe('encodeMessage()', () => {
  it('round-trips through decodeMessage() with identities, parent and buffers intact', () => {
    const parent = createMessage('execute_request', { code: '1' }, { session: 's1' });
    const message = createMessage('execute_reply', { status: 'ok', execution_count: 1 }, { session: 's1', username: 'ana' }, parent.header);
    message.identities = [Buffer.from('route')];
    message.buffers = [Buffer.from([0, 1, 2])];
    const decoded = decodeMessage(encodeMessage(message, KEY), KEY);
    expect(decoded.identities).toEqual(message.identities);
    expect(decoded.header).toEqual(message.header);
    expect(decoded.parent_header).toEqual(parent.header);
    expect(decoded.content).toEqual({ status: 'ok', execution_count: 1 });
    expect(decoded.buffers).toEqual(message.buffers);
  });

  it('writes version 5.3 headers and signs the four JSON frames after the delimiter', () => {
    const frames = encodeMessage(createMessage('kernel_info_request', {}, { session: 's' }), KEY);
    expect(String(frames[0])).toBe(DELIMITER);
    expect(JSON.parse(String(frames[2])).version).toBe('5.3');
    expect(String(frames[1])).toBe(sign(KEY, frames.slice(2, 6)));
  });
});
