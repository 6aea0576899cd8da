// Benchmark `files`: one 256 MiB file over loopback TCP, sender and receiver in separate processes.
// The library's robust protocol (header, bytes, SHA-256 verified) against `socat -u` and against the
// lecture's Python peers (a `sendfile` server, an 8 KiB `recv` client); the library's raw protocol
// against socat. Peak RSS of each side is read with `/usr/bin/time -f %M`.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { measure, median, report } from './measure.js';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const FILE_BYTES = 256 * 1024 * 1024;
const RSS_LIMIT_KIB = 100 * 1024;
const node = process.execPath;
const peers = join(root, 'bench', 'peers');
const python = join(root, 'test', 'fixtures', 'python');

/** A free port on 127.0.0.1: socat (and so every variant, for fairness) listens on a fixed one. */
async function freePort() {
  const server = net.createServer();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/** 256 MiB of pseudo-random bytes (not compressible, not all zero), written once. */
async function makeFile(path) {
  let left = FILE_BYTES;
  let block = createHash('sha256').update('socketbook').digest();
  async function* blocks() {
    while (left > 0) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, left));
      for (let offset = 0; offset < chunk.length; offset += 32) {
        block = createHash('sha256').update(block).digest();
        block.copy(chunk, offset);
      }
      left -= chunk.length;
      yield chunk;
    }
  }
  await pipeline(blocks, createWriteStream(path));
}

async function sha256(path) {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * A command that runs `receiver` in the background and `sender` in the foreground, each under
 * `/usr/bin/time -f %M` (peak RSS in KiB) writing to RSS_DIR/receiver and RSS_DIR/sender.
 */
function pair(rssDir, receiver, sender) {
  const quote = (argv) => argv.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const script = `/usr/bin/time -f %M -o ${rssDir}/receiver ${quote(receiver)} & r=$!; ` +
    `/usr/bin/time -f %M -o ${rssDir}/sender ${quote(sender)}; s=$?; wait $r; w=$?; exit $((s != 0 ? s : w))`;
  return ['bash', '-c', script];
}

async function peakRss(rssDir) {
  const read = async (side) => Number((await readFile(join(rssDir, side), 'utf8')).trim().split('\n').at(-1));
  return { sender: await read('sender'), receiver: await read('receiver') };
}

function formatRss(name, rss) {
  const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;
  const ok = rss.sender < RSS_LIMIT_KIB && rss.receiver < RSS_LIMIT_KIB;
  return `  peak RSS ${name.padEnd(34)} sender ${mib(rss.sender).padStart(10)}  receiver ${mib(rss.receiver).padStart(10)}  (< 100 MiB each: ${ok ? 'MET' : 'NOT MET'})`;
}

export async function benchFiles() {
  if (!existsSync('/usr/bin/socat') || !existsSync('/usr/bin/time')) {
    console.log('\nfiles: skipped, needs socat and /usr/bin/time (apt-get install socat time)');
    return;
  }
  const scratch = await mkdtemp(join(tmpdir(), 'socketbook-bench-files-'));
  try {
    const source = join(scratch, 'source.bin');
    await makeFile(source);
    const expected = await sha256(source);
    const outDir = join(scratch, 'out');
    await mkdir(outDir);
    const rssDir = join(scratch, 'rss');
    await mkdir(rssDir);

    const variants = {
      robust: (port) => pair(rssDir, [node, join(peers, 'file-receive.js'), String(port), outDir], [node, join(peers, 'file-send.js'), String(port), source]),
      raw: (port) => pair(rssDir, [node, join(peers, 'file-receive.js'), String(port), outDir, '--raw'], [node, join(peers, 'file-send.js'), String(port), source, '--raw']),
      socat: (port) => pair(rssDir,
        ['socat', '-u', `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr`, `OPEN:${join(outDir, 'socat.bin')},creat,trunc`],
        ['socat', '-u', `OPEN:${source}`, `TCP:127.0.0.1:${port},retry=250,interval=0.02`]),
      python: (port) => pair(rssDir,
        ['python3', join(python, 'sendfile_server.py'), source, '127.0.0.1', String(port), '1'],
        ['python3', join(python, 'recv_file_client.py'), '127.0.0.1', String(port), join(outDir, 'python.bin')]),
    };
    const outputs = { robust: 'source.bin', raw: 'raw.bin', socat: 'socat.bin', python: 'python.bin' };
    const results = {};
    for (const [name, command] of Object.entries(variants)) {
      const rss = [];
      results[name] = await median(runs, async () => {
        const result = await measure(command(await freePort()), { cwd: root });
        if (result.code === 0) rss.push(await peakRss(rssDir));
        return result;
      });
      const received = join(outDir, outputs[name]);
      const actual = await sha256(received);
      if (actual !== expected) throw new Error(`files: ${name} delivered a different file (sha256 ${actual}, expected ${expected})`);
      await rm(received);
      results[name].rss = { sender: Math.max(...rss.map((r) => r.sender)), receiver: Math.max(...rss.map((r) => r.receiver)) };
    }

    const size = '256 MiB over loopback TCP';
    report(`files: ${size}, robust protocol (SHA-256 verified) vs socat -u, median of ${runs}`,
      { name: 'socketbook sendFile/receiveFile', ...results.robust }, { name: 'socat -u', ...results.socat }, '<= 1.25');
    report(`files: ${size}, robust protocol vs Python sendfile server + 8 KiB recv client, median of ${runs}`,
      { name: 'socketbook sendFile/receiveFile', ...results.robust }, { name: 'Python sendfile / recv(8192)', ...results.python }, '<= 0.8');
    report(`files: ${size}, raw protocol (the lecture's) vs socat -u, median of ${runs}`,
      { name: 'socketbook sendFileRaw/receiveFileRaw', ...results.raw }, { name: 'socat -u', ...results.socat }, '<= 1.05');
    console.log(`\nfiles: every received copy had SHA-256 ${expected}`);
    for (const [name, label] of [['robust', 'socketbook robust'], ['raw', 'socketbook raw'], ['socat', 'socat -u'], ['python', 'Python']]) {
      console.log(formatRss(label, results[name].rss));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
