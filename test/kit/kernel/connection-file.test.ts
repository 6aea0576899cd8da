import { readFile, stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { channelAddress, writeConnectionFile } from '../../../src/kit/kernel/connection-file.js';

describe('writeConnectionFile()', () => {
  it('writes five distinct loopback ports and a key to a private file, and remove() deletes its folder', async () => {
    const connection = await writeConnectionFile({ kernelName: 'deno' });
    try {
      const written = JSON.parse(await readFile(connection.path, 'utf8'));
      expect(written).toEqual(connection.info);
      const ports = [written.shell_port, written.iopub_port, written.stdin_port, written.control_port, written.hb_port];
      expect(new Set(ports).size).toBe(5);
      expect(written).toMatchObject({ transport: 'tcp', ip: '127.0.0.1', signature_scheme: 'hmac-sha256', kernel_name: 'deno' });
      expect(written.key).toMatch(/^[0-9a-f]{64}$/);
      expect((await stat(connection.path)).mode & 0o077).toBe(0);
      expect((await stat(connection.folder)).mode & 0o077).toBe(0);
      expect(channelAddress(connection.info, 'hb')).toBe(`tcp://127.0.0.1:${written.hb_port}`);
    } finally {
      await connection.remove();
    }
    await expect(stat(connection.folder)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
