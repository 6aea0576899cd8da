import { runPool } from '../build/run-pool.js';
import { ChromiumNotFoundError, launchChromium, type LaunchChromiumOptions } from './chromium.js';
import type { DeckResult } from './build-slides.js';
import { checkDeckOverflow, SlideOverflowError } from './overflow-check.js';
import { exportDeckPdf } from './pdf-export.js';

/** Options of {@link runBrowserSteps}. */
export interface BrowserStepsOptions {
  /** Measure every slide at 1280x720. @default true */
  check?: boolean;
  /** Print each deck to `NN-slug.pdf` beside it. @default false */
  pdf?: boolean;
  /** With `pdf`: print the speaker notes too. @default false */
  notes?: boolean;
  /**
   * When Chromium is missing: `skip` the overflow check and say so in `skipped`, or `fail`.
   * A PDF always needs Chromium. @default 'skip'
   */
  missingChromium?: 'skip' | 'fail';
  /** @default {} (CHROME_PATH or /usr/bin/chromium) */
  launch?: LaunchChromiumOptions;
  /** Decks measured or printed at once, each in its own page of the one Chromium. @default 1 */
  jobs?: number;
}

/** What {@link runBrowserSteps} found and wrote. */
export interface BrowserStepsReport {
  /** One error per deck with slides that do not fit. */
  overflows: SlideOverflowError[];
  /** The PDF files written (absolute paths). */
  pdfs: string[];
  /** Why the overflow check did not run, when it did not. */
  skipped?: string;
}

/**
 * The steps of `socketbook slides` and `socketbook build` that need a browser: the overflow check of every
 * deck and, when asked, its PDF. Starts one headless Chromium for all decks and always stops it.
 *
 * @example
 * const report = await runBrowserSteps(decks, { pdf: true });
 * for (const error of report.overflows) console.error(error.message);
 */
export async function runBrowserSteps(decks: readonly DeckResult[], options: BrowserStepsOptions = {}): Promise<BrowserStepsReport> {
  const check = options.check ?? true;
  const report: BrowserStepsReport = { overflows: [], pdfs: [] };
  if ((!check && !options.pdf) || decks.length === 0) return report;
  let chromium;
  try {
    chromium = await launchChromium(options.launch);
  } catch (error) {
    if (error instanceof ChromiumNotFoundError && !options.pdf && options.missingChromium !== 'fail') {
      report.skipped = `Skipped the overflow check: ${error.message}`;
      return report;
    }
    throw error;
  }
  const { context } = chromium;
  try {
    // In the decks' order whatever finishes first, so the report reads the same at any --jobs.
    const perDeck = await runPool(decks, options.jobs ?? 1, async (deck) => {
      let overflow: SlideOverflowError | undefined;
      if (check) {
        try {
          await checkDeckOverflow(context, deck.path, deck.lesson);
        } catch (error) {
          if (!(error instanceof SlideOverflowError)) throw error;
          overflow = error;
        }
      }
      let pdf: string | undefined;
      if (options.pdf) {
        pdf = deck.path.replace(/\.html$/, '.pdf');
        await exportDeckPdf(context, deck.path, pdf, { notes: options.notes ?? false });
      }
      return { overflow, pdf };
    });
    for (const { overflow, pdf } of perDeck) {
      if (overflow !== undefined) report.overflows.push(overflow);
      if (pdf !== undefined) report.pdfs.push(pdf);
    }
  } finally {
    await chromium.close();
  }
  return report;
}
