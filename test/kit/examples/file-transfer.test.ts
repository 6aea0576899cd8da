import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertCompiled, listeningPort, python, pythonPort, socketbook, stopAll } from './processes.js';

beforeAll(assertCompiled);

/** The lecture sends a 5 MB test file. */
const FILE_BYTES = 5_000_000;
let folder: string;
let source: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'socketbook-file-example-'));
  source = join(folder, 'prueba.bin');
  await writeFile(source, randomBytes(FILE_BYTES));
});

afterEach(async () => {
  await stopAll();
  await rm(folder, { recursive: true, force: true });
});

async function sha256(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

describe('socketbook example file-server / file-client (lecture 16) with Python', () => {
  it('file-client --raw saves a byte-identical copy of what a Python sendfile server sends', async () => {
    const server = python('sendfile_server.py', source, '127.0.0.1', '0', '1');
    const port = await pythonPort(server);
    const out = join(folder, 'recibido.bin');
    const client = socketbook('file-client', '127.0.0.1', String(port), '--out', out, '--raw');
    expect(await client.exited).toEqual({ code: 0, signal: null });
    expect(await sha256(out)).toBe(await sha256(source));
    expect(client.output()).toContain(`saved ${FILE_BYTES} bytes`);
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it('file-server --raw sends a byte-identical file to a Python client reading 8 KiB blocks', async () => {
    const server = socketbook('file-server', source, '--port', '0', '--raw');
    const port = await listeningPort(server);
    const out = join(folder, 'recibido.bin');
    const client = python('recv_file_client.py', '127.0.0.1', String(port), out);
    expect(await client.exited).toEqual({ code: 0, signal: null });
    expect(await sha256(out)).toBe(await sha256(source));
    await server.waitFor(new RegExp(`sent ${FILE_BYTES} bytes in [\\d.]+ s; connection closed`));
  });

  it('file-server and file-client with the robust protocol agree on the SHA-256 and leave no temporary file', async () => {
    const server = socketbook('file-server', source, '--port', '0');
    const port = await listeningPort(server);
    const out = join(folder, 'copia.bin');
    const client = socketbook('file-client', '127.0.0.1', String(port), '--out', out);
    expect(await client.exited).toEqual({ code: 0, signal: null });
    const expected = await sha256(source);
    expect(await sha256(out)).toBe(expected);
    expect(client.output()).toContain(`SHA-256 ${expected} verified`);
    await server.waitFor(new RegExp(`sent ${FILE_BYTES} bytes, SHA-256 ${expected}`));
    expect((await readdir(folder)).sort()).toEqual(['copia.bin', 'prueba.bin']);
  });

  it('file-client without --raw refuses the raw protocol of the Python server and saves nothing', async () => {
    const server = python('sendfile_server.py', source, '127.0.0.1', '0', '1');
    const port = await pythonPort(server);
    const out = join(folder, 'recibido.bin');
    const client = socketbook('file-client', '127.0.0.1', String(port), '--out', out);
    expect((await client.exited).code).toBe(1);
    expect(client.output()).toMatch(/socketbook example: Cannot/);
    expect(await readdir(folder)).toEqual(['prueba.bin']);
  });
});
