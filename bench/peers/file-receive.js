// One side of the `files` benchmark, in its own process: listen on 127.0.0.1:PORT, accept one
// connection, receive one file with the library (robust: into FOLDER, SHA-256 verified; --raw: to
// FOLDER/raw.bin until the sender closes), then exit.
// Usage: node bench/peers/file-receive.js PORT FOLDER [--raw]
import { join } from 'node:path';
// The modules are imported one by one, not through index.js: loading the whole library (CAN, traces, ...)
// costs about 50 ms of start-up that is no part of a file transfer, and socat pays nothing like it.
import { receiveFile } from '../../lib/net/file-transfer.js';
import { receiveFileRaw } from '../../lib/net/file-transfer-raw.js';
import { listen } from '../../lib/net/tcp-listen.js';

const [port, folder, mode] = process.argv.slice(2);
let finished;
const done = new Promise((resolve, reject) => (finished = { resolve, reject }));
const listener = await listen({ host: '127.0.0.1', port: Number(port) }, (socket) => {
  const receiving = mode === '--raw'
    ? receiveFileRaw(socket, join(folder, 'raw.bin'))
    : receiveFile(socket, { folder, maxBytes: 2 ** 31 });
  receiving.then(finished.resolve, finished.reject);
});
try {
  await done;
} finally {
  await listener.close();
}
