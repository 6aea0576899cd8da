// The ceiling for the `many` benchmark: the least a Node echo server can do, with no library, no
// framing, no limits: every chunk written straight back (`socket.on('data', (c) => socket.write(c))`),
// TCP_NODELAY on as in the library. It answers the benchmark's clients correctly because an echo of the
// bytes is an echo of the messages. Prints "listening on 127.0.0.1 PORT"; stops on SIGTERM.
// Usage: node bench/peers/bare-echo-server.js [PORT]
import * as net from 'node:net';

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => {});
  socket.on('data', (chunk) => socket.write(chunk));
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => console.log(`listening on 127.0.0.1 ${server.address().port}`));
process.once('SIGTERM', () => process.exit(0));
