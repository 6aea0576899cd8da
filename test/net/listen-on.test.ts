import * as net from 'node:net';
import { describe, expect, test } from 'vitest';
import { errorCode } from '../../src/net/error-code.js';
import { listenOn } from '../../src/net/listen-on.js';

const close = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('listenOn()', () => {
  test('listens on loopback, on the port the system chose for port 0, and a client reaches it', async () => {
    const server = net.createServer((socket) => socket.end('hi'));
    try {
      const port = await listenOn(server);
      expect(port).toBeGreaterThan(0);
      expect(server.address()).toMatchObject({ address: '127.0.0.1', port });
      const reply = await new Promise<string>((resolve, reject) => {
        const client = net.connect({ host: '127.0.0.1', port });
        let text = '';
        client.on('data', (chunk) => (text += chunk));
        client.on('end', () => resolve(text));
        client.on('error', reject);
      });
      expect(reply).toBe('hi');
    } finally {
      await close(server);
    }
  });

  test('rejects with EADDRINUSE when the port is taken, and leaves no error listener behind', async () => {
    const first = net.createServer();
    const second = net.createServer();
    try {
      const port = await listenOn(first, 0, { backlog: 10 });
      const error = await listenOn(second, port).catch((caught: unknown) => caught);
      expect(errorCode(error)).toBe('EADDRINUSE');
      const third = net.createServer();
      await listenOn(third, 0);
      expect(third.listenerCount('error')).toBe(0);
      await close(third);
    } finally {
      await close(first);
    }
  });
});
