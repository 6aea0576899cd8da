// The library's many-client echo server with length-prefixed messages, in its own process for the
// `many` benchmark. Prints "listening on 127.0.0.1 PORT"; stops on SIGTERM. Idle timeouts stay on (the
// default 60 s): the server is measured as a lesson would run it.
// Usage: node bench/peers/many-echo-server.js [PORT]
import { createEchoServer } from '../../lib/net/index.js';

const server = await createEchoServer({
  host: '127.0.0.1',
  port: Number(process.argv[2] ?? 0),
  framing: 'length-prefix',
  maxClients: 10_000,
});
console.log(`listening on 127.0.0.1 ${server.port}`);
process.once('SIGTERM', () => void server.close({ drainMs: 0 }));
