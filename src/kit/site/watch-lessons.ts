import { type FSWatcher, watch } from 'node:fs';
import { join } from 'node:path';
import { LESSON_FILE_NAME } from '../lesson/lesson-paths.js';
import { LANGS } from '../lang.js';

/** Options of {@link watchLessons}. */
export interface WatchLessonsOptions {
  /** Quiet time after the last change before `onChange` runs (editors write a file in steps). @default 150 */
  debounceMs?: number;
}

/**
 * Watches `notebooks/<lang>/` for changes to lesson files and calls `onChange(absolutePath)` once per
 * burst of changes to a file, one call at a time. Returns a function that stops watching.
 *
 * @example
 * const stop = watchLessons(root, async (file) => rebuild(file));
 * stop();
 */
export function watchLessons(root: string, onChange: (file: string) => Promise<void>, options: WatchLessonsOptions = {}): () => void {
  const timers = new Map<string, NodeJS.Timeout>();
  const watchers: FSWatcher[] = [];
  let queue = Promise.resolve();
  for (const lang of LANGS) {
    const folder = join(root, 'notebooks', lang);
    try {
      watchers.push(watch(folder, (_event, name) => {
        if (!name || !LESSON_FILE_NAME.test(name)) return;
        const file = join(folder, name);
        clearTimeout(timers.get(file));
        timers.set(file, setTimeout(() => {
          timers.delete(file);
          queue = queue.then(() => onChange(file)).catch(() => undefined);
        }, options.debounceMs ?? 150));
      }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return () => {
    for (const watcher of watchers) watcher.close();
    for (const timer of timers.values()) clearTimeout(timer);
  };
}
