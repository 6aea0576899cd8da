// The ceiling for the `files` benchmark, sending side: what plain Node does with no library, the naive
// `pipeline(fs.createReadStream(file), socket)` with 1 MiB reads, and with --sha256 also hashing every
// chunk and sending the 32-byte digest last (the robust protocol's work, without its header and checks).
// Usage: node bench/peers/pipe-send.js PORT FILE [--sha256]
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as net from 'node:net';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';

const [port, file, mode] = process.argv.slice(2);

async function connectWhenListening() {
  for (let attempt = 0; ; attempt += 1) {
    const socket = net.connect({ host: '127.0.0.1', port: Number(port) });
    try {
      await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      return socket;
    } catch (error) {
      if (attempt >= 250 || error.code !== 'ECONNREFUSED') throw error;
      await sleep(20);
    }
  }
}

async function* hashed(chunks) {
  const hash = createHash('sha256');
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
  yield hash.digest();
}

const socket = await connectWhenListening();
const contents = createReadStream(file, { highWaterMark: 1024 * 1024 });
if (mode === '--sha256') await pipeline(contents, hashed, socket);
else await pipeline(contents, socket);
