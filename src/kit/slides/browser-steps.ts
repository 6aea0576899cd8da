import { ChromiumNotFoundError, launchChromium, type LaunchChromiumOptions } from './chromium.js';
import type { DeckResult } from './build-slides.js';
import { findDeckOverflow, overflowCheckSkipped, type SlideOverflowError } from './overflow-check.js';
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
      report.skipped = overflowCheckSkipped(error);
      return report;
    }
    throw error;
  }
  try {
    for (const deck of decks) {
      if (check) {
        const overflow = await findDeckOverflow(chromium.context, deck.path, deck.lesson);
        if (overflow !== undefined) report.overflows.push(overflow);
      }
      if (options.pdf) {
        const pdfPath = deck.path.replace(/\.html$/, '.pdf');
        await exportDeckPdf(chromium.context, deck.path, pdfPath, { notes: options.notes ?? false });
        report.pdfs.push(pdfPath);
      }
    }
  } finally {
    await chromium.close();
  }
  return report;
}
