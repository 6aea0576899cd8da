// What `build` and `start` share: their options, the progress bar, the final table and the decks report.
import { relative, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { buildCourse, type BuildReport, type LessonBuildResult } from '../build/build-course.js';
import { KERNEL_NAMES, type KernelName } from '../kernel/kernelspec.js';
import { createDeckQueue, type DeckQueue } from '../slides/deck-queue.js';
import { type Io, UsageError } from './command.js';

/** Reads and checks the shared `--jobs`, `--kernel` and `--timeout` options of build and start. */
export function buildOptions(values: Record<string, unknown>): { jobs: number; kernel: KernelName; cellTimeoutMs: number } {
  const jobs = Number(values['jobs'] ?? 1);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of at least 1, not '${String(values['jobs'])}'`);
  const kernel = String(values['kernel'] ?? 'tslab') as KernelName;
  if (!KERNEL_NAMES.includes(kernel)) throw new UsageError(`--kernel must be one of ${KERNEL_NAMES.join(', ')}, not '${kernel}'`);
  const timeout = Number(values['timeout'] ?? 60);
  if (!(timeout > 0)) throw new UsageError(`--timeout must be a number of seconds greater than 0, not '${String(values['timeout'])}'`);
  return { jobs, kernel, cellTimeoutMs: timeout * 1000 };
}

/**
 * Builds the course with a progress bar on a terminal (a line per lesson elsewhere) and returns the report.
 * Each lesson built goes to `decks` at once, so its deck is rendered while other lessons still run; when
 * the build fails, the queue is emptied and closed here.
 */
export async function buildWithProgress(
  io: Io,
  options: Parameters<typeof buildCourse>[0],
  interactive: boolean,
  decks?: DeckQueue,
): Promise<BuildReport> {
  const bar = interactive
    ? new cliProgress.SingleBar({ format: '{bar} {value}/{total} lessons | {lesson}', hideCursor: true, clearOnComplete: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  let done = 0;
  let total = 0;
  try {
    const report = await buildCourse({
      ...options,
      onProgress: ({ lesson, phase, result }) => {
        if (phase === 'start') {
          total += 1;
          if (bar && total === 1) bar.start(options.lessons?.length || total, 0, { lesson });
          bar?.setTotal(Math.max(bar.getTotal(), total));
          bar?.update(done, { lesson });
        } else {
          done += 1;
          bar?.update(done, { lesson });
          if (result && result.status !== 'failed') decks?.add(resolve(options.root, result.lesson));
          if (!bar && result) io.stderr(`${result.status.padEnd(8)} ${lesson}\n`);
        }
      },
    });
    if (!report.ok) await decks?.finish().catch(() => undefined);
    return report;
  } catch (error) {
    await decks?.finish().catch(() => undefined);
    throw error;
  } finally {
    bar?.stop();
  }
}

/** The final table: lesson, cells, time, status. */
export function formatBuildTable(results: readonly LessonBuildResult[]): string {
  const rows = results.map((r) => [r.lesson, String(r.cells), r.status === 'executed' || r.status === 'failed' ? `${(r.durationMs / 1000).toFixed(1)} s` : '-', r.status]);
  const header = ['lesson', 'cells', 'time', 'status'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 1 || column === 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n') + '\n';
}


/**
 * The slides step of the build: waits for the decks (rendered with their outputs while the build ran),
 * prints them in lesson order, and reports every slide that does not fit; 1 when one does not and
 * `overflowFails`.
 */
export async function reportDecks(io: Io, decks: DeckQueue, results: readonly LessonBuildResult[], options: { overflowFails?: boolean } = {}): Promise<number> {
  const report = await decks.finish();
  const order = new Map(results.map((result, index) => [result.lesson, index]));
  const rank = (lesson: string): number => order.get(lesson) ?? order.size;
  for (const deck of [...report.decks].sort((a, b) => rank(a.lesson) - rank(b.lesson))) {
    io.stdout(`wrote ${relative(io.cwd, deck.path)} (${deck.slideCount} slides)\n`);
  }
  if (report.skipped) io.stderr(`${report.skipped}\n`);
  for (const error of [...report.overflows].sort((a, b) => rank(a.file) - rank(b.file))) io.stderr(`${error.message}\n`);
  return report.overflows.length > 0 && (options.overflowFails ?? true) ? 1 : 0;
}
