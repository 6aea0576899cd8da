import { createHash } from 'node:crypto';
import { appendFileSync, truncateSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFileHeader, FileProtocolError, FileTooLargeError, FIXED_HEADER_BYTES } from '../../src/net/file-header.js';
import { UnsafeFileNameError } from '../../src/net/file-name.js';
import {
  ChecksumMismatchError,
  receiveFile,
  sendFile,
  TransferInterruptedError,
  type FileProgress,
} from '../../src/net/file-transfer.js';
import { makeWorkspace, socketPair } from './file-transfer-helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setUp(size: number) {
  const workspace = await makeWorkspace(size);
  const pair = await socketPair();
  cleanups.push(workspace.remove, pair.close);
  return { workspace, pair };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('sendFile() and receiveFile()', () => {
  it('transfer a 5 MB file with its name, size and SHA-256', async () => {
    const { workspace, pair } = await setUp(5_000_000);
    const [sent, received] = await Promise.all([
      sendFile(pair.client, workspace.source),
      receiveFile(pair.server, { folder: workspace.inbox }),
    ]);
    expect(received).toEqual({
      name: 'source.bin',
      path: join(workspace.inbox, 'source.bin'),
      size: 5_000_000,
      sha256: sha256(workspace.contents),
    });
    expect(sent.sha256).toBe(received.sha256);
    expect((await readFile(received.path)).equals(workspace.contents)).toBe(true);
    expect(await workspace.listInbox()).toEqual(['source.bin']);
  });

  it('save under the name the sender chose', async () => {
    const { workspace, pair } = await setUp(1000);
    const [, received] = await Promise.all([
      sendFile(pair.client, workspace.source, { name: 'informe año 2020.pdf' }),
      receiveFile(pair.server, { folder: workspace.inbox }),
    ]);
    expect(received.name).toBe('informe año 2020.pdf');
    expect(await workspace.listInbox()).toEqual(['informe año 2020.pdf']);
  });

  it('transfer an empty file', async () => {
    const { workspace, pair } = await setUp(0);
    const [, received] = await Promise.all([
      sendFile(pair.client, workspace.source),
      receiveFile(pair.server, { folder: workspace.inbox }),
    ]);
    expect(received.size).toBe(0);
    expect(received.sha256).toBe(sha256(Buffer.alloc(0)));
  });

  it('report throttled, growing progress ending at the total on both sides', async () => {
    const { workspace, pair } = await setUp(4_000_000);
    const sending: FileProgress[] = [];
    const receiving: FileProgress[] = [];
    await Promise.all([
      sendFile(pair.client, workspace.source, { onProgress: (p) => sending.push(p), chunkBytes: 64 * 1024 }),
      receiveFile(pair.server, { folder: workspace.inbox, onProgress: (p) => receiving.push(p) }),
    ]);
    for (const events of [sending, receiving]) {
      expect(events.at(-1)).toEqual({ bytes: 4_000_000, total: 4_000_000 });
      expect(events.filter((event) => event.bytes === 4_000_000)).toHaveLength(1);
      expect(events.every((event, index) => index === 0 || event.bytes >= events[index - 1]!.bytes)).toBe(true);
      // 4 MB arrive in dozens of chunks; throttling keeps the calls few.
      expect(events.length).toBeLessThan(20);
    }
  });

  it('leave no file when the sender closes mid-transfer', async () => {
    const { workspace, pair } = await setUp(0);
    const receiving = receiveFile(pair.server, { folder: workspace.inbox });
    pair.client.write(encodeFileHeader({ name: 'cut.bin', size: 1_000_000 }));
    pair.client.end(Buffer.alloc(300_000));
    await expect(receiving).rejects.toBeInstanceOf(TransferInterruptedError);
    expect(await workspace.listInbox()).toEqual([]);
  });

  it('leave no file when the connection is reset mid-transfer', async () => {
    const { workspace, pair } = await setUp(0);
    const receiving = receiveFile(pair.server, { folder: workspace.inbox });
    pair.client.write(encodeFileHeader({ name: 'cut.bin', size: 1_000_000 }));
    pair.client.write(Buffer.alloc(300_000));
    setTimeout(() => pair.client.resetAndDestroy(), 20);
    const error = await receiving.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransferInterruptedError);
    expect((error as TransferInterruptedError).cause).toMatchObject({ code: 'ECONNRESET' });
    expect(await workspace.listInbox()).toEqual([]);
  });

  it('leave no file when the data is complete but the checksum is missing', async () => {
    const { workspace, pair } = await setUp(0);
    const receiving = receiveFile(pair.server, { folder: workspace.inbox });
    pair.client.write(encodeFileHeader({ name: 'a.bin', size: 10 }));
    pair.client.end(Buffer.alloc(10));
    await expect(receiving).rejects.toBeInstanceOf(TransferInterruptedError);
    expect(await workspace.listInbox()).toEqual([]);
  });

  it('report a wrong checksum and keep no file', async () => {
    const { workspace, pair } = await setUp(0);
    const receiving = receiveFile(pair.server, { folder: workspace.inbox });
    pair.client.write(encodeFileHeader({ name: 'a.bin', size: 5 }));
    pair.client.write(Buffer.from('hello'));
    pair.client.end(createHash('sha256').update('hellO').digest());
    const error = await receiving.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChecksumMismatchError);
    expect((error as ChecksumMismatchError).code).toBe('ERR_CHECKSUM_MISMATCH');
    expect(await workspace.listInbox()).toEqual([]);
  });

  it('refuse bytes after the checksum', async () => {
    const { workspace, pair } = await setUp(0);
    const receiving = receiveFile(pair.server, { folder: workspace.inbox });
    pair.client.write(encodeFileHeader({ name: 'a.bin', size: 1 }));
    pair.client.end(Buffer.concat([Buffer.from('x'), createHash('sha256').update('x').digest(), Buffer.from('extra')]));
    await expect(receiving).rejects.toBeInstanceOf(FileProtocolError);
    expect(await workspace.listInbox()).toEqual([]);
  });

  it('refuse a file above maxBytes before writing anything, and stop the sender', async () => {
    const { workspace, pair } = await setUp(5_000_000);
    const receiving = receiveFile(pair.server, { folder: workspace.inbox, maxBytes: 1000 });
    const sending = sendFile(pair.client, workspace.source);
    await Promise.all([
      expect(receiving).rejects.toBeInstanceOf(FileTooLargeError),
      expect(sending).rejects.toBeInstanceOf(TransferInterruptedError),
    ]);
    expect(await workspace.listInbox()).toEqual([]);
  });

  it.each([
    ['a parent folder', '../x'],
    ['an absolute path', '/tmp/x'],
    ['a NUL byte', 'a\0b'],
    ['a separator', 'a\\b'],
    ['a name over 255 bytes', 'x'.repeat(256)],
    ['an empty name', ''],
  ])('refuse %s on both sides', async (_, name) => {
    const { workspace, pair } = await setUp(10);
    await expect(sendFile(pair.client, workspace.source, { name })).rejects.toBeInstanceOf(UnsafeFileNameError);
    const receiving = receiveFile(pair.server, { folder: workspace.inbox });
    const nameBytes = Buffer.from(name);
    const header = Buffer.alloc(FIXED_HEADER_BYTES);
    header.write('SBFT\x01', 'latin1');
    header.writeUInt16BE(nameBytes.length, 5);
    header.writeBigUInt64BE(10n, 7);
    pair.client.write(Buffer.concat([header, nameBytes]));
    await expect(receiving).rejects.toBeInstanceOf(UnsafeFileNameError);
    expect(await workspace.listInbox()).toEqual([]);
  });

  it.each([
    ['grows', (path: string) => appendFileSync(path, 'more')],
    ['shrinks', (path: string) => truncateSync(path, 1000)],
  ])('make the sender fail and the receiver keep nothing when the file %s while sending', async (_, change) => {
    const { workspace, pair } = await setUp(300_000);
    let changed = false;
    const onProgress = () => {
      if (!changed) change(workspace.source);
      changed = true;
    };
    const [sending, receiving] = await Promise.allSettled([
      sendFile(pair.client, workspace.source, { onProgress, chunkBytes: 64 * 1024 }),
      receiveFile(pair.server, { folder: workspace.inbox }),
    ]);
    expect(sending.status === 'rejected' && sending.reason).toBeInstanceOf(TransferInterruptedError);
    expect((sending as PromiseRejectedResult).reason.message).toMatch(/changed size while sending/);
    expect(receiving.status).toBe('rejected');
    expect(await workspace.listInbox()).toEqual([]);
  });

  it('keep memory flat for a 64 MiB file', async () => {
    const { workspace, pair } = await setUp(0);
    await writeFile(workspace.source, Buffer.alloc(64 * 1024 * 1024, 7));
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    await Promise.all([sendFile(pair.client, workspace.source), receiveFile(pair.server, { folder: workspace.inbox })]);
    clearInterval(sampler);
    expect((peak - before) / 1024 / 1024).toBeLessThan(100);
  });
});
