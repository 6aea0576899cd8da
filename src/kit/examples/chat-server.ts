/**
 * A chat room on the many-client server: one line per message; a client's first line is its name, and
 * every later line goes to everyone else as `name: text`. Try it with `chat-client` or `nc`.
 */
import { createChatServer } from '../../net/chat-server.js';
import { type ExampleHandle, type ExampleLog, hostPort, plural, serverHandle } from './example-handle.js';

/** Options of {@link startChatServer}. */
export interface ChatServerExampleOptions {
  /** The address to listen on. @default '127.0.0.1' */
  host?: string;
  /** The port; 0 lets the OS choose one (printed). @default 9800 */
  port?: number;
  /** How often the server looks at who is in the room and prints changes, in milliseconds. @default 250 */
  reportIntervalMs?: number;
}

/**
 * Starts the chat server and prints who is in the room and how many messages went through, whenever
 * that changes.
 *
 * @example
 * const chat = await startChatServer({ port: 0 }, console.log);
 * // Chat server listening on 127.0.0.1:40555; connect with: socketbook example chat-client 127.0.0.1 40555 --name ana
 * await chat.close();
 */
export async function startChatServer(options: ChatServerExampleOptions, log: ExampleLog): Promise<ExampleHandle> {
  const { host = '127.0.0.1', port = 9800, reportIntervalMs = 250 } = options;
  const chat = await createChatServer({ host, port });
  log(`Chat server listening on ${hostPort(host, chat.port)}; connect with: ` +
    `socketbook example chat-client ${host} ${chat.port} --name NAME (or nc ${host} ${chat.port})`);

  // The chat library keeps its events to itself, so the room is looked at a few times a second.
  let lastReport = '';
  const report = (): void => {
    const names = [...chat.clients].map((client) => client.state.name ?? `client ${client.id} (no name yet)`);
    const line = `${plural(names.length, 'client')} in the room${names.length ? ` (${names.join(', ')})` : ''}; ` +
      `${plural(chat.stats.messagesIn, 'line')} received, ${plural(chat.stats.messagesOut, 'line')} sent`;
    if (line !== lastReport) log(line);
    lastReport = line;
  };
  const timer = setInterval(report, reportIntervalMs);

  return serverHandle(async () => {
    clearInterval(timer);
    await chat.close();
    log('Chat server closed');
  });
}
