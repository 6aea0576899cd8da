import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A connected pair of TCP sockets over 127.0.0.1, and a way to close everything. */
export async function socketPair(): Promise<{ client: net.Socket; server: net.Socket; close(): Promise<void> }> {
  const listener = net.createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const { port } = listener.address() as net.AddressInfo;
  const accepted = once(listener, 'connection') as Promise<[net.Socket]>;
  const client = net.connect(port, '127.0.0.1');
  await once(client, 'connect');
  const [server] = await accepted;
  return {
    client,
    server,
    async close() {
      client.destroy();
      server.destroy();
      await new Promise((resolve) => listener.close(resolve));
    },
  };
}

/** A temporary folder with a `source.bin` of `size` random bytes and an empty `inbox` folder. */
export async function makeWorkspace(size: number): Promise<{
  root: string;
  source: string;
  contents: Buffer;
  inbox: string;
  listInbox(): Promise<string[]>;
  remove(): Promise<void>;
}> {
  const root = await mkdtemp(join(tmpdir(), 'socketbook-transfer-'));
  const inbox = await mkdtemp(join(root, 'inbox-'));
  const source = join(root, 'source.bin');
  const contents = randomBytes(size);
  await writeFile(source, contents);
  return {
    root,
    source,
    contents,
    inbox,
    listInbox: () => readdir(inbox),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
