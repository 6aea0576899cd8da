/**
 * A chat client: it sends its name, then every line typed on standard input, and prints every line the
 * server sends (what the others say). It stops when the input ends or the server closes.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { halfClose } from '../../net/half-close.js';
import { sendAll } from '../../net/send-all.js';
import { createReader } from '../../net/socket-reader.js';
import { connect } from '../../net/tcp-connect.js';
import { encodeLine } from '../../net/line-codec.js';
import { type ExampleHandle, type ExampleLog, handleFor, hostPort } from './example-handle.js';

/** Options of {@link startChatClient}. */
export interface ChatClientOptions {
  /** The server's address. */
  host: string;
  /** The server's port. */
  port: number;
  /** The name the others see. */
  name: string;
  /** Where the lines to send come from. @default process.stdin */
  input?: Readable;
}

/**
 * Joins a chat room; `done` resolves once the server has closed the connection.
 *
 * @example
 * const client = await startChatClient({ host: '127.0.0.1', port: 9800, name: 'ana' }, console.log);
 * await client.done;
 */
export async function startChatClient(options: ChatClientOptions, log: ExampleLog): Promise<ExampleHandle> {
  const { host, port, name, input = process.stdin } = options;
  const socket = await connect({ host, port });
  const reader = createReader(socket);
  await sendAll(socket, encodeLine(name));
  log(`Joined the chat at ${hostPort(host, port)} as ${name}; type a line and press Enter to send it`);

  const lines = createInterface({ input, terminal: false });
  const send = async (): Promise<void> => {
    for await (const line of lines) await sendAll(socket, encodeLine(line));
    // The input ended (Ctrl-D): say we are done sending, but keep reading what the others say.
    await halfClose(socket);
  };
  const sending = send().catch((error: Error) => log(`Cannot send: ${error.message}`));

  const receive = async (): Promise<void> => {
    try {
      for (let line = await reader.readLine(); line !== null; line = await reader.readLine()) log(line);
      log('The server closed the connection');
    } finally {
      lines.close();
      socket.destroy();
      await sending;
    }
  };
  return handleFor(receive(), async () => {
    socket.destroy();
  });
}
