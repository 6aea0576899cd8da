import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { lessonPaths } from '../../../src/kit/lesson/lesson-paths.js';
import { parseLesson } from '../../../src/kit/lesson/parse-lesson.js';
import { buildNotebook } from '../../../src/kit/notebook/build-notebook.js';
import { parseNotebook } from '../../../src/kit/notebook/read-notebook.js';
import { serializeNotebook } from '../../../src/kit/notebook/serialize-notebook.js';
import { syncNotebook } from '../../../src/kit/notebook/sync-notebook.js';

/** The fixtures, plus every lesson of the course that exists. */
const lessons = ['test/fixtures/lessons/en/99-echo.md', 'test/fixtures/lessons/es/99-echo.md', ...(await lessonPaths('.'))];

describe('md -> solutions notebook -> md is the identity', () => {
  test('there is at least one lesson to check', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  test.each(lessons)('%s', (file) => {
    const text = readFileSync(file, 'utf8');
    const json = serializeNotebook(buildNotebook(parseLesson(text, { file }), { variant: 'solutions' }));
    const { markdown } = syncNotebook(parseNotebook(json, 'out.ipynb'), { file: 'out.ipynb', lessonFile: file });
    expect(markdown).toBe(text);
  });

  // The test above gets the lesson's own text back from what the notebook keeps in metadata.socketbook
  // (the Markdown around each cell). This one takes that away, as a tool that rewrites notebooks may, so
  // sync must rebuild the lesson from the cells alone: the same cells must come back, if not the same bytes.
  test.each(lessons)('%s, without the Markdown kept in cell metadata: the same cells come back', (file) => {
    const text = readFileSync(file, 'utf8');
    const lesson = parseLesson(text, { file });
    const notebook = buildNotebook(lesson, { variant: 'solutions' });
    for (const cell of notebook.cells) delete cell.metadata.socketbook;
    const metadata = notebook.metadata.socketbook as Record<string, unknown>;
    delete metadata.after;
    const synced = syncNotebook(parseNotebook(serializeNotebook(notebook), 'out.ipynb'), { file: 'out.ipynb', lessonFile: file }).lesson;
    // Without metadata a plain cell's id may be one Jupyter made up, so sync keeps only exercise ids.
    const shape = (cells: typeof lesson.cells) => cells.filter((cell) => cell.only !== 'slides')
      .map(({ kind, id, slideType, only, source, points, forId }) =>
        ({ kind, id: kind === 'answer' || kind === 'tests' ? id : undefined, slideType, only, source, points, forId }));
    expect(shape(synced.cells)).toEqual(shape(lesson.cells));
  });

  test('holds for layouts beyond the example: no final newline, extra blank lines, long fences, trailing slides-only', () => {
    const file = 'lesson.md';
    const text = [
      '---', 'title: T', 'lesson: 1', 'lang: en', 'minutes: 5', 'objectives: [o]', '---',
      '<!-- subslide id=intro -->', '# T', '', '', '<!-- slides-only -->', 'Only on slides', '<!-- /slides-only -->',
      '````ts id=fenced', '```', 'const x = 1;', '````', '<!-- notebook-only -->', 'Skipped prose', '<!-- cell -->',
      'More skipped', '<!-- /notebook-only -->', '', '<!-- slides-only -->', 'Closing slide', '<!-- /slides-only -->',
    ].join('\n');
    const notebook = buildNotebook(parseLesson(text, { file }), { variant: 'solutions' });
    expect(syncNotebook(notebook, { file: 'x.ipynb', lessonFile: file }).markdown).toBe(text);
  });
});
