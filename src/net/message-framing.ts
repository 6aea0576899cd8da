/**
 * The three ways a server can cut a TCP byte stream into messages, behind one small interface: `raw`
 * (each chunk as it arrives, no framing), `lines` (text ending in `\n`) and `length-prefix` (a 4-byte
 * length before each message). Each is a thin adapter over its codec.
 */
import { Buffer } from 'node:buffer';
import type { ByteWriter } from './byte-writer.js';
import { encodeLengthPrefixed, FrameTooLargeError, LengthPrefixDecoder, writeLengthPrefixed } from './length-prefix.js';
import { encodeLine, LineDecoder, LineTooLongError, writeLine } from './line-codec.js';

/** How messages are delimited on the wire. */
export type Framing = 'raw' | 'lines' | 'length-prefix';

/** A message: text with `lines` framing, bytes otherwise. */
export type Message = Buffer | string;

/** One connection's encoder and decoder for a framing. */
export interface MessageCodec {
  /** Bytes in, complete messages out; throws a library error when a limit is broken. */
  decode(chunk: Buffer): Message[];
  /**
   * Like `decode`, but calls `onMessage` with each message as it is cut, without an array: what a
   * server reading one message per chunk uses, since it then allocates nothing per chunk but the message.
   */
  decodeEach(chunk: Buffer, onMessage: (message: Message) => void): void;
  /** A message to the bytes that carry it. */
  encode(message: Message): Buffer;
  /**
   * Appends the bytes `encode(message)` returns to `writer` and says how many: framings that add bytes
   * around a message offer it, so a batch of replies costs one allocation. `raw` does not: its message
   * already is the bytes to send, and leaves as it is, without a copy.
   */
  encodeInto?(message: Message, writer: ByteWriter): number;
}

/**
 * True for the errors the decoders throw when a peer breaks a limit (a frame or a line too long): the
 * peer's fault, where any other error is a bug of ours or of a handler.
 *
 * @example
 * try { codec.decode(chunk); } catch (error) { if (isFramingError(error)) socket.destroy(); else throw error; }
 */
export function isFramingError(error: unknown): boolean {
  return error instanceof FrameTooLargeError || error instanceof LineTooLongError;
}

/**
 * Create the codec for `framing`. `maxMessageBytes` bounds what one message may hold before the decoder
 * throws (FrameTooLargeError or LineTooLongError).
 *
 * @example
 * const codec = createMessageCodec('lines', 1024);
 * codec.decode(Buffer.from('hola\nmun')); // ['hola']
 * codec.encode('adiós');                  // bytes of 'adiós\n'
 */
export function createMessageCodec(framing: Framing, maxMessageBytes: number): MessageCodec {
  switch (framing) {
    case 'raw':
      return RAW_CODEC;
    case 'lines':
      return new LineCodec({ maxLineBytes: maxMessageBytes });
    case 'length-prefix':
      return new LengthPrefixCodec({ maxMessageBytes });
  }
}

// The codecs are their decoders with the encoding methods added: one object per connection, with its
// methods on the prototype, since a server of many clients touches a different one for every message.

/** `raw`: a chunk is a message, and a message is its bytes. It keeps no state, so one serves everyone. */
const RAW_CODEC: MessageCodec = { decode: (chunk) => [chunk], decodeEach: (chunk, onMessage) => onMessage(chunk), encode: toBytes };

class LineCodec extends LineDecoder implements MessageCodec {
  decode(chunk: Buffer): Message[] {
    return this.push(chunk);
  }

  decodeEach(chunk: Buffer, onMessage: (message: Message) => void): void {
    this.pushEach(chunk, onMessage);
  }

  encode(message: Message): Buffer {
    return encodeLine(String(message));
  }

  encodeInto(message: Message, writer: ByteWriter): number {
    return writeLine(writer, String(message));
  }
}

class LengthPrefixCodec extends LengthPrefixDecoder implements MessageCodec {
  decode(chunk: Buffer): Message[] {
    return this.push(chunk);
  }

  decodeEach(chunk: Buffer, onMessage: (message: Message) => void): void {
    this.pushEach(chunk, onMessage);
  }

  encode(message: Message): Buffer {
    return encodeLengthPrefixed(message);
  }

  encodeInto(message: Message, writer: ByteWriter): number {
    return writeLengthPrefixed(writer, message);
  }
}

function toBytes(message: Message): Buffer {
  return typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
}
