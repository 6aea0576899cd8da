/**
 * The capstone's reference implementation: a chat server with file sharing and its client, over the
 * protocol of `file-chat-protocol.ts`. Students write their own and test it against these.
 *
 * Client to server: `join {name}` (first), `say {text}`, `share {name, size, sha256}` + the file's bytes.
 * Server to client: `welcome {name, users}` or `error {code, message}` after a join; then `joined {name}`,
 * `said {from, text}`, `shared {from, name, size, sha256}` + bytes, `left {name}` from the others, and
 * `error {code, message}` for a message it refused (codes: NOT_JOINED, NAME_TAKEN, BAD_NAME, BAD_FILE,
 * BAD_MESSAGE). An error never closes the connection, with one exception: a frame whose length is above
 * the limit (`MAX_CHAT_BODY_BYTES` by default) makes the server close the connection as soon as the 4
 * bytes of the length arrive, because it cannot find the next frame without reading that body.
 */
import type { Socket } from 'node:net';
import {
  type ChatFrame, type ChatHeader, decodeChatBody, encodeChatBody, encodeChatFrame, MAX_CHAT_BODY_BYTES,
  MAX_CHAT_FILE_BYTES, sha256Hex,
} from './file-chat-protocol.js';
import { FrameTooLargeError } from './length-prefix.js';
import { assertSafeFileName } from './file-name.js';
import { createMultiServer, type Client, type MultiServer } from './multi-server.js';
import { createReader, type SocketReader } from './socket-reader.js';
import { sendAll } from './send-all.js';
import { SocketbookError } from './errors.js';
import { connect } from './tcp-connect.js';
import { halfClose } from './half-close.js';

/** What the reference server remembers per client. @example const state: FileChatState = { name: 'ana' }; */
export interface FileChatState {
  name?: string;
}

/**
 * Options of {@link startFileChatServer}.
 *
 * @example
 * await startFileChatServer({ port: 0, maxFileBytes: 1024 * 1024 });
 */
export interface FileChatServerOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 */
  port?: number;
  /**
   * Largest file a client may share; the frame limit is this plus 64 KiB for the header. A frame that
   * announces more is refused as soon as its length arrives: the server closes that connection.
   * @default MAX_CHAT_FILE_BYTES (8 MiB)
   */
  maxFileBytes?: number;
}

/**
 * Starts the reference chat server with file sharing.
 *
 * @example
 * const server = await startFileChatServer();
 * const ana = await joinFileChat({ port: server.port, name: 'ana' });
 * await server.close();
 */
export function startFileChatServer(options: FileChatServerOptions = {}): Promise<MultiServer<FileChatState>> {
  const maxFileBytes = options.maxFileBytes ?? MAX_CHAT_FILE_BYTES;
  const names = new Set<string>();
  let room: MultiServer<FileChatState> | undefined;
  const reply = (client: Client<FileChatState>, header: ChatHeader, payload?: Buffer) =>
    client.send(encodeChatBody(header, payload));
  const refuse = (client: Client<FileChatState>, code: string, message: string) =>
    reply(client, { type: 'error', code, message });
  const toOthers = (client: Client<FileChatState>, header: ChatHeader, payload?: Buffer) =>
    room?.broadcast(encodeChatBody(header, payload), { except: client });

  function onFrame(client: Client<FileChatState>, { header, payload }: ChatFrame): void {
    const name = client.state.name;
    if (header.type === 'join') {
      const wanted = header.name;
      if (name !== undefined) return void refuse(client, 'BAD_MESSAGE', 'Already joined');
      if (typeof wanted !== 'string' || !/^[\p{L}\p{N}_-]{1,32}$/u.test(wanted)) {
        return void refuse(client, 'BAD_NAME', 'A name is 1 to 32 letters, digits, _ or -');
      }
      if (names.has(wanted)) return void refuse(client, 'NAME_TAKEN', `${wanted} is already in the room`);
      names.add(wanted);
      client.state.name = wanted;
      const users = [...(room?.clients ?? [])].map((other) => other.state.name).filter((n) => n !== undefined);
      reply(client, { type: 'welcome', name: wanted, users });
      toOthers(client, { type: 'joined', name: wanted });
    } else if (name === undefined) {
      refuse(client, 'NOT_JOINED', 'Send join first');
    } else if (header.type === 'say' && typeof header.text === 'string') {
      toOthers(client, { type: 'said', from: name, text: header.text });
    } else if (header.type === 'share') {
      const { name: fileName, size, sha256 } = header;
      if (typeof fileName !== 'string' || !isSafeFileName(fileName)) {
        return void refuse(client, 'BAD_FILE', 'The file name must be a bare name, without / or ..');
      }
      if (size !== payload.length || sha256 !== sha256Hex(payload)) {
        return void refuse(client, 'BAD_FILE', `${fileName}: size or sha256 do not match the bytes sent`);
      }
      toOthers(client, { type: 'shared', from: name, name: fileName, size, sha256 }, payload);
    } else {
      refuse(client, 'BAD_MESSAGE', `Unknown or incomplete message of type ${JSON.stringify(header.type)}`);
    }
  }

  return createMultiServer<FileChatState>(
    {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      framing: 'length-prefix',
      maxMessageBytes: maxFileBytes + (MAX_CHAT_BODY_BYTES - MAX_CHAT_FILE_BYTES),
      // A recipient must be able to queue a whole frame of the largest file (and a little more) without
      // being taken for a slow client: the default of 1 MiB would drop whoever receives a 2 MiB file.
      maxQueuedBytes: 2 * (maxFileBytes + (MAX_CHAT_BODY_BYTES - MAX_CHAT_FILE_BYTES)),
    },
    {
      onMessage(client, body) {
        let frame: ChatFrame;
        try {
          frame = decodeChatBody(Buffer.from(body));
        } catch (error) {
          return void refuse(client, 'BAD_MESSAGE', (error as Error).message);
        }
        onFrame(client, frame);
      },
      onClose(client) {
        const name = client.state.name;
        if (name === undefined) return;
        names.delete(name);
        toOthers(client, { type: 'left', name });
      },
    },
  ).then((server) => (room = server));
}

