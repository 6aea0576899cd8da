// The other side of the `files` benchmark: connect to 127.0.0.1:PORT (retrying while the receiver
// starts) and send FILE with the library (robust: header, bytes, SHA-256; --raw: the bytes, then close).
// Usage: node bench/peers/file-send.js PORT FILE [--raw]
import { setTimeout as sleep } from 'node:timers/promises';
// The modules are imported one by one, not through index.js (see file-receive.js).
import { sendFile } from '../../lib/net/file-transfer.js';
import { sendFileRaw } from '../../lib/net/file-transfer-raw.js';
import { connect } from '../../lib/net/tcp-connect.js';

const [port, file, mode] = process.argv.slice(2);

async function connectWhenListening() {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await connect({ host: '127.0.0.1', port: Number(port) });
    } catch (error) {
      if (attempt >= 250 || error.cause?.code !== 'ECONNREFUSED') throw error;
      await sleep(20);
    }
  }
}

const socket = await connectWhenListening();
if (mode === '--raw') await sendFileRaw(socket, file);
else await sendFile(socket, file);
