import { afterEach, describe, expect, it } from 'vitest';
import { createChatServer } from '../../src/net/chat-server.js';
import type { MultiServer } from '../../src/net/multi-server.js';
import { connectClient, waitUntil, type TestClient } from './multi-server-helpers.js';

const opened: { servers: MultiServer<object>[]; clients: TestClient[] } = { servers: [], clients: [] };

afterEach(async () => {
  for (const each of opened.clients.splice(0)) each.socket.destroy();
  for (const server of opened.servers.splice(0)) await server.close({ drainMs: 0 });
});

async function join(port: number, name: string): Promise<TestClient> {
  const member = await connectClient(port, 'lines');
  opened.clients.push(member);
  member.socket.write(`${name}\n`);
  return member;
}

describe('createChatServer()', () => {
  it('announces joins, relays "name: text" to the others and announces leaving', async () => {
    const chat = await createChatServer();
    opened.servers.push(chat);
    const ana = await join(chat.port, 'ana');
    await ana.waitFor(1);
    const luis = await join(chat.port, 'luis');
    await Promise.all([ana.waitFor(2), luis.waitFor(1)]);
    ana.socket.write('hola, ¿qué tal?\n');
    await luis.waitFor(2);
    luis.socket.end();
    await ana.waitFor(3);
    expect(ana.received).toEqual(['* ana joined', '* luis joined', '* luis left']);
    expect(luis.received).toEqual(['* luis joined', 'ana: hola, ¿qué tal?']);
  });

  it('names a client that sends an empty name after its id', async () => {
    const chat = await createChatServer();
    opened.servers.push(chat);
    const nameless = await join(chat.port, '   ');
    await nameless.waitFor(1);
    expect(nameless.received).toEqual(['* guest-1 joined']);
    await waitUntil(() => chat.stats.messagesOut === 1);
  });
});