/**
 * The server refused a join (`code` is its code: NAME_TAKEN, BAD_NAME).
 *
 * @example
 * try { await joinFileChat({ port, name: 'ana' }); }
 * catch (error) { if (error instanceof JoinRefusedError) console.log(error.code); }
 */
export class JoinRefusedError extends SocketbookError {
  constructor(code: string, message: string) {
    super(code, `Cannot join the chat: ${message}`);
  }
}

/**
 * A connected chat client, as {@link joinFileChat} returns it.
 *
 * @example
 * await ana.say('hola');
 * const { header, payload } = await ana.next();
 */
export interface FileChatClient {
  /** The `welcome` header: `name` and the `users` in the room, this client included. */
  readonly welcome: ChatHeader;
  say(text: string): Promise<void>;
  /** Shares a file with everyone else: its name, size and SHA-256 go in the header, its bytes after. */
  share(fileName: string, bytes: Uint8Array): Promise<void>;
  /** The next message from the server. @default timeoutMs 2000 */
  next(timeoutMs?: number): Promise<ChatFrame>;
  /** Ends the connection (the others get `left`). */
  leave(): Promise<void>;
  readonly socket: Socket;
}

/**
 * Connects to a file chat server and joins as `name`; rejects with {@link JoinRefusedError} if refused.
 *
 * @example
 * const ana = await joinFileChat({ port: server.port, name: 'ana' });
 * await ana.share('notas.txt', Buffer.from('hola'));
 */
export async function joinFileChat(options: { host?: string; port: number; name: string }): Promise<FileChatClient> {
  const socket = await connect({ host: options.host ?? '127.0.0.1', port: options.port, timeoutMs: 2000 });
  const reader = createReader(socket);
  const next = (timeoutMs = 2000) => readChatFrame(reader, timeoutMs);
  await sendAll(socket, encodeChatFrame({ type: 'join', name: options.name }));
  const answer = await next();
  if (answer.header.type !== 'welcome') {
    socket.destroy();
    throw new JoinRefusedError(String(answer.header.code ?? 'ERR_JOIN'), String(answer.header.message ?? answer.header.type));
  }
  return {
    welcome: answer.header,
    socket,
    next,
    say: (text) => sendAll(socket, encodeChatFrame({ type: 'say', text })),
    share: (fileName, bytes) =>
      sendAll(socket, encodeChatFrame({ type: 'share', name: fileName, size: bytes.length, sha256: sha256Hex(bytes) }, bytes)),
    leave: async () => {
      await halfClose(socket);
      await reader.readUntilClose({ timeoutMs: 2000 }).catch(() => {});
      socket.destroy();
    },
  };
}

/**
 * Reads one frame: 4 bytes of length, then the body, decoded. A length above `maxBodyBytes` rejects with
 * a {@link FrameTooLargeError} before any byte of the body is read.
 *
 * @example
 * const { header, payload } = await readChatFrame(createReader(socket), 2000);
 */
export async function readChatFrame(
  reader: SocketReader, timeoutMs = 2000, { maxBodyBytes = MAX_CHAT_BODY_BYTES }: { maxBodyBytes?: number } = {},
): Promise<ChatFrame> {
  const length = (await reader.readExactly(4, { timeoutMs })).readUInt32BE(0);
  if (length > maxBodyBytes) throw new FrameTooLargeError('read chat frame', length, maxBodyBytes);
  return decodeChatBody(await reader.readExactly(length, { timeoutMs }));
}

function isSafeFileName(name: string): boolean {
  try {
    assertSafeFileName(name);
    return true;
  } catch {
    return false;
  }
}
