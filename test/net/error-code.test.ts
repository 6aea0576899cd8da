import { describe, expect, test } from 'vitest';
import { errorCode } from '../../src/net/error-code.js';
import { connect } from '../../src/net/tcp-connect.js';
import { listenOn } from '../../src/net/listen-on.js';
import * as net from 'node:net';

describe('errorCode()', () => {
  test("gives the system's code, also through the library's wrapping error", async () => {
    const server = net.createServer();
    const port = await listenOn(server, 0);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const refused = await connect({ host: '127.0.0.1', port }).catch((error: unknown) => error);
    expect((refused as { code?: string }).code).toBe('ERR_CONNECT');
    expect(errorCode(refused)).toBe('ECONNREFUSED');
  });

  test('gives a plain code, and text for anything without one', () => {
    expect(errorCode(Object.assign(new Error('x'), { code: 'EPIPE' }))).toBe('EPIPE');
    expect(errorCode(new Error('no code'))).toBe('Error: no code');
    expect(errorCode('boom')).toBe('boom');
    expect(errorCode(null)).toBe('null');
  });
});
