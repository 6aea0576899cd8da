// Benchmark (issue 11, "the same notebook, graded twice, must get the same score"): grades one set of
// submissions twice with the real `socketbook grade` and compares every total. Lessons 10 (es), 07 (en,
// 1,000 connections) and 11 (es); for each, three copies of the solutions and the committed student
// notebook. Pass one: --jobs 1 on a quiet machine. Pass two: --jobs 4 with two CPU-bound processes running
// beside it. Every total must match and every solution must earn full marks in both passes; a row marked
// timed_out is shown, and counts as a failure only if its total differs. Exits non-zero on a failure.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { seconds } from './measure.js';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'bin', 'socketbook.js');
const LESSONS = ['notebooks/es/10-ipv6-dual-stack.md', 'notebooks/en/07-many-clients.md', 'notebooks/es/11-reliable-udp.md'];
const COPIES = Number(process.env.BENCH_REGRADE_COPIES ?? 3);
const PASSES = [
  { name: 'quiet', jobs: 1, burners: 0 },
  { name: 'loaded', jobs: 4, burners: 2 },
];

/** Runs the CLI and resolves with its exit code, output and wall time; never rejects on a non-zero exit. */
function socketbook(args) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr, wallMs: performance.now() - started }));
  });
}

/** Two processes that spin on a core each until killed: a CI runner busy with other jobs. */
function startBurners(count) {
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

async function stopBurners(burners) {
  await Promise.all(burners.map((child) => new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', done);
    child.kill('SIGKILL');
  })));
}

/** grades.csv as rows by student: total, max and the timed_out mark. */
async function readGrades(path) {
  const [header, ...lines] = (await readFile(path, 'utf8')).trim().split('\n').map((line) => line.split(','));
  const column = (name) => header.indexOf(name);
  return new Map(lines.map((cells) => [cells[0], {
    total: Number(cells[column('total')]), max: Number(cells[column('max')]), timedOut: cells[column('timed_out')] === 'yes',
  }]));
}

export async function benchRegrade() {
  const missing = LESSONS.filter((lesson) => !existsSync(join(root, lesson)));
  if (missing.length > 0) {
    console.log(`\nregrade: skipped, ${missing.join(', ')} missing`);
    return;
  }
  await mkdir(join(root, '.socketbook'), { recursive: true });
  const scratch = await mkdtemp(join(root, '.socketbook', 'bench-regrade-'));
  const burners = [];
  const stop = () => burners.forEach((child) => child.kill('SIGKILL'));
  process.once('exit', stop);
  try {
    const submissions = new Map();
    for (const lesson of LESSONS) {
      const name = basename(lesson, '.md');
      const folder = join(scratch, 'submissions', name);
      await mkdir(folder, { recursive: true });
      const exported = await socketbook(['export', lesson, '--solutions', '-o', join(folder, 'solutions-1.ipynb')]);
      if (exported.code !== 0) throw new Error(`socketbook export ${lesson} --solutions failed: ${exported.stderr}`);
      for (let copy = 2; copy <= COPIES; copy += 1) await copyFile(join(folder, 'solutions-1.ipynb'), join(folder, `solutions-${copy}.ipynb`));
      await copyFile(join(root, lesson.replace(/\.md$/, '.ipynb')), join(folder, 'student.ipynb'));
      submissions.set(lesson, Array.from({ length: COPIES }, (_, index) => join(folder, `solutions-${index + 1}.ipynb`)).concat(join(folder, 'student.ipynb')));
    }

    const results = new Map(); // `${pass}|${lesson}` -> { grades, wallMs, code, stdout }
    const passTimes = new Map();
    for (const pass of PASSES) {
      const began = performance.now();
      burners.push(...startBurners(pass.burners));
      try {
        for (const lesson of LESSONS) {
          const out = join(scratch, `out-${pass.name}`, basename(lesson, '.md'));
          const run = await socketbook(['grade', '--lesson', lesson, ...submissions.get(lesson), '--out', out, '--jobs', String(pass.jobs)]);
          const grades = existsSync(join(out, 'grades.csv')) ? await readGrades(join(out, 'grades.csv')) : new Map();
          results.set(`${pass.name}|${lesson}`, { ...run, grades });
          if (run.code !== 0) console.log(`  ${pass.name} ${lesson}: socketbook grade exited ${run.code}\n${(run.stdout + run.stderr).trim().split('\n').slice(-8).map((line) => `    ${line}`).join('\n')}`);
        }
      } finally {
        await stopBurners(burners.splice(0));
      }
      passTimes.set(pass.name, performance.now() - began);
    }

    const problems = [];
    const cell = (row) => (row === undefined ? 'not graded' : `${row.total}/${row.max}${row.timedOut ? ' timed out' : ''}`);
    console.log(`\nRegrading the same submissions twice: --jobs 1 on a quiet machine, then --jobs 4 beside 2 CPU-bound processes (load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
    console.log(`  ${'lesson'.padEnd(24)} ${'submission'.padEnd(12)} ${'quiet --jobs 1'.padEnd(20)} ${'loaded --jobs 4'.padEnd(20)} same`);
    for (const lesson of LESSONS) {
      const quiet = results.get(`quiet|${lesson}`);
      const loaded = results.get(`loaded|${lesson}`);
      for (const file of submissions.get(lesson)) {
        const student = basename(file, '.ipynb');
        const a = quiet.grades.get(student);
        const b = loaded.grades.get(student);
        const same = a !== undefined && b !== undefined && a.total === b.total;
        const label = lesson.replace(/^notebooks\//, '').replace(/\.md$/, '');
        console.log(`  ${label.padEnd(24)} ${student.padEnd(12)} ${cell(a).padEnd(20)} ${cell(b).padEnd(20)} ${same ? 'yes' : 'NO'}`);
        if (!same) problems.push(`${label} ${student}: ${cell(a)} quiet, ${cell(b)} loaded`);
        for (const [pass, row] of [['quiet', a], ['loaded', b]]) {
          if (student.startsWith('solutions') && row !== undefined && row.total !== row.max) problems.push(`${label} ${student}: the solutions scored ${cell(row)} (${pass})`);
        }
      }
      for (const [pass, run] of [['quiet', quiet], ['loaded', loaded]]) {
        const retried = run.stdout.split('\n').find((line) => line.startsWith('Graded again'));
        if (retried) console.log(`    ${pass}: ${retried}`);
        if (run.code !== 0) problems.push(`${lesson}: socketbook grade exited ${run.code} (${pass})`);
      }
    }
    for (const pass of PASSES) {
      const perLesson = LESSONS.map((lesson) => `${lesson.split('/')[1]}/${basename(lesson).slice(0, 2)} ${seconds(results.get(`${pass.name}|${lesson}`).wallMs)}`).join(', ');
      console.log(`  ${pass.name} pass: ${seconds(passTimes.get(pass.name))} (${perLesson})`);
    }
    if (problems.length === 0) {
      console.log(`  PASS: every total identical in both passes, every solution full marks (${LESSONS.length} lessons x ${COPIES + 1} submissions)`);
    } else {
      console.log(`  FAIL: ${problems.length} problem(s)\n${problems.map((problem) => `    ${problem}`).join('\n')}`);
      process.exitCode = 1;
    }
  } finally {
    stop();
    process.removeListener('exit', stop);
    await rm(scratch, { recursive: true, force: true });
  }
}
