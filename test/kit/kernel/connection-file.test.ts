import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { channelAddress, pickKernelPorts, writeConnectionFile } from '../../../src/kit/kernel/connection-file.js';

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

  it('with ipc, names five Unix sockets in its own folder, joined to their numbers with a colon as tslab does', async () => {
    const connection = await writeConnectionFile({ transport: 'ipc' });
    try {
      expect(connection.info).toMatchObject({ transport: 'ipc', ip: join(connection.folder, 'k'), shell_port: 1, hb_port: 5 });
      expect(channelAddress(connection.info, 'iopub')).toBe(`ipc://${connection.folder}/k:2`);
    } finally {
      await connection.remove();
    }
  });

  it('with ipc, refuses a folder whose socket paths would be too long for Linux, and says so', async () => {
    const parent = await mkdtemp(join(tmpdir(), `${'x'.repeat(90)}-`));
    try {
      await expect(writeConnectionFile({ transport: 'ipc', parent })).rejects.toThrow(/longer than 107 bytes; use a shorter temporary folder/);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});

describe('pickKernelPorts()', () => {
  it('picks distinct free ports below the ephemeral range, so outgoing connections cannot take them', async () => {
    const [low] = (await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')).trim().split(/\s+/).map(Number);
    const ports = await pickKernelPorts(5);
    expect(new Set(ports).size).toBe(5);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(1024);
      expect(port).toBeLessThan(low!);
      const server = createServer();
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
