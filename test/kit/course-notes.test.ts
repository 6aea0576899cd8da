import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonPaths } from '../../src/kit/lesson/lesson-paths.js';
import { parseLesson } from '../../src/kit/lesson/parse-lesson.js';
import { groupSlides } from '../../src/kit/slides/deck-structure.js';
import { projectRoot } from '../support/jupyter.js';

// The same promise the deck test checks in Chromium, read from the lesson itself: quick to run, and it
// names the line of each slide that still needs its notes.
const lessons = (await lessonPaths(projectRoot)).map((path) => relative(projectRoot, path));

describe('every slide of every lesson has speaker notes', () => {
  it('the course has lessons', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it.each(lessons)('%s', async (file) => {
    const lesson = parseLesson(await readFile(`${projectRoot}/${file}`, 'utf8'), { file });
    const withoutNotes = groupSlides(lesson).flat().filter((slide) => slide.notes.length === 0).map((slide) => `${file}:${slide.line}`);
    expect(withoutNotes).toEqual([]);
  });
});
