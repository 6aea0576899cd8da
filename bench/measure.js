// Shared helpers for the benchmarks: run a command, measure its wall time and the CPU time of it and its
// children (bash's `times` builtin), and print a comparison.
import { spawn } from 'node:child_process';

/**
 * Runs `command` (an argv array) through bash and returns { wallMs, cpuMs, stdout, stderr, code }.
 * CPU is user + system time of every process the command started, as the kernel accounted it.
 */
export function measure(argv, { cwd, env } = {}) {
  // The command's stdout is dropped, its stderr kept; `times` then prints the shell's and its children's
  // user/system CPU time on stdout.
  const script = '"$@" >/dev/null; code=$?; times; exit $code';
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('bash', ['-c', script, 'bash', ...argv], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const children = stdout.trim().split('\n').at(-1) ?? '';
      const cpuSeconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, [, m, s]) => sum + Number(m) * 60 + Number(s), 0);
      resolve({ wallMs, cpuMs: cpuSeconds * 1000, stderr, code });
    });
  });
}

/** Runs `measure` `times` times and keeps the run with the median wall time. */
export async function median(times, run) {
  const results = [];
  for (let i = 0; i < times; i += 1) {
    const result = await run();
    if (result.code !== 0) throw new Error(`benchmark command failed (exit ${result.code}):\n${result.stderr}`);
    results.push(result);
  }
  results.sort((a, b) => a.wallMs - b.wallMs);
  return { ...results[Math.floor(results.length / 2)], spread: [results[0].wallMs, results.at(-1).wallMs] };
}

export function seconds(ms) {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Prints one line per measured command and the ratio of the first to the second. */
export function report(title, ours, peer, target) {
  const ratio = ours.wallMs / peer.wallMs;
  console.log(`\n${title}`);
  for (const [name, r] of [[ours.name, ours], [peer.name, peer]]) {
    console.log(`  ${name.padEnd(44)} wall ${seconds(r.wallMs).padStart(8)} (min ${seconds(r.spread[0])}, max ${seconds(r.spread[1])})  cpu ${seconds(r.cpuMs).padStart(8)}`);
  }
  console.log(`  ratio (wall, ours / peer): ${ratio.toFixed(2)}  target: ${target}  ${eval_(ratio, target)}`);
  return ratio;
}

function eval_(ratio, target) {
  const match = /^<=\s*([\d.]+)/.exec(target);
  if (!match) return '';
  return ratio <= Number(match[1]) ? 'MET' : 'NOT MET';
}

/**
 * Starts a benchmark server process (run from `cwd`) and resolves with it and the port it printed as
 * `listening on 127.0.0.1 PORT`.
 */
export function startServer(argv, cwd) {
  const child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
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
