// Benchmark `many`: 1,000 concurrent clients each sending 100 length-prefixed messages (each waits for
// the echo of its last message before sending the next) to the library's many-client echo server, and
// the same clients against the lecture's Python `selectors` echo server. The clients run in separate
// processes; every echo is checked byte for byte. Reports messages/s and p50/p99 round-trip latency.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const CLIENTS = 1000;
const MESSAGES = 100;
const CLIENT_PROCESSES = 2;

/** Starts a server process and resolves with it and the port it printed. */
function startServer(argv) {
  const child = spawn(argv[0], argv.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePort, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const match = /listening on 127\.0\.0\.1 (\d+)/.exec(text);
      if (match) resolvePort({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`${argv.join(' ')} exited (${code}) before listening`)));
  });
}

function stopServer(child) {
  return new Promise((done) => {
    child.removeAllListeners('exit');
    child.once('exit', done);
    child.kill('SIGTERM');
  });
}

function runClients(port, clients) {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [join(root, 'bench', 'peers', 'many-clients.js'), String(port), String(clients), String(MESSAGES)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.once('exit', (code) => (code === 0 ? done(JSON.parse(text)) : reject(new Error(`clients exited with ${code}`))));
  });
}

async function once(serverArgv) {
  const { child, port } = await startServer(serverArgv);
  try {
    const perProcess = CLIENTS / CLIENT_PROCESSES;
    const results = await Promise.all(Array.from({ length: CLIENT_PROCESSES }, () => runClients(port, perProcess)));
    const messages = results.reduce((sum, r) => sum + r.messages, 0);
    const corrupted = results.reduce((sum, r) => sum + r.corrupted, 0);
    if (messages !== CLIENTS * MESSAGES || corrupted !== 0) {
      throw new Error(`many: ${messages} of ${CLIENTS * MESSAGES} echoes, ${corrupted} corrupted`);
    }
    const seconds = (Math.max(...results.map((r) => r.ended)) - Math.min(...results.map((r) => r.started))) / 1000;
    const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
    return {
      perSecond: messages / seconds,
      seconds,
      p50: latencies[Math.floor(latencies.length * 0.5)],
      p99: latencies[Math.floor(latencies.length * 0.99)],
    };
  } finally {
    await stopServer(child);
  }
}

async function medianOf(serverArgv) {
  const results = [];
  for (let i = 0; i < runs; i += 1) results.push(await once(serverArgv));
  results.sort((a, b) => a.perSecond - b.perSecond);
  return { ...results[Math.floor(results.length / 2)], spread: [results[0].perSecond, results.at(-1).perSecond] };
}

function line(name, r) {
  const rate = (n) => `${Math.round(n).toLocaleString('en-US')}/s`;
  return `  ${name.padEnd(44)} ${rate(r.perSecond).padStart(10)} (min ${rate(r.spread[0])}, max ${rate(r.spread[1])})  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms`;
}

export async function benchMany() {
  const ours = await medianOf([process.execPath, join(root, 'bench', 'peers', 'many-echo-server.js')]);
  const peer = await medianOf(['python3', join(root, 'bench', 'peers', 'selectors_echo_server.py')]);
  const ratio = ours.perSecond / peer.perSecond;
  console.log(`\nmany: ${CLIENTS} concurrent clients x ${MESSAGES} length-prefixed messages (every echo verified), ` +
    `clients in ${CLIENT_PROCESSES} processes, median of ${runs}`);
  console.log(line('socketbook createEchoServer (length-prefix)', ours));
  console.log(line('Python selectors echo server', peer));
  console.log(`  throughput ratio (ours / peer): ${ratio.toFixed(2)}x  target: >= 3x  ${ratio >= 3 ? 'MET' : 'NOT MET'}`);
}
