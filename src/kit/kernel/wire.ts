import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { WireError } from './kernel-errors.js';

/**
 * The Jupyter wire format, protocol 5.3. A message travels as ZeroMQ frames:
 *
 *   [identity...] "<IDS|MSG>" signature header parent_header metadata content [buffer...]
 *
 * The identities are the ROUTER routing prefix (zero or more frames). The signature is the lowercase hex
 * HMAC-SHA256, under the connection key, of the four JSON frames header|parent_header|metadata|content in
 * that order (the raw buffers are not signed). An empty key means "no signing": the signature is "".
 */

/** The frame that separates routing identities from the signed message. */
export const DELIMITER = '<IDS|MSG>';

/** Protocol version written into every header socketbook sends. */
export const PROTOCOL_VERSION = '5.3';

/** The `header` (and `parent_header`) of a Jupyter message. */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  [key: string]: unknown;
}

/** One decoded Jupyter message. `parent_header` is `{}` when there is no parent. */
export interface JupyterMessage<Content = Record<string, unknown>> {
  identities: Buffer[];
  header: MessageHeader;
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Content;
  buffers: Buffer[];
}

/** Who is sending: the session id and user name that go into every header. */
export interface SessionInfo {
  session: string;
  /** @default 'socketbook' */
  username?: string;
}

/**
 * Builds a message with a fresh `msg_id` and the current date.
 *
 * @example
 * const request = createMessage('kernel_info_request', {}, { session: randomUUID() });
 */
export function createMessage<Content extends object>(
  msgType: string,
  content: Content,
  session: SessionInfo,
  parent: Partial<MessageHeader> = {},
): JupyterMessage<Content> {
  return {
    identities: [],
    header: {
      msg_id: randomUUID(),
      session: session.session,
      username: session.username ?? 'socketbook',
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: parent,
    metadata: {},
    content,
    buffers: [],
  };
}

/**
 * Signs the four JSON frames of a message; returns "" when the key is empty (Jupyter's "no auth").
 *
 * @example
 * sign('secret', [header, parent, metadata, content]); // '3f1c…' (64 hex digits)
 */
export function sign(key: string, parts: readonly Uint8Array[]): string {
  if (key === '') return '';
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

/**
 * Checks a signature in constant time, so a peer cannot learn the right one byte by byte.
 *
 * @example
 * verify('secret', frames.slice(0, 4), signature); // true or false
 */
export function verify(key: string, parts: readonly Uint8Array[], signature: string): boolean {
  const expected = Buffer.from(sign(key, parts), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Turns a message into the frames to send, signed with `key`.
 *
 * @example
 * await shell.send(encodeMessage(createMessage('kernel_info_request', {}, session), key));
 */
export function encodeMessage(message: JupyterMessage<object>, key: string): Buffer[] {
  const signed = [message.header, message.parent_header, message.metadata, message.content].map((part) =>
    Buffer.from(JSON.stringify(part), 'utf8'),
  );
  return [...message.identities, Buffer.from(DELIMITER), Buffer.from(sign(key, signed)), ...signed, ...message.buffers];
}

/**
 * Reads the frames of one message, checking its signature with `key`.
 * Throws {@link WireError} `ERR_BAD_SIGNATURE` or `ERR_MALFORMED_MESSAGE`.
 *
 * @example
 * const message = decodeMessage(await iopub.receive(), key);
 */
export function decodeMessage(frames: readonly Buffer[], key: string): JupyterMessage {
  const delimiter = frames.findIndex((frame) => frame.equals(DELIMITER_BYTES));
  if (delimiter < 0) {
    throw new WireError('ERR_MALFORMED_MESSAGE', `Cannot decode message: no "${DELIMITER}" frame among ${frames.length} frames`);
  }
  const signature = frames[delimiter + 1];
  const signed = frames.slice(delimiter + 2, delimiter + 6);
  if (signature === undefined || signed.length < 4) {
    throw new WireError(
      'ERR_MALFORMED_MESSAGE',
      `Cannot decode message: expected a signature and 4 JSON frames after "${DELIMITER}", got ${frames.length - delimiter - 1}`,
    );
  }
  if (!verify(key, signed, signature.toString('utf8'))) {
    throw new WireError('ERR_BAD_SIGNATURE', 'Cannot decode message: its HMAC signature does not match the connection key');
  }
  const [header, parent, metadata, content] = signed.map((frame, index) => parseFrame(frame, FRAME_NAMES[index]!));
  if (typeof header?.['msg_type'] !== 'string') {
    throw new WireError('ERR_MALFORMED_MESSAGE', 'Cannot decode message: its header has no msg_type');
  }
  return {
    identities: frames.slice(0, delimiter),
    header: header as MessageHeader,
    parent_header: parent as Partial<MessageHeader>,
    metadata: metadata ?? {},
    content: content ?? {},
    buffers: frames.slice(delimiter + 6),
  };
}

const DELIMITER_BYTES = Buffer.from(DELIMITER);
const FRAME_NAMES = ['header', 'parent_header', 'metadata', 'content'] as const;

function parseFrame(frame: Buffer, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(frame.toString('utf8'));
  } catch (error) {
    throw new WireError('ERR_MALFORMED_MESSAGE', `Cannot decode message: its ${name} frame is not JSON`, { cause: error });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new WireError('ERR_MALFORMED_MESSAGE', `Cannot decode message: its ${name} frame is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
