import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSlides, type DeckResult } from '../../../src/kit/slides/build-slides.js';
import { type Chromium, launchChromium } from '../../../src/kit/slides/chromium.js';
import { exportDeckPdf } from '../../../src/kit/slides/pdf-export.js';
import { waitForDeck } from '../../../src/kit/slides/overflow-check.js';
import { browserTestsEnabled, countPdfPages, makeDeckCourse } from './browser-support.js';

const projectRoot = resolve(import.meta.dirname, '../../..');
/** A test that opens every deck in turn: one page each, which takes seconds each on a loaded 2-core machine. */
const EVERY_DECK_MS = 180_000;

/** Opens a deck and records console errors, page errors and every request that is not the file system. */
async function openDeck(chromium: Chromium, path: string, query = ''): Promise<{ page: Page; errors: string[]; network: string[] }> {
  const page = await chromium.context.newPage();
  const errors: string[] = [];
  const network: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => { if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) network.push(request.url()); });
  await page.goto(pathToFileURL(path).href + query);
  await waitForDeck(page, path, 30_000);
  return { page, errors, network };
}

describe.runIf(browserTestsEnabled)('decks in headless Chromium, opened from file://', () => {
  let chromium: Chromium;
  let course: Awaited<ReturnType<typeof makeDeckCourse>>;
  let decks: DeckResult[] = [];
  let single: DeckResult;

  beforeAll(async () => {
    course = await makeDeckCourse();
    chromium = await launchChromium();
    // The fixture course's decks, the course's own lessons (rendered into the scratch folder), and a single-file deck.
    const fixtureDecks = await buildSlides({ root: course.root });
    const lessonDecks = await buildSlides({ root: projectRoot, slidesDir: join(course.root, 'lesson-slides') });
    decks = [...fixtureDecks, ...lessonDecks];
    const singles = await buildSlides({ root: course.root, lessons: [join(course.root, 'notebooks', 'en', '01-deck.md')], singleFile: true, slidesDir: join(course.root, 'single') });
    single = singles[0]!;
  });

  afterAll(async () => {
    await chromium?.close();
    await course?.remove();
  });

  // One visit per deck for all three checks: opening a deck costs about a second on this machine.
  it('every deck loads with no console error and no network request, every slide has speaker notes, and the arrow keys reach every slide', async () => {
    expect(decks.length).toBeGreaterThanOrEqual(2);
    for (const deck of [...decks, single]) {
      const { page, errors, network } = await openDeck(chromium, deck.path);
      const withoutNotes = await page.evaluate(`Reveal.getSlides().map((slide, index) => {
        const notes = slide.querySelector(':scope > aside.notes');
        return notes && notes.textContent.trim() !== '' ? -1 : index + 1;
      }).filter((index) => index !== -1)`);
      const total = (await page.evaluate('Reveal.getTotalSlides()')) as number;
      const fragments = (await page.evaluate('document.querySelectorAll(".reveal .fragment").length')) as number;
      // The page notes every slide it shows; the keys are pressed from here, one at a time, as a lecturer would.
      await page.evaluate(`(() => {
        window.seenSlides = new Set();
        const note = () => window.seenSlides.add(JSON.stringify([Reveal.getIndices().h, Reveal.getIndices().v]));
        note();
        Reveal.on('slidechanged', note);
      })()`);
      for (let press = 0; press < total + fragments; press++) await page.keyboard.press('ArrowRight');
      const reached = (await page.evaluate('window.seenSlides.size')) as number;
      expect({ deck: deck.lesson, errors, network, withoutNotes, reached }).toEqual({ deck: deck.lesson, errors: [], network: [], withoutNotes: [], reached: total });
      expect(total).toBe(deck.slideCount);
      await page.close();
    }
  }, EVERY_DECK_MS);

  it('the title slide’s screenshot is not blank', async () => {
    const { page } = await openDeck(chromium, decks[0]!.path);
    const png = await page.screenshot();
    await page.setContent('<canvas></canvas>');
    const inked = await page.evaluate(`(async (src) => {
      const image = new Image();
      image.src = src;
      await image.decode();
      const canvas = document.querySelector('canvas');
      canvas.width = image.width; canvas.height = image.height;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 384) inked++;
      return inked / (data.length / 4);
    })('data:image/png;base64,${png.toString('base64')}')`) as number;
    expect(inked).toBeGreaterThan(0.01);
    await page.close();
  });

  it('shows the executed outputs under the code, text escaped and the displayed SVG drawn', async () => {
    const { page } = await openDeck(chromium, decks[0]!.path);
    expect(await page.evaluate('document.querySelector("[data-cell=hello] .outputs pre").textContent')).toBe('hello <world>');
    expect(await page.evaluate('document.querySelectorAll("[data-cell=figure] .outputs svg circle").length')).toBe(1);
    expect(await page.evaluate('document.querySelector("pre.code code[data-lines] .line.highlight").textContent')).toBe('second line, highlighted');
    await page.close();
  });

  it('switches to the dark theme with ?theme=dark and with the T key', async () => {
    const { page } = await openDeck(chromium, decks[0]!.path, '?theme=dark');
    const background = 'getComputedStyle(document.querySelector(".reveal-viewport") || document.body).backgroundColor';
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    expect(await page.evaluate(background)).toBe('rgb(17, 20, 24)');
    await page.keyboard.press('t');
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    expect(await page.evaluate(background)).toBe('rgb(255, 255, 255)');
    await page.close();
  });

  it('opens the speaker view from file://, showing the current slide’s notes', async () => {
    const { page, errors } = await openDeck(chromium, decks[0]!.path);
    const popup = page.waitForEvent('popup');
    await page.keyboard.press('s');
    const speaker = await popup;
    await speaker.waitForFunction('document.querySelector(".speaker-controls-notes .value") && document.querySelector(".speaker-controls-notes .value").textContent.includes("Lesson 1")', undefined, { timeout: 15_000 });
    await page.keyboard.press('ArrowRight');
    await speaker.waitForFunction('document.querySelector(".speaker-controls-notes .value").textContent.includes("Notes of the first slide")', undefined, { timeout: 15_000 });
    expect(errors).toEqual([]);
    await speaker.close();
    await page.close();
  });

  it('prints a PDF with one page per slide, and with the notes when asked', async () => {
    const deck = decks[0]!;
    const pdf = join(course.root, 'deck.pdf');
    await exportDeckPdf(chromium.context, deck.path, pdf);
    expect(countPdfPages(await readFile(pdf))).toBe(deck.slideCount);
    await exportDeckPdf(chromium.context, deck.path, pdf, { notes: true });
    expect(countPdfPages(await readFile(pdf))).toBe(deck.slideCount);
  });

  it('a single-file deck holds its scripts, styles and images inline', async () => {
    const html = await readFile(single.path, 'utf8');
    expect(html).not.toMatch(/<script src=|<link rel="stylesheet"/);
    expect(html).toContain('src="data:image/svg+xml;base64,');
  });
});
