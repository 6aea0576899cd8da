import * as net from 'node:net';
import { describe, expect, test } from 'vitest';
import { listenOn } from '../../src/net/listen-on.js';
import { preferPort } from '../../src/net/prefer-port.js';

const close = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('preferPort()', () => {
  test('opens on the port asked for when it is free, and says nothing', async () => {
    const probe = net.createServer();
    const free = await listenOn(probe, 0);
    await close(probe);
    const lines: string[] = [];
    const server = net.createServer();
    expect(await preferPort(free, (port) => listenOn(server, port), { write: (line) => lines.push(line) })).toBe(free);
    expect(lines).toEqual([]);
    await close(server);
  });

  test('falls back to port 0 when the port is taken, and says so in the lesson language', async () => {
    const taken = net.createServer();
    const port = await listenOn(taken, 0);
    const server = net.createServer();
    try {
      const lines: string[] = [];
      const got = await preferPort(port, (candidate) => listenOn(server, candidate), { lang: 'es', write: (line) => lines.push(line) });
      expect(got).not.toBe(port);
      expect(lines).toEqual([`El puerto ${port} está ocupado (EADDRINUSE): uso el puerto 0, uno libre que elige el sistema.`]);
    } finally {
      await close(server);
      await close(taken);
    }
  });

  test('throws any other error as it came', async () => {
    const denied = Object.assign(new Error('permission denied'), { code: 'EACCES' });
    await expect(preferPort(80, () => Promise.reject(denied))).rejects.toBe(denied);
  });
});
