// The ceiling for the `files` benchmark, receiving side: plain Node, `pipeline(socket,
// fs.createWriteStream(out))` with a 1 MiB buffer, and with --sha256 also hashing what arrives (the
// robust protocol's work, without its header, trailer check and rename).
// Usage: node bench/peers/pipe-receive.js PORT OUT [--sha256]
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import * as net from 'node:net';
import { pipeline } from 'node:stream/promises';

const [port, out, mode] = process.argv.slice(2);

async function* hashed(chunks) {
  const hash = createHash('sha256');
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
  hash.digest();
}

const server = net.createServer(async (socket) => {
  server.close();
  const file = createWriteStream(out, { highWaterMark: 1024 * 1024 });
  if (mode === '--sha256') await pipeline(socket, hashed, file);
  else await pipeline(socket, file);
});
server.listen(Number(port), '127.0.0.1');
