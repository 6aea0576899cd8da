import { startSiteServer } from './site-server.js';
import { untilStopped } from './until-stopped.js';
import { watchLessons } from './watch-lessons.js';

/** Options of {@link serveCourse}. */
export interface ServeCourseOptions {
  /** The course folder. */
  root: string;
  port: number;
  /** Rebuild a lesson when its Markdown changes (with `rebuild`), and reload the open pages. */
  watch: boolean;
  showSolutions: boolean;
  /** Called with the changed lesson file before the pages reload. */
  rebuild?: (file: string) => Promise<void>;
  /** Called once the site listens, with its address. */
  onListening?: (url: string) => void;
}

/**
 * Serves the course site until Ctrl-C (SIGINT or SIGTERM), then closes it and stops watching.
 *
 * @example
 * await serveCourse({ root: '.', port: 4300, watch: false, showSolutions: false, onListening: (url) => console.log(url) });
 */
export async function serveCourse(options: ServeCourseOptions): Promise<void> {
  const site = await startSiteServer({ root: options.root, port: options.port, liveReload: options.watch, showSolutions: options.showSolutions });
  const stopWatching = options.watch
    ? watchLessons(options.root, async (file) => {
      await options.rebuild?.(file);
      site.reload();
    })
    : undefined;
  // Listen for Ctrl-C before saying where the site is: stdout to a pipe is written at once on Linux, so
  // whoever reads the address (a script, a test) may stop us right after it, before the next statement.
  const stopped = untilStopped();
  options.onListening?.(site.url);
  try {
    await stopped;
  } finally {
    stopWatching?.();
    await site.close();
  }
}
