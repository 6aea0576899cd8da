// Benchmark (issue 4, slides): rendering every deck of the course without executing code, total and per
// deck, against Marp (`@marp-team/marp-cli`, a devDependency of this benchmark only) converting the same
// Markdown to HTML in the same run. Target: the whole course renders faster than Marp renders one deck.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measure, median, report, seconds } from './measure.js';

const root = resolve(import.meta.dirname, '..');
const socketbook = join(root, 'bin', 'socketbook.js');
const marp = join(root, 'node_modules', '.bin', 'marp');
const runs = Number(process.env.BENCH_RUNS ?? 5);

export async function benchSlides() {
  // A copy of the course's lessons, so the benchmark never writes into the working tree's slides/.
  const scratch = await mkdtemp(join(tmpdir(), 'socketbook-bench-slides-'));
  try {
    await cp(join(root, 'notebooks'), join(scratch, 'notebooks'), { recursive: true });
    const lessons = [];
    for (const lang of ['en', 'es']) {
      for (const name of (await readdir(join(scratch, 'notebooks', lang)).catch(() => [])).filter((n) => /^\d\d-.*\.md$/.test(n))) lessons.push(join('notebooks', lang, name));
    }
    if (lessons.length === 0) {
      console.log('\nslides: skipped, the course has no lessons yet');
      return;
    }
    const ours = await median(runs, () => measure(['node', socketbook, 'slides', '--no-check'], { cwd: scratch }));
    const peer = await median(runs, () => measure([marp, lessons[0], '-o', join(scratch, 'marp.html')], { cwd: scratch }));
    report(`Rendering all ${lessons.length} decks of the course (no code executed; process start included), median of ${runs}`,
      { name: `socketbook slides --no-check (${lessons.length} decks)`, ...ours }, { name: `marp ${lessons[0]} (1 deck)`, ...peer }, '<= 1.0');
    console.log(`  per deck, socketbook: ${seconds(ours.wallMs / lessons.length)} wall`);

    // In-process, after warm-up: the cost of one deck once Node and the modules are loaded.
    const { buildSlides } = await import(join(root, 'lib', 'kit', 'slides', 'build-slides.js'));
    await buildSlides({ root: scratch, slidesDir: join(scratch, 'warm') });
    for (const lesson of lessons) {
      const times = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await buildSlides({ root: scratch, lessons: [lesson], slidesDir: join(scratch, 'warm') });
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(`  in-process, warm: ${lesson.padEnd(32)} ${times[Math.floor(times.length / 2)].toFixed(1)} ms (median of ${runs})`);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
