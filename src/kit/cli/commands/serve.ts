import { relative } from 'node:path';
import { buildCourse } from '../../build/build-course.js';
import { buildSlides } from '../../slides/build-slides.js';
import { startSiteServer } from '../../site/site-server.js';
import { untilStopped } from '../../site/until-stopped.js';
import { watchLessons } from '../../site/watch-lessons.js';
import { type Command, type Io, UsageError } from '../command.js';
import { describeError } from '../main.js';

/** The help line of `--solutions`, shared by `serve` and `start`. */
export const SOLUTIONS_HELP = 'also show each lesson\'s executed solutions, for a self-paced course with no grades (hidden tests never appear)';

/** The port to serve on: `--port`, else the PORT environment variable, else 4300. */
export function sitePort(value: unknown, env: NodeJS.ProcessEnv = process.env): number {
  const text = value ?? env['PORT'] ?? '4300';
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`The port must be a whole number from 0 to 65535, not '${String(text)}'`);
  return port;
}

/**
 * Serves the course at the address it prints until Ctrl-C, reloading open pages after `rebuild` when a
 * lesson changes (with `watch`). Returns the exit code.
 */
export async function serveCourse(
  io: Io,
  options: { port: number; watch: boolean; showSolutions: boolean; rebuild?: (file: string) => Promise<void> },
): Promise<number> {
  const site = await startSiteServer({ root: io.cwd, port: options.port, liveReload: options.watch, showSolutions: options.showSolutions });
  const stopWatching = options.watch
    ? watchLessons(io.cwd, async (file) => {
      await options.rebuild?.(file);
      site.reload();
    })
    : undefined;
  const extras = `${options.showSolutions ? ', with the solutions' : ''}${options.watch ? ', rebuilding lessons when they change' : ''}`;
  io.stdout(`Serving the course at ${site.url} (Ctrl-C to stop)${extras}\n`);
  try {
    await untilStopped();
  } finally {
    stopWatching?.();
    await site.close();
  }
  return 0;
}

/** Rebuilds one changed lesson: its notebooks (executed when changed) and its deck. Errors are printed, not thrown. */
async function rebuildLesson(io: Io, file: string): Promise<void> {
  const name = relative(io.cwd, file);
  try {
    const report = await buildCourse({ root: io.cwd, lessons: [file] });
    for (const result of report.results) io.stderr(`${result.status.padEnd(8)} ${result.lesson}${result.error ? `\n${result.error}` : ''}\n`);
  } catch (error) {
    io.stderr(`${describeError(error)}\n`);
  }
  try {
    await buildSlides({ root: io.cwd, lessons: [file] });
    io.stderr(`slides   ${name}\n`);
  } catch (error) {
    io.stderr(`${describeError(error)}\n`);
  }
}

export const command: Command = {
  name: 'serve',
  summary: 'Serve the course site (lessons to read, decks, student notebooks) on 127.0.0.1 until Ctrl-C.',
  usage: '[--watch] [--solutions] [--port N]',
  options: {
    watch: { type: 'boolean', short: 'w' },
    solutions: { type: 'boolean' },
    port: { type: 'string', short: 'p' },
  },
  help: {
    watch: 'rebuild a lesson (notebooks, deck) and reload the page when its Markdown changes',
    solutions: SOLUTIONS_HELP,
    port: 'port on 127.0.0.1; 0 picks a free one (default: PORT, else 4300)',
  },
  run: async ({ values }, io) => {
    const port = sitePort(values['port']);
    try {
      await buildSlides({ root: io.cwd });
    } catch (error) {
      io.stderr(`${describeError(error)}\n`);
    }
    return serveCourse(io, {
      port,
      watch: Boolean(values['watch']),
      showSolutions: Boolean(values['solutions']),
      rebuild: (file) => rebuildLesson(io, file),
    });
  },
};
