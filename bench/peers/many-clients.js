// The client side of the `many` benchmark: CLIENTS connections to an echo server, each sending
// MESSAGES length-prefixed messages one after another (the next once the echo of the last arrived),
// checking every echo byte for byte. Prints one JSON line: counts, start/end times, latencies.
// Usage: node bench/peers/many-clients.js PORT CLIENTS MESSAGES
import * as net from 'node:net';
import { encodeLengthPrefixed, LengthPrefixDecoder } from '../../lib/net/index.js';

const [port, clientCount, messageCount] = process.argv.slice(2).map(Number);

function open() {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

const sockets = [];
for (let i = 0; i < clientCount; i += 1) sockets.push(await open());

const latencies = new Float64Array(clientCount * messageCount);
let recorded = 0;
let corrupted = 0;
const started = Date.now();

function talk(socket, client) {
  return new Promise((resolve, reject) => {
    const decoder = new LengthPrefixDecoder();
    let sent = 0;
    let expected;
    let sentAt = 0;
    const sendNext = () => {
      expected = Buffer.from(`client ${process.pid}/${client} message ${sent} ${'x'.repeat(32)}`);
      sentAt = performance.now();
      sent += 1;
      socket.write(encodeLengthPrefixed(expected));
    };
    socket.on('data', (chunk) => {
      for (const message of decoder.push(chunk)) {
        latencies[recorded++] = performance.now() - sentAt;
        if (!Buffer.from(message).equals(expected)) corrupted += 1;
        if (sent < messageCount) sendNext();
        else {
          socket.end();
          resolve();
        }
      }
    });
    socket.once('error', reject);
    socket.once('close', () => (sent < messageCount || recorded === 0) && reject(new Error(`client ${client} closed early`)));
    sendNext();
  });
}

await Promise.all(sockets.map(talk));
const ended = Date.now();
const sorted = latencies.subarray(0, recorded).sort();
console.log(JSON.stringify({
  messages: recorded,
  corrupted,
  started,
  ended,
  p50: sorted[Math.floor(recorded * 0.5)],
  p99: sorted[Math.floor(recorded * 0.99)],
  latencies: Array.from(sorted, (ms) => Math.round(ms * 1000) / 1000),
}));
