// The Node client of the `many` benchmark, used when no C compiler builds many_clients.c (the same
// protocol, slower: it may limit both servers). CLIENTS connections to an echo server, each sending
// MESSAGES length-prefixed messages with at most WINDOW in flight (1: the next once the echo of the
// last arrived), checking every echo byte for byte. Prints "ready" once connected, "finished" once every
// echo arrived (before closing), then one JSON line: counts, start/end times, its own CPU time, sorted
// latencies (see many_clients.c).
// Usage: node bench/peers/many-clients.js PORT CLIENTS MESSAGES [WINDOW]
import * as net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeLengthPrefixed, LengthPrefixDecoder } from '../../lib/net/length-prefix.js';

const [port, clientCount, messageCount, window = 1] = process.argv.slice(2).map(Number);

function open() {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: '127.0.0.1', port, noDelay: true }, () => resolve(socket));
    socket.once('error', reject);
  });
}

const sockets = [];
for (let i = 0; i < clientCount; i += 1) sockets.push(await open());
await sleep(500);
console.log('ready');
await sleep(100);

const latencies = new Float64Array(clientCount * messageCount);
let recorded = 0;
let corrupted = 0;
const cpuBefore = process.cpuUsage();
const started = Date.now();

/** The payload of message `n` of client `client`: the same text the C client sends. */
function payload(client, n) {
  return Buffer.from(`client ${process.pid}/${client} message ${n} ${'x'.repeat(32)}`);
}

function talk(socket, client) {
  return new Promise((resolve, reject) => {
    const decoder = new LengthPrefixDecoder();
    const sentAt = new Float64Array(messageCount);
    let sent = 0;
    let echoed = 0;
    const sendMore = () => {
      const frames = [];
      while (sent < messageCount && sent - echoed < window) {
        sentAt[sent] = performance.now();
        frames.push(encodeLengthPrefixed(payload(client, sent)));
        sent += 1;
      }
      if (frames.length > 0) socket.write(Buffer.concat(frames));
    };
    socket.on('data', (chunk) => {
      for (const message of decoder.push(chunk)) {
        latencies[recorded++] = performance.now() - sentAt[echoed];
        if (!message.equals(payload(client, echoed))) corrupted += 1;
        echoed += 1;
      }
      if (echoed === messageCount) {
        resolve();
      } else {
        sendMore();
      }
    });
    socket.once('error', reject);
    socket.once('close', () => echoed < messageCount && reject(new Error(`client ${client} closed early`)));
    sendMore();
  });
}

await Promise.all(sockets.map(talk));
const ended = Date.now();
const cpu = process.cpuUsage(cpuBefore);
console.log('finished');
await sleep(200);
for (const socket of sockets) socket.end();
const sorted = latencies.subarray(0, recorded).sort();
console.log(JSON.stringify({
  messages: recorded,
  corrupted,
  started,
  ended,
  cpuMs: (cpu.user + cpu.system) / 1000,
  latencies: Array.from(sorted, (ms) => Math.round(ms * 1000) / 1000),
}));
