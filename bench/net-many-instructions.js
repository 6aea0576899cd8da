// Benchmark `many-instructions`: the `many` echo counted in instructions instead of seconds. Each server
// runs under valgrind's callgrind, which counts the instructions the server process executes in user
// space (the kernel's share, the same system calls for every server, is not counted). The count is the
// same from run to run whatever else the machine does, where the `many` throughput moves by a third
// between rounds on this shared machine: so a change of a few percent in the library's cost per message
// shows here, and not there.
//
// Per server: start it under callgrind with counting off, warm it up with 5 rounds of the C client
// (1,000 clients x 20 messages, lock-step), switch counting on for 3 more rounds, and divide. The peers
// are the bare Node echo server (the ceiling) and the Python selectors server, as in `many`.
// Needs valgrind (Debian: apt-get install valgrind) and cc; says so and skips without them.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from './measure.js';
import { buildClient, echoServers, stopServer } from './net-many.js';

const root = resolve(import.meta.dirname, '..');
const CLIENTS = 1000;
const MESSAGES = 20;
const WARM_ROUNDS = 5;
const COUNTED_ROUNDS = 3;
const WINDOWS = (process.env.BENCH_WINDOWS ?? '1').split(',').map(Number);

function hasValgrind() {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function realPython() {
  return execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
}

function runClients(client, port, window) {
  execFileSync(client, [String(port), String(CLIENTS), String(MESSAGES), String(window)], { stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Instructions the server executes per echoed message, counted over COUNTED_ROUNDS warm rounds. */
async function instructionsPerMessage(serverArgv, client, window, scratch, name) {
  const out = join(scratch, `${name}-${window}.callgrind`);
  const argv = ['valgrind', '-q', '--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${out}`, ...serverArgv];
  const { child, port } = await startServer(argv, root);
  try {
    for (let round = 0; round < WARM_ROUNDS; round += 1) runClients(client, port, window);
    execFileSync('callgrind_control', ['-i', 'on', String(child.pid)], { stdio: 'pipe' });
    for (let round = 0; round < COUNTED_ROUNDS; round += 1) runClients(client, port, window);
    execFileSync('callgrind_control', ['-d', String(child.pid)], { stdio: 'pipe' });
    // The dump requested above is the file's first numbered part; its `summary:` line totals the events.
    const dump = await readFile(`${out}.1`, 'utf8');
    const summary = /^(?:summary|totals): (\d+)/m.exec(dump);
    if (!summary) throw new Error(`many-instructions: no summary line in ${out}.1`);
    return Number(summary[1]) / (CLIENTS * MESSAGES * COUNTED_ROUNDS);
  } finally {
    await stopServer(child);
  }
}

export async function benchManyInstructions() {
  if (!hasValgrind()) {
    console.log('\nmany-instructions: skipped, valgrind not found (Debian: apt-get install valgrind)');
    return;
  }
  const scratch = await mkdtemp(join(tmpdir(), 'socketbook-bench-instructions-'));
  try {
    const client = buildClient(scratch);
    if (!client || !existsSync(client)) {
      console.log('\nmany-instructions: skipped, no C compiler (cc) for the load generator');
      return;
    }
    // The interpreter itself: valgrind does not follow a launcher script (pyenv's shim) into the exec.
    const servers = echoServers(realPython());
    console.log(`\nmany-instructions: user-space instructions per echoed message under callgrind, ${CLIENTS} clients x ${MESSAGES} ` +
      `length-prefixed messages per round, ${WARM_ROUNDS} rounds of warm-up, then ${COUNTED_ROUNDS} counted (runs of the same code agreed within 3 %)`);
    for (const window of WINDOWS) {
      const counts = {};
      for (const [name, argv] of Object.entries(servers)) counts[name] = await instructionsPerMessage(argv, client, window, scratch, name);
      const format = (count) => `${Math.round(count).toLocaleString('en-US')}`;
      console.log(`  ${window === 1 ? 'lock-step (window 1)' : `pipelined (window ${window})`}: socketbook ${format(counts.ours)}, ` +
        `bare Node ${format(counts.bare)}, Python ${format(counts.python)} instructions per message`);
      console.log(`  bare Node / library: ${(counts.bare / counts.ours).toFixed(2)}x;  Python / library: ${(counts.python / counts.ours).toFixed(2)}x ` +
        '(the share of the CPU time a message costs the server in user space; the kernel\'s share is the same for all three)');
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
