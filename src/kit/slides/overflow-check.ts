import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { SlidesError } from './slides-error.js';

/** One slide whose content does not fit. */
export interface SlideOverflow {
  /** 1-based position of the slide in the deck, title slide included. */
  slide: number;
  /** The file line of the slide's first cell (1 for the title slide, 0 for the closing slide). */
  line: number;
  /** The slide's first heading, or its first words. */
  heading: string;
  /** The overflowing element: tag, class, cell id and first words. */
  element: string;
  /** How far past the slide's bottom or right edge it reaches, in CSS pixels of the 1280x720 slide. */
  pixels: number;
  edge: 'bottom' | 'right';
}

/** Options of {@link checkDeckOverflow}. */
export interface OverflowCheckOptions {
  /** Pixels an element may pass the slide's edge before it counts (rounding, descenders). @default 2 */
  tolerance?: number;
  /** How long the deck may take to load. @default 30_000 */
  timeoutMs?: number;
}

/** Some slides of a deck do not fit at 1280x720: `overflows` lists each, the message names them all. */
export class SlideOverflowError extends SlidesError {
  constructor(file: string, readonly overflows: SlideOverflow[]) {
    const first = overflows[0]!;
    const list = overflows.map((o) => `slide ${o.slide} ('${o.heading}', line ${o.line}): ${o.element} ends ${o.pixels} px past the ${o.edge} edge`).join('; ');
    super('ERR_SLIDES_OVERFLOW', file, first.line, `Cannot fit ${overflows.length} slide(s) in 1280x720: ${list}`,
      'Shorten the slide, or move part of it to a new one with <!-- subslide --> or <!-- slide -->');
    this.name = 'SlideOverflowError';
  }
}

// Runs in the deck's page: visits every slide and reports each element that passes the slide's frame.
// Kept as source text because the kit compiles without the DOM's types.
const MEASURE = `async (tolerance) => {
  await document.fonts.ready;
  const transition = Reveal.getConfig().transition;
  Reveal.configure({ transition: 'none' });
  const { width, height } = Reveal.getComputedSlideSize();
  const scale = Reveal.getScale();
  const results = [];
  const slides = Reveal.getSlides();
  for (let index = 0; index < slides.length; index++) {
    const slide = slides[index];
    const at = Reveal.getIndices(slide);
    Reveal.slide(at.h, at.v);
    const origin = slide.getBoundingClientRect();
    const box = { bottom: origin.top + height * scale, right: origin.left + width * scale };
    const seen = new Set();
    for (const element of slide.querySelectorAll('*')) {
      if (element.closest('aside.notes')) continue;
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      const bottom = (rect.bottom - box.bottom) / scale;
      const right = (rect.right - box.right) / scale;
      if (bottom <= tolerance && right <= tolerance) continue;
      const block = element.closest('section > *') || element;
      if (seen.has(block)) continue;
      seen.add(block);
      const cell = block.getAttribute('data-cell');
      const words = (block.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
      const name = '<' + block.tagName.toLowerCase() + (block.className ? ' class="' + block.className + '"' : '') + '>';
      const heading = slide.querySelector('h1, h2, h3, h4, p, li');
      results.push({
        slide: index + 1,
        line: Number(slide.getAttribute('data-line') || 0),
        heading: ((heading && heading.textContent) || '').trim().replace(/\\s+/g, ' ').slice(0, 60),
        element: (cell ? 'code cell "' + cell + '" ' : '') + name + (words ? ' ("' + words + '")' : ''),
        pixels: Math.round(Math.max(bottom, right)),
        edge: bottom >= right ? 'bottom' : 'right',
      });
    }
  }
  Reveal.configure({ transition });
  Reveal.slide(0, 0);
  return results;
}`;

/**
 * Opens a deck file in headless Chromium at 1280x720 and measures every slide; resolves to the slides whose
 * content passes the slide's bottom or right edge (an empty list when everything fits).
 *
 * @example
 * const overflows = await measureDeckOverflow(chromium.context, 'slides/en/04-tcp-echo.html');
 */
export async function measureDeckOverflow(context: BrowserContext, deckPath: string, options: OverflowCheckOptions = {}): Promise<SlideOverflow[]> {
  const page = await openDeckPage(context, deckPath);
  try {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(pathToFileURL(deckPath).href, { timeout: options.timeoutMs ?? 30_000 });
    await waitForDeck(page, deckPath, options.timeoutMs ?? 30_000);
    return (await page.evaluate(`(${MEASURE})(${options.tolerance ?? 2})`)) as SlideOverflow[];
  } finally {
    await page.close();
  }
}

