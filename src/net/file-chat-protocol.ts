/**
 * The capstone's protocol: a chat with file sharing over one framed TCP connection. Every message is a
 * frame: a 4-byte big-endian length, then a body. The body is a JSON header on one line, a `\n`, and
 * then the payload: the bytes of a shared file, or nothing.
 *
 * ```text
 * 00 00 00 1d | {"type":"say","text":"hola"} | 0a | (no payload)
 * length        header (UTF-8 JSON)            \n   payload bytes
 * ```
 *
 * A frame's body is at most {@link MAX_CHAT_BODY_BYTES}. A receiver checks the length as soon as its 4
 * bytes arrive and refuses a bigger one before reading a single byte of the body: a peer that claims
 * 4 GiB must not make it wait for, or buffer, 4 GiB.
 */
import { createHash } from 'node:crypto';
import { SocketbookError } from './errors.js';
import { encodeLengthPrefixed } from './length-prefix.js';

/**
 * The largest file a `share` may carry: 8 MiB.
 *
 * @example
 * if (bytes.length > MAX_CHAT_FILE_BYTES) console.log('too big for the chat');
 */
export const MAX_CHAT_FILE_BYTES = 8 * 1024 * 1024;

/**
 * The largest body a frame may announce: a file of {@link MAX_CHAT_FILE_BYTES} plus 64 KiB for its JSON
 * header and the `\n`. A longer length is refused as soon as the 4 bytes of the prefix arrive.
 *
 * @example
 * if (length > MAX_CHAT_BODY_BYTES) throw new FrameTooLargeError('read chat frame', length, MAX_CHAT_BODY_BYTES);
 */
export const MAX_CHAT_BODY_BYTES = MAX_CHAT_FILE_BYTES + 64 * 1024;

/**
 * A message's header: `type` says what it is, the other fields depend on it.
 *
 * @example
 * const header: ChatHeader = { type: 'say', text: 'hola' };
 */
export interface ChatHeader {
  type: string;
  [field: string]: unknown;
}

/**
 * One decoded message.
 *
 * @example
 * const frame: ChatFrame = { header: { type: 'say', text: 'hola' }, payload: Buffer.alloc(0) };
 */
export interface ChatFrame {
  header: ChatHeader;
  payload: Buffer;
}

/**
 * A body that is not a header line followed by a payload, or a header that is not a JSON object with a
 * string `type`.
 *
 * @example
 * try { decodeChatBody(Buffer.from('hola')); }
 * catch (error) { if (error instanceof ChatProtocolError) console.log(error.code); }
 */
export class ChatProtocolError extends SocketbookError {
  constructor(message: string) {
    super('ERR_CHAT_PROTOCOL', message);
  }
}

/**
 * The body of a message: the header as JSON, `\n`, the payload. Frame it with `encodeLengthPrefixed`
 * (or use {@link encodeChatFrame}).
 *
 * @example
 * encodeChatBody({ type: 'say', text: 'hola' }).toString(); // '{"type":"say","text":"hola"}\n'
 */
export function encodeChatBody(header: ChatHeader, payload: Uint8Array = Buffer.alloc(0)): Buffer {
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), payload]);
}

/**
 * A whole frame, ready for the socket: the length prefix and the body.
 *
 * @example
 * socket.write(encodeChatFrame({ type: 'join', name: 'ana' }));
 */
export function encodeChatFrame(header: ChatHeader, payload?: Uint8Array): Buffer {
  return encodeLengthPrefixed(encodeChatBody(header, payload));
}

/**
 * Splits a body (a frame without its length prefix) into its header and payload. The payload may hold
 * any bytes, `\n` included: only the first `\n` ends the header.
 *
 * @example
 * decodeChatBody(Buffer.from('{"type":"say","text":"hola"}\n')).header.text; // 'hola'
 */
export function decodeChatBody(body: Buffer): ChatFrame {
  const end = body.indexOf(0x0a);
  if (end < 0) throw new ChatProtocolError('Cannot decode message: no \\n after the header; end the JSON header with \\n');
  let header: unknown;
  try {
    header = JSON.parse(body.toString('utf8', 0, end));
  } catch {
    throw new ChatProtocolError(`Cannot decode message: the header is not JSON (${preview(body.subarray(0, end))})`);
  }
  if (typeof header !== 'object' || header === null || typeof (header as ChatHeader).type !== 'string') {
    throw new ChatProtocolError('Cannot decode message: the header has no string "type"; send {"type": ...}');
  }
  return { header: header as ChatHeader, payload: body.subarray(end + 1) };
}

/**
 * SHA-256 of some bytes as lowercase hex, what a `share` header carries as `sha256`.
 *
 * @example
 * sha256Hex(Buffer.from('hola')).slice(0, 8); // 'b221d9db'
 */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function preview(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.length > 30 ? `${text.slice(0, 29)}…` : text;
}
