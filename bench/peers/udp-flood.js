// The client of the `udp` benchmark: keeps WINDOW datagrams of 64 bytes in flight to an echo server
// for SECONDS, sending a new one for each echo that returns (and for each one lost after 100 ms).
// Prints one JSON line: echoes received per second, datagrams sent, lost.
// Usage: node bench/peers/udp-flood.js PORT WINDOW SECONDS
import * as dgram from 'node:dgram';

const [port, window, seconds] = process.argv.slice(2).map(Number);
const socket = dgram.createSocket('udp4');
await new Promise((done) => socket.bind(0, '127.0.0.1', done));

const payload = Buffer.alloc(64, 'u');
let sent = 0;
let echoed = 0;
let lost = 0;
let lastEcho = performance.now();
const started = performance.now();
const deadline = started + seconds * 1000;

const send = () => {
  sent += 1;
  socket.send(payload, port, '127.0.0.1');
};
await new Promise((done) => {
  socket.on('message', () => {
    echoed += 1;
    lastEcho = performance.now();
    if (lastEcho < deadline) send();
    else if (echoed + lost >= sent) done();
  });
  // A window emptied by losses would stall: refill what has not come back for 100 ms.
  const watchdog = setInterval(() => {
    const now = performance.now();
    if (now >= deadline && (echoed + lost >= sent || now - lastEcho > 100)) {
      clearInterval(watchdog);
      done();
    } else if (now - lastEcho > 100) {
      const missing = sent - echoed - lost;
      lost += missing;
      for (let i = 0; i < Math.min(missing, window); i += 1) send();
      lastEcho = now;
    }
  }, 50);
  for (let i = 0; i < window; i += 1) send();
});
const elapsed = (lastEcho - started) / 1000;
socket.close();
console.log(JSON.stringify({ perSecond: echoed / elapsed, sent, echoed, lost }));
