/**
 * A chat room over TCP, one line per message. The first line a client sends is its name; every later
 * line goes to everyone else as `name: text`. Joining and leaving are announced as `* name joined` and
 * `* name left`. Try it with two terminals: `nc 127.0.0.1 PORT`.
 */
import { createMultiServer, type MultiServer, type MultiServerOptions } from './multi-server.js';

/** What the chat remembers about each client: its name, once it has sent one. */
export interface ChatState {
  name?: string;
}

/** Options of {@link createChatServer}: those of a multi-server, always with `lines` framing. */
export type ChatServerOptions = Omit<MultiServerOptions, 'framing'>;

/**
 * Start a chat server.
 *
 * @example
 * const chat = await createChatServer({ port: 0 });
 * console.log(`nc 127.0.0.1 ${chat.port}`);
 * // ana types "ana", then "hola"; every other client reads "ana: hola"
 * await chat.close();
 */
export async function createChatServer(options: ChatServerOptions = {}): Promise<MultiServer<ChatState>> {
  // The handlers run only once clients connect, after `chat` is assigned.
  const chat: MultiServer<ChatState> = await createMultiServer<ChatState>(
    { ...options, framing: 'lines' },
    {
      onMessage(client, line) {
        const text = String(line);
        if (client.state.name === undefined) {
          client.state.name = text.trim() || `guest-${client.id}`;
          chat.broadcast(`* ${client.state.name} joined`);
        } else {
          chat.broadcast(`${client.state.name}: ${text}`, { except: client });
        }
      },
      onClose(client) {
        if (client.state.name !== undefined) chat.broadcast(`* ${client.state.name} left`);
      },
    },
  );
  return chat;
}
