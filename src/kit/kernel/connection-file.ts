import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The five sockets a Jupyter kernel binds, in the order of the connection file. */
export const CHANNELS = ['shell', 'iopub', 'stdin', 'control', 'hb'] as const;

export type Channel = (typeof CHANNELS)[number];

/**
 * How client and kernel reach each other: `tcp` on loopback ports, or `ipc` through Unix sockets in the
 * connection file's folder (no port to race for, and it works for a kernel without network access).
 */
export type ConnectionTransport = 'tcp' | 'ipc';

/** The contents of a Jupyter connection file (what the kernel reads to know where to bind). */
export interface ConnectionInfo {
  transport: ConnectionTransport;
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: 'hmac-sha256';
  kernel_name?: string;
}

/** A connection file on disk, in a private temporary folder that {@link ConnectionFile.remove} deletes. */
export interface ConnectionFile {
  info: ConnectionInfo;
  path: string;
  folder: string;
  remove: () => Promise<void>;
}

/** Options of {@link writeConnectionFile}. */
export interface ConnectionFileOptions {
  /** Where the private folder is created. @default os.tmpdir() */
  parent?: string;
  /** Written as `kernel_name`, for humans reading the file. */
  kernelName?: string;
  /** @default 'tcp' */
  transport?: ConnectionTransport;
}

/** The longest path a Unix socket may have on Linux (`sun_path` holds 108 bytes with the final NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * Picks five free loopback ports and a random key, and writes them as a connection file readable only by
 * this user. Ports are found by binding and closing again (see {@link pickKernelPorts}), so another
 * process could in principle take one before the kernel binds it; the client then starts again.
 * With `transport: 'ipc'` the channels are Unix sockets `FOLDER/k:1` to `FOLDER/k:5` instead.
 *
 * @example
 * const connection = await writeConnectionFile({ kernelName: 'tslab' });
 * try { spawn('tslab', ['kernel', '--config-path', connection.path]); } finally { await connection.remove(); }
 */
export async function writeConnectionFile(options: ConnectionFileOptions = {}): Promise<ConnectionFile> {
  const folder = await mkdtemp(join(options.parent ?? tmpdir(), 'socketbook-kernel-'));
  try {
    const transport = options.transport ?? 'tcp';
    const ip = transport === 'ipc' ? join(folder, 'k') : '127.0.0.1';
    if (transport === 'ipc' && Buffer.byteLength(`${ip}:${CHANNELS.length}`) > MAX_SOCKET_PATH) {
      throw new Error(`Cannot make Unix sockets for a kernel in ${folder}: the path is longer than ${MAX_SOCKET_PATH} bytes; use a shorter temporary folder`);
    }
    const [shell, iopub, stdin, control, hb] = transport === 'ipc' ? [1, 2, 3, 4, 5] : await pickKernelPorts(CHANNELS.length);
    const info: ConnectionInfo = {
      transport,
      ip,
      shell_port: shell!,
      iopub_port: iopub!,
      stdin_port: stdin!,
      control_port: control!,
      hb_port: hb!,
      key: randomBytes(32).toString('hex'),
      signature_scheme: 'hmac-sha256',
      ...(options.kernelName === undefined ? {} : { kernel_name: options.kernelName }),
    };
    const path = join(folder, 'connection.json');
    await writeFile(path, JSON.stringify(info, null, 2), { mode: 0o600 });
    return { info, path, folder, remove: () => rm(folder, { recursive: true, force: true }) };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The ZeroMQ address of one channel, e.g. `tcp://127.0.0.1:5555` or `ipc:///tmp/socketbook-kernel-x/k:1`.
 * tslab and Deno join ip and port with ':' for ipc too (Jupyter's own clients use '-'), so this does.
 *
 * @example
 * shell.connect(channelAddress(connection.info, 'shell'));
 */
export function channelAddress(info: ConnectionInfo, channel: Channel): string {
  return `${info.transport}://${info.ip}:${info[`${channel}_port`]}`;
}

/**
 * The ports kernels get: from 20000 up to where the system's ephemeral range starts (Linux's default 32768
 * when /proc cannot tell), the range outgoing connections and `listen(0)` take their ports from. Read once.
 */
let kernelPortRange: { low: number; high: number } | undefined;
function kernelPorts(): { low: number; high: number } {
  if (kernelPortRange !== undefined) return kernelPortRange;
  let ephemeralLow = 32_768;
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (low > 1_024) ephemeralLow = low;
  } catch {
    // Not Linux: keep Linux's default.
  }
  const high = Math.min(30_000, ephemeralLow) - 1;
  kernelPortRange = { low: Math.min(20_000, high - 1_000), high };
  return kernelPortRange;
}

/**
 * Picks `count` distinct free loopback ports for a kernel, at random below the ephemeral range. A port from
 * the ephemeral range (what binding port 0 gives) can be taken as the local port of any outgoing
 * connection between the pick and the kernel's bind: a lesson opening a thousand client connections
 * then makes kernels fail with EADDRINUSE. Holds all test servers open at once so the ports are distinct.
 *
 * @example
 * const [shell, iopub] = await pickKernelPorts(2);
 */
export async function pickKernelPorts(count: number): Promise<number[]> {
  const { low, high } = kernelPorts();
  const servers: Server[] = [];
  try {
    for (let attempts = 0; servers.length < count; attempts += 1) {
      if (attempts > 200) throw new Error(`Cannot find ${count} free loopback ports between ${low} and ${high}`);
      const port = randomInt(low, high + 1);
      const server = createServer();
      const bound = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (bound) servers.push(server);
    }
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('Cannot read the port of a TCP server');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
