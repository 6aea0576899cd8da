// The library's UDP echo (bindUdp, receive, send back) in its own process for the `udp` benchmark:
// the loop of the udp-server example without its printing. Prints "listening on 127.0.0.1 PORT".
// Usage: node bench/peers/udp-echo-server.js [PORT]
import { bindUdp, SocketClosedError } from '../../lib/net/index.js';

const udp = await bindUdp({ host: '127.0.0.1', port: Number(process.argv[2] ?? 0), maxQueuedDatagrams: 4096 });
console.log(`listening on 127.0.0.1 ${udp.port}`);
process.once('SIGTERM', () => void udp.close());
for (;;) {
  let datagram;
  try {
    datagram = await udp.receive();
  } catch (error) {
    if (error instanceof SocketClosedError) break;
    throw error;
  }
  await udp.send(datagram.data.subarray(0, 4096), datagram.port, datagram.address);
}
