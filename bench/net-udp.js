// Benchmark `udp`: echoed datagrams per second of the library's UDP echo (the udp-server example's
// loop) against the lecture's Python UDP echo server, with the same client (64-byte datagrams, a window
// of 32 in flight, 3 s), server and client in separate processes.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startServer } from './measure.js';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const WINDOW = 32;
const SECONDS = 3;

function flood(port) {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [join(root, 'bench', 'peers', 'udp-flood.js'), String(port), String(WINDOW), String(SECONDS)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.once('exit', (code) => (code === 0 ? done(JSON.parse(text)) : reject(new Error(`udp-flood exited with ${code}`))));
  });
}

async function medianOf(serverArgv) {
  const results = [];
  for (let i = 0; i < runs; i += 1) {
    const { child, port } = await startServer(serverArgv, root);
    try {
      results.push(await flood(port));
    } finally {
      child.removeAllListeners('exit');
      await new Promise((done) => {
        child.once('exit', done);
        child.kill('SIGKILL');
      });
    }
  }
  results.sort((a, b) => a.perSecond - b.perSecond);
  return { ...results[Math.floor(results.length / 2)], spread: [results[0].perSecond, results.at(-1).perSecond] };
}

export async function benchUdp() {
  const ours = await medianOf([process.execPath, join(root, 'bench', 'peers', 'udp-echo-server.js')]);
  const peer = await medianOf(['python3', join(root, 'test', 'fixtures', 'python', 'udp_echo_server.py'), '127.0.0.1', '0']);
  const rate = (n) => `${Math.round(n).toLocaleString('en-US')}/s`;
  console.log(`\nudp: echoed 64-byte datagrams per second, ${WINDOW} in flight for ${SECONDS} s, same client, median of ${runs}`);
  for (const [name, r] of [['socketbook bindUdp echo (udp-server loop)', ours], ['Python udp echo server (lecture 15)', peer]]) {
    console.log(`  ${name.padEnd(44)} ${rate(r.perSecond).padStart(10)} (min ${rate(r.spread[0])}, max ${rate(r.spread[1])})  lost ${r.lost} of ${r.sent}`);
  }
  console.log(`  ratio (ours / peer): ${(ours.perSecond / peer.perSecond).toFixed(2)}x`);
}