/**
 * Like {@link measureDeckOverflow}, and throws a {@link SlideOverflowError} naming the lesson, each slide
 * and its overflowing element when something does not fit.
 *
 * @example
 * await checkDeckOverflow(chromium.context, deck.path, 'notebooks/en/04-tcp-echo.md');
 */
export async function checkDeckOverflow(context: BrowserContext, deckPath: string, lessonFile: string, options: OverflowCheckOptions = {}): Promise<void> {
  const overflow = await findDeckOverflow(context, deckPath, lessonFile, options);
  if (overflow !== undefined) throw overflow;
}

/**
 * Like {@link checkDeckOverflow}, but returns the {@link SlideOverflowError} (undefined when every slide
 * fits), for callers that collect the overflows of many decks.
 *
 * @example
 * const overflow = await findDeckOverflow(chromium.context, deck.path, deck.lesson);
 */
export async function findDeckOverflow(context: BrowserContext, deckPath: string, lessonFile: string, options: OverflowCheckOptions = {}): Promise<SlideOverflowError | undefined> {
  const overflows = await measureDeckOverflow(context, deckPath, options);
  return overflows.length > 0 ? new SlideOverflowError(lessonFile, overflows) : undefined;
}

/**
 * What the build and `socketbook slides` say when Chromium is missing and only the overflow check is lost.
 *
 * @example
 * report.skipped = overflowCheckSkipped(error);
 */
export function overflowCheckSkipped(error: Error): string {
  return `Skipped the overflow check: ${error.message}`;
}

/**
 * Opens a page for a deck. Chromium closed before the page opens (a build stopped with Ctrl+C while it
 * checks decks) is ERR_SLIDES_BROWSER_CLOSED, like a page closed later in {@link waitForDeck}, instead of
 * Playwright's own message.
 *
 * @example
 * const page = await openDeckPage(chromium.context, 'slides/en/04-tcp-echo.html');
 */
export async function openDeckPage(context: Pick<BrowserContext, 'newPage'>, deckPath: string): Promise<Page> {
  try {
    return await context.newPage();
  } catch (error) {
    throw browserClosed(deckPath, 'before a page could open for it', error);
  }
}

/**
 * Waits until reveal.js has started in a page. A deck that does not start in `timeoutMs` is
 * ERR_SLIDES_DECK_NOT_READY; a page or browser closed while waiting (a build stopped with Ctrl+C, or
 * Chromium killed) is ERR_SLIDES_BROWSER_CLOSED, which says nothing about the deck.
 *
 * @example
 * await waitForDeck(page, 'slides/en/04-tcp-echo.html', 30_000);
 */
export async function waitForDeck(page: { waitForFunction: (script: string, arg: undefined, options: { timeout: number }) => Promise<unknown> }, deckPath: string, timeoutMs: number): Promise<void> {
  try {
    await page.waitForFunction('window.Reveal !== undefined && Reveal.isReady()', undefined, { timeout: timeoutMs });
  } catch (error) {
    // Playwright rejects a wait that ran out of time with a TimeoutError, and one whose page went away
    // with a plain Error ("Target page, context or browser has been closed").
    if (error instanceof Error && error.name !== 'TimeoutError') throw browserClosed(deckPath, 'its page before reveal.js was ready', error);
    throw new SlidesError('ERR_SLIDES_DECK_NOT_READY', deckPath, 1, `Cannot start the deck: reveal.js was not ready after ${timeoutMs} ms`,
      "Rebuild it with 'socketbook slides' and check that slides/assets/ exists", { cause: error });
  }
}

/** ERR_SLIDES_BROWSER_CLOSED: Chromium closed `what` (Playwright's first line of `error` in brackets). */
function browserClosed(deckPath: string, what: string, error: unknown): SlidesError {
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new SlidesError('ERR_SLIDES_BROWSER_CLOSED', deckPath, 1, `Cannot check the deck: Chromium closed ${what} (${detail})`,
    'If the build was interrupted, run it again; if not, run it again and look for what stopped Chromium (out of memory?)', { cause: error });
}
