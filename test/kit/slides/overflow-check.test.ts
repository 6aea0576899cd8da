import { cp, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSlides } from '../../../src/kit/slides/build-slides.js';
import { type Chromium, ChromiumNotFoundError, launchChromium } from '../../../src/kit/slides/chromium.js';
import { checkDeckOverflow, measureDeckOverflow, openDeckPage, SlideOverflowError, waitForDeck } from '../../../src/kit/slides/overflow-check.js';
import type { SlidesError } from '../../../src/kit/slides/slides-error.js';
import { runBrowserSteps } from '../../../src/kit/slides/browser-steps.js';
import { browserTestsEnabled, makeDeckCourse } from './browser-support.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures/slides');

describe.runIf(browserTestsEnabled)('the overflow check at 1280x720', () => {
  let chromium: Chromium;
  let course: Awaited<ReturnType<typeof makeDeckCourse>>;

  beforeAll(async () => {
    course = await makeDeckCourse();
    await mkdir(join(course.root, 'notebooks', 'en'), { recursive: true });
    await cp(join(fixtures, 'overflow.md'), join(course.root, 'notebooks', 'en', '02-overflow.md'));
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await course?.remove();
  });

  it('passes a deck whose slides all fit', async () => {
    const [deck] = await buildSlides({ root: course.root, lessons: [join(course.root, 'notebooks', 'en', '01-deck.md')] });
    expect(await measureDeckOverflow(chromium.context, deck!.path)).toEqual([]);
  });

  it('fails a slide that does not fit, naming the lesson, the slide and the overflowing element', async () => {
    const [deck] = await buildSlides({ root: course.root, lessons: [join(course.root, 'notebooks', 'en', '02-overflow.md')] });
    const error = await checkDeckOverflow(chromium.context, deck!.path, deck!.lesson).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SlideOverflowError);
    const overflow = error as SlideOverflowError;
    expect(overflow.code).toBe('ERR_SLIDES_OVERFLOW');
    expect(overflow.overflows).toHaveLength(1);
    expect(overflow.overflows[0]).toMatchObject({ slide: 3, line: 19, heading: 'Does not fit', edge: 'bottom' });
    expect(overflow.overflows[0]!.element).toContain('code cell "long"');
    expect(overflow.message).toMatch(/^notebooks\/en\/02-overflow\.md:19: Cannot fit 1 slide\(s\) in 1280x720: slide 3 \('Does not fit', line 19\): code cell "long"/);
  });

  it('runBrowserSteps() reports the overflow of each deck', async () => {
    const decks = await buildSlides({ root: course.root, lessons: [join(course.root, 'notebooks', 'en', '02-overflow.md')] });
    const report = await runBrowserSteps(decks);
    expect(report.overflows.map((error) => error.file)).toEqual(['notebooks/en/02-overflow.md']);
  });

  it('waitForDeck() tells a deck that does not start from a page closed while it waits (a build stopped with Ctrl+C)', async () => {
    const page = await chromium.context.newPage();
    const notReady = await waitForDeck(page, 'slides/en/01-deck.html', 300).catch((caught: unknown) => caught as SlidesError);
    expect(notReady).toMatchObject({ code: 'ERR_SLIDES_DECK_NOT_READY', message: expect.stringMatching(/^slides\/en\/01-deck\.html:1: Cannot start the deck: reveal\.js was not ready after 300 ms/) });
    const waiting = waitForDeck(page, 'slides/en/01-deck.html', 30_000).catch((caught: unknown) => caught as SlidesError);
    await page.close();
    const closed = (await waiting) as SlidesError;
    expect(closed.code).toBe('ERR_SLIDES_BROWSER_CLOSED');
    expect(closed.message).toMatch(/^slides\/en\/01-deck\.html:1: Cannot check the deck: Chromium closed its page before reveal\.js was ready \(.*closed.*\)\. If the build was interrupted, run it again/);
  });

  it('openDeckPage() says Chromium closed when a check is stopped before its page opens', async () => {
    const stopped = await launchChromium();
    await stopped.close();
    const closed = (await openDeckPage(stopped.context, 'slides/en/01-deck.html').catch((caught: unknown) => caught)) as SlidesError;
    expect(closed).toMatchObject({ code: 'ERR_SLIDES_BROWSER_CLOSED' });
    expect(closed.message).toMatch(/^slides\/en\/01-deck\.html:1: Cannot check the deck: Chromium closed before a page could open for it \(.*closed.*\)\. If the build was interrupted, run it again/);
  });
});

describe('Chromium missing', () => {
  it('launchChromium() names the path and how to install it', async () => {
    const error = await launchChromium({ executablePath: '/nonexistent/chromium' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChromiumNotFoundError);
    expect((error as ChromiumNotFoundError).code).toBe('ERR_SLIDES_NO_CHROMIUM');
    expect((error as Error).message).toBe("Cannot start Chromium: /nonexistent/chromium does not exist. Install it (Debian: 'apt-get install chromium') or set CHROME_PATH to a Chromium or Chrome executable");
  });

  it('runBrowserSteps() skips the overflow check and says why, but a PDF needs Chromium', async () => {
    const deck = { lesson: 'x.md', path: '/nonexistent/x.html', slideCount: 1, withOutputs: false };
    const launch = { executablePath: '/nonexistent/chromium' };
    const report = await runBrowserSteps([deck], { launch });
    expect(report.skipped).toMatch(/^Skipped the overflow check: Cannot start Chromium/);
    await expect(runBrowserSteps([deck], { launch, pdf: true })).rejects.toBeInstanceOf(ChromiumNotFoundError);
  });
});
