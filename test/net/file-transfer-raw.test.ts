import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { receiveFileRaw, sendFileRaw } from '../../src/net/file-transfer-raw.js';
import { TransferInterruptedError } from '../../src/net/file-transfer.js';
import { makeWorkspace, socketPair } from './file-transfer-helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('sendFileRaw() and receiveFileRaw()', () => {
  it('copy a 3 MB file byte for byte', async () => {
    const workspace = await makeWorkspace(3_000_000);
    const pair = await socketPair();
    cleanups.push(workspace.remove, pair.close);
    const outPath = join(workspace.inbox, 'copy.bin');
    const [sent, received] = await Promise.all([
      sendFileRaw(pair.server, workspace.source),
      receiveFileRaw(pair.client, outPath),
    ]);
    expect(sent).toBe(3_000_000);
    expect(received).toBe(3_000_000);
    expect((await readFile(outPath)).equals(workspace.contents)).toBe(true);
    expect(await workspace.listInbox()).toEqual(['copy.bin']);
  });

  it('copy a file byte for byte with small chunks on both sides', async () => {
    const workspace = await makeWorkspace(300_000);
    const pair = await socketPair();
    cleanups.push(workspace.remove, pair.close);
    const outPath = join(workspace.inbox, 'copy.bin');
    await Promise.all([
      sendFileRaw(pair.server, workspace.source, { chunkBytes: 1000 }),
      receiveFileRaw(pair.client, outPath, { chunkBytes: 1000 }),
    ]);
    expect((await readFile(outPath)).equals(workspace.contents)).toBe(true);
  });

  it('leave no file when the connection is reset mid-way', async () => {
    const workspace = await makeWorkspace(0);
    const pair = await socketPair();
    cleanups.push(workspace.remove, pair.close);
    const receiving = receiveFileRaw(pair.client, join(workspace.inbox, 'copy.bin'));
    pair.server.write(Buffer.alloc(100_000));
    setTimeout(() => pair.server.resetAndDestroy(), 20);
    await expect(receiving).rejects.toBeInstanceOf(TransferInterruptedError);
    expect(await workspace.listInbox()).toEqual([]);
  });

  it('cannot tell a file cut by a clean close from a complete one', async () => {
    const workspace = await makeWorkspace(0);
    const pair = await socketPair();
    cleanups.push(workspace.remove, pair.close);
    const outPath = join(workspace.inbox, 'copy.bin');
    const receiving = receiveFileRaw(pair.client, outPath);
    pair.server.end(Buffer.alloc(1000));
    expect(await receiving).toBe(1000);
    expect(await workspace.listInbox()).toEqual(['copy.bin']);
  });
});
