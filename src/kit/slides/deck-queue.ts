import { join } from 'node:path';
import { buildSlides, type DeckResult } from './build-slides.js';
import { type Chromium, ChromiumNotFoundError, launchChromium, type LaunchChromiumOptions } from './chromium.js';
import { copyDeckAssets } from './deck-assets.js';
import { DeckCheckCache } from './deck-check-cache.js';
import { findDeckOverflow, overflowCheckSkipped, type SlideOverflowError } from './overflow-check.js';

/** Options of {@link createDeckQueue}. */
export interface DeckQueueOptions {
  /** The project folder (with `notebooks/`, `slides/`). */
  root: string;
  /** Decks rendered and measured at once, each in its own page of one Chromium. @default 1 */
  jobs?: number;
  /** @default {} (CHROME_PATH or /usr/bin/chromium) */
  launch?: LaunchChromiumOptions;
}

/** What {@link DeckQueue.finish} reports. */
export interface DeckQueueReport {
  /** The decks written, in the order their lessons were added. */
  decks: DeckResult[];
  /** One error per deck with slides that do not fit, in the same order. */
  overflows: SlideOverflowError[];
  /** Why the overflow check did not run (no Chromium), when it did not. */
  skipped?: string;
}

/** Decks rendered and checked one lesson at a time, while other lessons may still be executing. */
export interface DeckQueue {
  /** Renders the lesson's deck and checks that its slides fit, as soon as a slot is free. */
  add: (lesson: string) => void;
  /** Waits for every deck added, closes the browser, and reports; rejects with the first error of a deck. */
  finish: () => Promise<DeckQueueReport>;
}

/**
 * Starts a queue that renders a lesson's deck (with its executed outputs) and measures its slides in
 * headless Chromium as soon as the lesson is built, so `socketbook build --jobs N` does the browser work
 * while kernels run other lessons, instead of after all of them. A deck identical to one that passed the
 * check before (same HTML, assets and images: see {@link DeckCheckCache}) is not measured again, and
 * Chromium starts only for a deck that needs it. Without Chromium the decks are still written and the
 * report says that the check was skipped.
 *
 * @example
 * const decks = createDeckQueue({ root: process.cwd(), jobs: 2 });
 * await buildCourse({ root: process.cwd(), jobs: 2, onProgress: ({ phase, lesson }) => phase === 'end' && decks.add(lesson) });
 * const { overflows } = await decks.finish();
 */
export function createDeckQueue(options: DeckQueueOptions): DeckQueue {
  const { root } = options;
  const slots = Math.max(1, options.jobs ?? 1);
  let assets: Promise<unknown> | undefined;
  let chromium: Promise<Chromium | undefined> | undefined;
  let skipped: string | undefined;
  let running = 0;
  const waiting: Array<() => void> = [];
  const checks = new DeckCheckCache(root);
  const work: Array<Promise<{ deck: DeckResult; overflow?: SlideOverflowError }>> = [];

  function browser(): Promise<Chromium | undefined> {
    chromium ??= launchChromium(options.launch).catch((error: unknown) => {
      if (!(error instanceof ChromiumNotFoundError)) throw error;
      skipped = overflowCheckSkipped(error);
      return undefined;
    });
    return chromium;
  }

  async function slot<T>(task: () => Promise<T>): Promise<T> {
    if (running >= slots) await new Promise<void>((wake) => waiting.push(wake));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  }

  async function renderAndCheck(lesson: string): Promise<{ deck: DeckResult; overflow?: SlideOverflowError }> {
    assets ??= copyDeckAssets(join(root, 'slides', 'assets'));
    await assets;
    const [deck] = await buildSlides({ root, lessons: [lesson], copyAssets: false });
    if (deck === undefined) throw new Error(`Cannot render the deck of ${lesson}: no deck came out`);
    const fingerprint = await checks.fingerprint(deck.path);
    if (await checks.passed(deck.path, fingerprint)) return { deck };
    const browserReady = await browser();
    if (browserReady === undefined) return { deck };
    const overflow = await findDeckOverflow(browserReady.context, deck.path, deck.lesson);
    if (overflow !== undefined) {
      await checks.forget(deck.path);
      return { deck, overflow };
    }
    await checks.remember(deck.path, fingerprint);
    return { deck };
  }

  return {
    add: (lesson) => {
      const job = slot(() => renderAndCheck(lesson));
      // Reported by finish(); a rejection must not count as unhandled before then.
      job.catch(() => undefined);
      work.push(job);
    },
    finish: async () => {
      const settled = await Promise.allSettled(work);
      const opened = chromium === undefined ? undefined : await chromium.catch(() => undefined);
      await opened?.close();
      const failure = settled.find((outcome) => outcome.status === 'rejected');
      if (failure !== undefined) throw (failure as PromiseRejectedResult).reason;
      const done = settled.map((outcome) => (outcome as PromiseFulfilledResult<{ deck: DeckResult; overflow?: SlideOverflowError }>).value);
      return {
        decks: done.map(({ deck }) => deck),
        overflows: done.flatMap(({ overflow }) => (overflow === undefined ? [] : [overflow])),
        ...(skipped === undefined ? {} : { skipped }),
      };
    },
  };
}
