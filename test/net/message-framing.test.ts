import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FrameTooLargeError } from '../../src/net/length-prefix.js';
import { LineTooLongError } from '../../src/net/line-codec.js';
import { ByteWriter } from '../../src/net/byte-writer.js';
import { createMessageCodec, isFramingError, type Message } from '../../src/net/message-framing.js';

describe('createMessageCodec()', () => {
  it('passes raw chunks through unchanged', () => {
    const codec = createMessageCodec('raw', 10);
    expect(codec.decode(Buffer.from('any bytes at all'))).toEqual([Buffer.from('any bytes at all')]);
    const handed: Message[] = [];
    codec.decodeEach(Buffer.from('any bytes'), (message) => handed.push(message));
    expect(handed).toEqual([Buffer.from('any bytes')]);
    expect(codec.encode('hola')).toEqual(Buffer.from('hola'));
  });

  it('round-trips lines and length-prefixed messages cut into any two pieces', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('lines' as const, 'length-prefix' as const),
        fc.array(fc.string().filter((text) => !text.includes('\n') && !text.endsWith('\r'))),
        fc.nat(),
        (framing, texts, cut) => {
          const sender = createMessageCodec(framing, 1024 * 1024);
          const receiver = createMessageCodec(framing, 1024 * 1024);
          const bytes = Buffer.concat(texts.map((text) => sender.encode(text)));
          const at = cut % (bytes.length + 1);
          const decoded = [...receiver.decode(bytes.subarray(0, at)), ...receiver.decode(bytes.subarray(at))];
          expect(decoded.map(String)).toEqual(texts);
          const each = createMessageCodec(framing, 1024 * 1024);
          const handed: Message[] = [];
          each.decodeEach(bytes.subarray(0, at), (message) => handed.push(message));
          each.decodeEach(bytes.subarray(at), (message) => handed.push(message));
          expect(handed.map(String)).toEqual(texts);
        },
      ),
    );
  });

  it('encodeInto() appends what encode() returns, in both framings that offer it', () => {
    expect(createMessageCodec('raw', 10).encodeInto).toBeUndefined();
    fc.assert(
      fc.property(
        fc.constantFrom('lines' as const, 'length-prefix' as const),
        fc.array(fc.oneof(fc.string().filter((text) => !text.includes('\n')), fc.uint8Array().map((bytes) => Buffer.from(bytes)))),
        (framing, messages) => {
          const codec = createMessageCodec(framing, 1024 * 1024);
          // Lines are text: a Buffer given to the lines codec is sent as the text it decodes to.
          const sendable = framing === 'lines' ? messages.filter((message) => !String(message).includes('\n')) : messages;
          const writer = new ByteWriter();
          const sizes = sendable.map((message) => codec.encodeInto?.(message, writer));
          const encoded = sendable.map((message) => codec.encode(message));
          expect(sizes).toEqual(encoded.map((bytes) => bytes.length));
          expect(writer.takeAll()).toEqual(Buffer.concat(encoded));
        },
      ),
    );
  });

  it('enforces maxMessageBytes in both framings', () => {
    expect(() => createMessageCodec('length-prefix', 4).decode(Buffer.from([0, 0, 0, 5]))).toThrow(FrameTooLargeError);
    expect(() => createMessageCodec('lines', 4).decode(Buffer.from('toolong'))).toThrow(LineTooLongError);
  });

  it('isFramingError() tells a peer over a limit from any other error', () => {
    const caught = (framing: 'lines' | 'length-prefix', bytes: Buffer): unknown => {
      try {
        createMessageCodec(framing, 4).decodeEach(bytes, () => {});
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(isFramingError(caught('length-prefix', Buffer.from([0, 0, 0, 5])))).toBe(true);
    expect(isFramingError(caught('lines', Buffer.from('toolong')))).toBe(true);
    expect(isFramingError(new Error('a handler bug'))).toBe(false);
    expect(isFramingError(undefined)).toBe(false);
  });
});
