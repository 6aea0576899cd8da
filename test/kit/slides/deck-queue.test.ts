import { appendFile, cp, mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeckQueue } from '../../../src/kit/slides/deck-queue.js';
import { browserTestsEnabled, makeDeckCourse } from './browser-support.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures/slides');

describe('createDeckQueue()', () => {
  let course: Awaited<ReturnType<typeof makeDeckCourse>>;

  beforeAll(async () => {
    course = await makeDeckCourse();
    await mkdir(join(course.root, 'notebooks', 'en'), { recursive: true });
    await cp(join(fixtures, 'overflow.md'), join(course.root, 'notebooks', 'en', '02-overflow.md'));
  });

  afterAll(async () => {
    await course?.remove();
  });

  it.runIf(browserTestsEnabled)('writes each deck added, two at a time, and reports the one whose slides do not fit', async () => {
    const decks = createDeckQueue({ root: course.root, jobs: 2 });
    decks.add(join(course.root, 'notebooks', 'en', '02-overflow.md'));
    decks.add(join(course.root, 'notebooks', 'en', '01-deck.md'));
    const report = await decks.finish();
    expect(report.decks.map((deck) => deck.lesson)).toEqual(['notebooks/en/02-overflow.md', 'notebooks/en/01-deck.md']);
    expect(report.overflows.map((error) => error.file)).toEqual(['notebooks/en/02-overflow.md']);
    expect(report.skipped).toBeUndefined();
    expect(await readFile(join(course.root, 'slides', 'en', '01-deck.html'), 'utf8')).toContain('reveal');
    expect(await readFile(join(course.root, 'slides', 'assets', 'reveal.css'), 'utf8')).not.toBe('');
  });

  it.runIf(browserTestsEnabled)('does not measure again a deck that passed and has not changed, and starts no Chromium for it', async () => {
    const deckLesson = join(course.root, 'notebooks', 'en', '01-deck.md');
    const overflowLesson = join(course.root, 'notebooks', 'en', '02-overflow.md');
    const first = createDeckQueue({ root: course.root });
    first.add(deckLesson);
    first.add(overflowLesson);
    expect((await first.finish()).overflows).toHaveLength(1);
    // With no Chromium to start, only a deck that must be measured says the check was skipped.
    const noChromium = { executablePath: '/nonexistent/chromium' };
    const unchanged = createDeckQueue({ root: course.root, launch: noChromium });
    unchanged.add(deckLesson);
    const unchangedReport = await unchanged.finish();
    expect(unchangedReport.overflows).toEqual([]);
    expect(unchangedReport.skipped).toBeUndefined();
    const failedBefore = createDeckQueue({ root: course.root, launch: noChromium });
    failedBefore.add(overflowLesson);
    expect((await failedBefore.finish()).skipped).toMatch(/^Skipped the overflow check/);
    // The deck's HTML is the same, but an image it shows changed: it is measured again.
    const figure = join(course.root, 'notebooks', 'figures', 'wire.svg');
    await appendFile(figure, '<!-- redrawn -->\n');
    const changed = createDeckQueue({ root: course.root, launch: noChromium });
    changed.add(deckLesson);
    expect((await changed.finish()).skipped).toMatch(/^Skipped the overflow check/);
  });

  it('still writes the decks without Chromium, and says the check was skipped', async () => {
    // A deck never checked here (a pass in an earlier test would spare it the browser).
    await rm(join(course.root, '.socketbook', 'deck-checks'), { recursive: true, force: true });
    const decks = createDeckQueue({ root: course.root, launch: { executablePath: '/nonexistent/chromium' } });
    decks.add(join(course.root, 'notebooks', 'en', '01-deck.md'));
    const report = await decks.finish();
    expect(report.decks).toHaveLength(1);
    expect(report.overflows).toEqual([]);
    expect(report.skipped).toMatch(/^Skipped the overflow check: Cannot start Chromium/);
  });

  it('rejects finish() with the error of a lesson that cannot be rendered', async () => {
    const decks = createDeckQueue({ root: course.root, launch: { executablePath: '/nonexistent/chromium' } });
    decks.add(join(course.root, 'notebooks', 'en', '99-missing.md'));
    await expect(decks.finish()).rejects.toThrow(/99-missing\.md/);
  });
});
