import { existsSync } from 'node:fs';
import { cp, mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LessonError } from '../../../src/kit/lesson/lesson-error.js';
import { buildSlides } from '../../../src/kit/slides/build-slides.js';
import { SlidesError } from '../../../src/kit/slides/slides-error.js';
import { makeDeckCourse } from './browser-support.js';

const lessonFixtures = resolve(import.meta.dirname, '../../fixtures/lessons');

describe('buildSlides()', () => {
  let course: Awaited<ReturnType<typeof makeDeckCourse>>;
  beforeEach(async () => {
    course = await makeDeckCourse();
  });
  afterEach(async () => {
    await course.remove();
  });

  it('writes slides/<lang>/NN-slug.html for every lesson and copies reveal.js into slides/assets/', async () => {
    const decks = await buildSlides({ root: course.root });
    expect(decks.map((deck) => [deck.lesson, deck.slideCount, deck.withOutputs])).toEqual([
      ['notebooks/en/01-deck.md', 6, true],
      ['notebooks/es/01-deck.md', 6, false],
    ]);
    for (const name of ['reveal.js', 'reveal.css', 'theme.css', 'notes.js', 'socketbook.css']) {
      expect(existsSync(join(course.root, 'slides', 'assets', name))).toBe(true);
    }
    const html = await readFile(join(course.root, 'slides', 'es', '01-deck.html'), 'utf8');
    expect(html).toContain('<html lang="es"');
    expect(html).toContain('<h2>Objetivos</h2>');
    expect(html).toContain('<img src="../../notebooks/figures/wire.svg" alt="cable">');
    expect(html).not.toMatch(/(src|href)="https?:\/\/(?!nodejs\.org)/);
  });

  it('fails on a missing image with the lesson file and line', async () => {
    await mkdir(join(course.root, 'notebooks', 'en'), { recursive: true });
    await cp(join(lessonFixtures, 'en', '99-echo.md'), join(course.root, 'notebooks', 'en', '99-echo.md'));
    const error = await buildSlides({ root: course.root, lessons: ['notebooks/en/99-echo.md'] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SlidesError);
    expect((error as SlidesError).code).toBe('ERR_SLIDES_MISSING_FILE');
    expect((error as Error).message).toBe("notebooks/en/99-echo.md:37: Cannot find the image '../figures/handshake.svg'. Fix the path (relative to the lesson's folder) or add the file.");
  });

  it.each([
    ['unknown-directive.md', 'ERR_LESSON_UNKNOWN_DIRECTIVE'],
    ['notes-outside-slide.md', 'ERR_LESSON_NOTES_OUTSIDE_SLIDE'],
  ])('fails on %s with %s at file:line', async (name, code) => {
    await cp(join(lessonFixtures, 'errors', name), join(course.root, name));
    const error = await buildSlides({ root: course.root, lessons: [name] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LessonError);
    expect((error as LessonError).code).toBe(code);
    expect((error as Error).message).toMatch(new RegExp(`^${name.replace('.', '\\.')}:\\d+: `));
  });
});
