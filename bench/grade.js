// Benchmark (issue 5): grading many submissions of the TCP lesson with `socketbook grade --jobs 2`
// against executing them one by one with `jupyter nbconvert --execute` (what nbgrader does underneath),
// on the same tslab kernel, in the same run. Prints submissions per minute, peak memory and the ratio.
// BENCH_GRADE_SUBMISSIONS (default 100) are graded by socketbook; nbconvert, much slower, executes
// BENCH_GRADE_PEER of them (default 20) and its rate is compared per submission.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { measure, seconds } from './measure.js';

const root = resolve(import.meta.dirname, '..');
const lesson = 'notebooks/en/04-tcp-echo.md';
const count = Number(process.env.BENCH_GRADE_SUBMISSIONS ?? 100);
const peerCount = Math.min(count, Number(process.env.BENCH_GRADE_PEER ?? 20));

/** Runs argv and samples the resident memory of its whole process tree every 200 ms. */
function runWithPeakMemory(argv, { cwd, env } = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let peakKb = 0;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setInterval(() => {
      const ps = spawn('ps', ['-eo', 'pid=,ppid=,rss=']);
      let text = '';
      ps.stdout.on('data', (chunk) => (text += chunk));
      ps.on('close', () => {
        const rows = text.trim().split('\n').map((line) => line.trim().split(/\s+/).map(Number));
        const tree = new Set([child.pid]);
        for (let grew = true; grew;) {
          grew = false;
          for (const [pid, ppid] of rows) if (tree.has(ppid) && !tree.has(pid)) (tree.add(pid), (grew = true));
        }
        peakKb = Math.max(peakKb, rows.filter(([pid]) => tree.has(pid)).reduce((sum, [, , rss]) => sum + rss, 0));
      });
    }, 200);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolvePromise({ code, stderr, wallMs: performance.now() - started, peakMb: peakKb / 1024 });
    });
  });
}

export async function benchGrade() {
  if (!existsSync(join(root, lesson))) {
    console.log(`\ngrade: skipped, ${lesson} does not exist yet`);
    return;
  }
  await mkdir(join(root, '.socketbook'), { recursive: true });
  const scratch = await mkdtemp(join(root, '.socketbook', 'bench-grade-'));
  const kernels = await mkdtemp(join(tmpdir(), 'socketbook-bench-kernels-'));
  try {
    const { exportLessonNotebook } = await import(join(root, 'lib', 'kit', 'notebook', 'export-notebook.js'));
    const solutions = (await exportLessonNotebook(lesson, { variant: 'solutions', outputPath: join(scratch, 'x.ipynb'), cwd: root })).notebook;
    const student = (await exportLessonNotebook(lesson, { variant: 'student', outputPath: join(scratch, 'x.ipynb'), cwd: root })).notebook;
    // Every other submission answers everything; the rest hand in the student notebook untouched.
    // Submissions sit two levels below the root (.socketbook/bench-grade-*/), so a notebook's ../../lib
    // import resolves as it does from notebooks/<lang>/ when nbconvert runs it from its own folder.
    const submissions = [];
    for (let i = 0; i < count; i += 1) {
      const notebook = structuredClone(i % 2 === 0 ? student : solutions);
      for (const cell of notebook.cells) {
        if (cell.metadata.nbgrader?.grade) cell.source = student.cells.find((entry) => entry.id === cell.id).source;
      }
      const path = join(scratch, `student-${String(i).padStart(3, '0')}.ipynb`);
      await writeFile(path, JSON.stringify(notebook));
      submissions.push(path);
    }
    const script = [
      `import { gradeRun } from ${JSON.stringify(join(root, 'lib', 'kit', 'grade', 'grade-run.js'))};`,
      `const summary = await gradeRun({ lessonPath: ${JSON.stringify(lesson)}, cwd: ${JSON.stringify(root)}, outDir: ${JSON.stringify(join(scratch, 'out'))},`,
      `  submissions: JSON.parse(process.argv[1]), jobs: 2, force: true });`,
      'if (summary.failed.length) { console.error(JSON.stringify(summary.failed)); process.exitCode = 1; }',
    ].join('\n');
    const ours = await runWithPeakMemory(['node', '--input-type=module', '-e', script, JSON.stringify(submissions)], { cwd: root });
    if (ours.code !== 0) throw new Error(`socketbook grade failed: ${ours.stderr}`);

    const tslab = join(root, 'node_modules', '.bin', 'tslab');
    const install = await measure([tslab, 'install', '--python=/usr/bin/python3', `--prefix=${kernels}`, `--binary=${tslab}`]);
    if (install.code !== 0) throw new Error(`tslab install failed: ${install.stderr}`);
    let peer;
    if (existsSync('/usr/bin/jupyter-nbconvert')) {
      const nbconvert = [
        'for f in "$@"; do /usr/bin/jupyter-nbconvert --to notebook --execute --allow-errors --ExecutePreprocessor.kernel_name=tslab',
        `--ExecutePreprocessor.timeout=60 --output-dir ${JSON.stringify(join(scratch, 'peer'))} "$f" >/dev/null 2>&1; done`,
      ].join(' ');
      peer = await runWithPeakMemory(['bash', '-c', nbconvert, 'bash', ...submissions.slice(0, peerCount)], { cwd: scratch, env: { JUPYTER_PATH: join(kernels, 'share', 'jupyter') } });
      // The peer counts only if it really ran the lesson: every notebook executed, its imports cell without error.
      for (const submission of submissions.slice(0, peerCount)) {
        const executed = JSON.parse(await readFile(join(scratch, 'peer', basename(submission)), 'utf8'));
        const imports = executed.cells.find((cell) => cell.id === 'imports');
        if (imports?.outputs.some((output) => output.output_type === 'error') !== false) {
          throw new Error(`nbconvert did not run ${basename(submission)} properly: ${JSON.stringify(imports?.outputs ?? 'no imports cell').slice(0, 300)}`);
        }
      }
    }
    const perMinute = (n, ms) => (n / (ms / 60_000)).toFixed(1);
    console.log(`\nGrading ${lesson}: ${count} submissions with socketbook grade --jobs 2 (sandboxed), against nbconvert --execute one by one on ${peerCount}`);
    console.log(`  socketbook grade --jobs 2      ${String(count).padStart(4)} in ${seconds(ours.wallMs).padStart(9)}  ${perMinute(count, ours.wallMs).padStart(6)} submissions/min  peak ${ours.peakMb.toFixed(0)} MB`);
    if (peer === undefined) {
      console.log('  jupyter nbconvert --execute: skipped, Debian jupyter-nbconvert is not installed');
      return;
    }
    console.log(`  jupyter nbconvert --execute    ${String(peerCount).padStart(4)} in ${seconds(peer.wallMs).padStart(9)}  ${perMinute(peerCount, peer.wallMs).padStart(6)} submissions/min  peak ${peer.peakMb.toFixed(0)} MB`);
    const ratio = (count / ours.wallMs) / (peerCount / peer.wallMs);
    console.log(`  ratio (submissions per minute, ours / peer): ${ratio.toFixed(2)}x  target: >= 3x  ${ratio >= 3 ? 'MET' : 'NOT MET'}`);
    const csv = await readFile(join(scratch, 'out', 'grades.csv'), 'utf8');
    console.log(`  grades.csv: ${csv.trim().split('\n').length - 1} rows`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await rm(kernels, { recursive: true, force: true });
  }
}
