import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCompiled, listeningPort, maySkip, socketbook, socketbookWithInput, start, stopAll } from './processes.js';

beforeAll(assertCompiled);
afterEach(stopAll);

describe('socketbook example chat-server / chat-client', () => {
  it('a line typed in one chat-client reaches the other as "name: text"', async () => {
    const server = socketbook('chat-server', '--port', '0');
    const port = String(await listeningPort(server));
    // Ana joins first, so that she is in the room to hear that Ben joined.
    const ana = socketbookWithInput('chat-client', '127.0.0.1', port, '--name', 'ana');
    await ana.waitFor(/\* ana joined/);
    const ben = socketbookWithInput('chat-client', '127.0.0.1', port, '--name', 'ben');
    await ana.waitFor(/\* ben joined/);
    ana.process.stdin?.write('hola, ¿qué tal?\n');
    await ben.waitFor(/^ana: hola, ¿qué tal\?$/m);
    await server.waitFor(/2 clients in the room \(ana, ben\)/);
    ben.process.stdin?.end();
    await ana.waitFor(/\* ben left/);
    ana.process.kill('SIGINT');
    expect(await ana.exited).toEqual({ code: 0, signal: null });
  });

  it.skipIf(maySkip('nc'))('a chat-client and nc talk in the same room', async () => {
    const server = socketbook('chat-server', '--port', '0');
    const port = String(await listeningPort(server));
    const ana = socketbookWithInput('chat-client', '127.0.0.1', port, '--name', 'ana');
    await ana.waitFor(/\* ana joined/);
    const nc = start('sh', ['-c', `(printf 'netcat\\nhello from nc\\n'; sleep 1) | nc -N 127.0.0.1 ${port}`]);
    await ana.waitFor(/^netcat: hello from nc$/m);
    ana.process.stdin?.write('hola nc\n');
    await nc.waitFor(/^ana: hola nc$/m);
  });

  it('chat-client stops when the server closes, and the server exits 0 on SIGTERM', async () => {
    const server = socketbook('chat-server', '--port', '0');
    const port = String(await listeningPort(server));
    const ana = socketbookWithInput('chat-client', '127.0.0.1', port, '--name', 'ana');
    await ana.waitFor(/\* ana joined/);
    server.process.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(await ana.exited).toEqual({ code: 0, signal: null });
    expect(ana.output()).toContain('The server closed the connection');
  });
});
