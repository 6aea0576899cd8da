// Benchmark (issue: foundation): executing a lesson with `socketbook run` against
// `jupyter nbconvert --execute` on the same notebook and the same tslab kernel, side by side;
// then `socketbook build --force` with --jobs 1 and --jobs 2 on the whole course.
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measure, median, report } from './measure.js';

const root = resolve(import.meta.dirname, '..');
const socketbook = join(root, 'bin', 'socketbook.js');
const runs = Number(process.env.BENCH_RUNS ?? 3);

export async function benchNotebookRun() {
  if (!existsSync('/usr/bin/jupyter-nbconvert')) {
    console.log('\nnotebook run: skipped, Debian jupyter-nbconvert is not installed (apt-get install jupyter-nbconvert python3-ipython)');
    return;
  }
  await mkdir(join(root, '.socketbook'), { recursive: true });
  // Two levels below the root, so the notebook's ../../lib import resolves as it does from notebooks/<lang>/.
  const scratch = await mkdtemp(join(root, '.socketbook', 'bench-'));
  const kernels = await mkdtemp(join(tmpdir(), 'socketbook-bench-kernels-'));
  try {
    const tslab = join(root, 'node_modules', '.bin', 'tslab');
    const install = await measure([tslab, 'install', '--python=/usr/bin/python3', `--prefix=${kernels}`, `--binary=${tslab}`]);
    if (install.code !== 0) throw new Error(`tslab install failed: ${install.stderr}`);
    const lesson = join(root, 'notebooks', 'en', '04-tcp-echo.md');
    const notebook = join(scratch, 'lesson.ipynb');
    const exported = await measure(['node', socketbook, 'export', lesson, '--solutions', '-o', notebook], { cwd: root });
    if (exported.code !== 0) throw new Error(`export failed: ${exported.stderr}`);
    const codeCells = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(notebook, 'utf8'))).cells.filter((c) => c.cell_type === 'code').length;

    const ours = await median(runs, () => measure(['node', socketbook, 'run', notebook, '-o', join(scratch, 'ours.ipynb')], { cwd: root }));
    const peer = await median(runs, () => measure(['/usr/bin/jupyter-nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.kernel_name=tslab', '--output', join(scratch, 'peer.ipynb'), notebook], { cwd: root, env: { JUPYTER_PATH: join(kernels, 'share', 'jupyter') } }));
    report(`Executing notebooks/en/04-tcp-echo (solutions, ${codeCells} code cells) on tslab, median of ${runs}`,
      { name: 'socketbook run', ...ours }, { name: 'jupyter nbconvert --execute', ...peer }, '<= 0.5');
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await rm(kernels, { recursive: true, force: true });
  }
}

export async function benchBuildJobs() {
  const one = await median(runs, () => measure(['node', socketbook, 'build', '--force', '--jobs', '1'], { cwd: root }));
  const two = await median(runs, () => measure(['node', socketbook, 'build', '--force', '--jobs', '2'], { cwd: root }));
  const speedup = one.wallMs / two.wallMs;
  report(`socketbook build --force on the whole course, --jobs 2 against --jobs 1, median of ${runs}`,
    { name: 'build --jobs 2', ...two }, { name: 'build --jobs 1', ...one }, '<= 0.55 (close to linear on 2 cores)');
  console.log(`  speed-up with 2 jobs: ${speedup.toFixed(2)}x (2.00x would be linear)`);
}
