import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCompiled, listeningPort, python, socketbook, stopAll } from './processes.js';

beforeAll(assertCompiled);
afterEach(stopAll);

describe('socketbook example multi-server (lecture 17)', () => {
  it('echoes 50 Python clients connected at once, each its own message', async () => {
    const server = socketbook('multi-server', '--port', '0');
    const port = await listeningPort(server);
    const clients = python('many_clients.py', '127.0.0.1', String(port), '50');
    expect(await clients.exited).toEqual({ code: 0, signal: null });
    expect(clients.output().trim()).toBe('50 of 50 echoes intact');
    await server.waitFor(/Client 50 \(127\.0\.0\.1:\d+\) connected; 50 clients now/);
  });

  it('serves tcp-client, its client from lecture 14, and stops cleanly on Ctrl-C', async () => {
    const server = socketbook('multi-server', '--port', '0');
    const port = await listeningPort(server);
    const client = socketbook('tcp-client', '127.0.0.1', String(port), '--message', 'hola');
    expect(await client.exited).toEqual({ code: 0, signal: null });
    await server.waitFor(/Client 1 left after 4 bytes; 0 clients now/);
    server.process.kill('SIGINT');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('Server closed: 1 client served, 4 bytes echoed');
  });
});
