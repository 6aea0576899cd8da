import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../src/kit/lesson/parse-lesson.js';
import type { LessonCell } from '../../../src/kit/lesson/lesson.js';
import type { Notebook } from '../../../src/kit/notebook/nbformat.js';
import { groupSlides } from '../../../src/kit/slides/deck-structure.js';
import { renderDeck } from '../../../src/kit/slides/render-deck.js';
import { readFixtureCases } from './fixture-cases.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures/slides');
const baseDir = resolve(fixtures, 'files');

describe('renderDeck() (fixtures/slides/deck.txt)', () => {
  for (const fixture of readFixtureCases(resolve(fixtures, 'deck.txt'))) {
    it(fixture.title, () => expect(renderDeck(parseLesson(fixture.input, { file: 'lesson.md' }), { baseDir }).sections).toBe(fixture.expected));
  }
});

const lesson = parseLesson([
  '---', 'title: T', 'lesson: 1', 'lang: en', 'minutes: 5', 'objectives:', '  - O', '---', '',
  '```ts id=print', "console.log('<hi>');", '```', '',
  '```ts answer id=a', 'function a(): number {', '  // BEGIN SOLUTION', '  return 1;', '  // END SOLUTION', '}', '```', '',
  '```ts tests id=t for=a points=1', 'a();', '```', '',
  '<!-- subslide -->', 'Below', '',
].join('\n'), { file: 'lesson.md' });

const executed: Notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: 'code', id: 'print', metadata: {}, source: '', execution_count: 1, outputs: [{ output_type: 'stream', name: 'stdout', text: '<hi>\n' }] },
    { cell_type: 'code', id: 'a', metadata: {}, source: '', execution_count: 2, outputs: [{ output_type: 'stream', name: 'stdout', text: 'solution output\n' }] },
  ],
};

describe('renderDeck()', () => {
  it('shows each code cell’s executed outputs under it, escaped', () => {
    const { sections } = renderDeck(lesson, { executed, baseDir });
    expect(sections).toContain('<div class="code-cell" data-cell="print">\n<pre class="code">');
    expect(sections).toContain('</code></pre>\n<div class="outputs"><pre class="output stream">&lt;hi&gt;</pre></div>\n</div>');
  });

  it('does not show what the solution of an answer cell printed', () => {
    expect(renderDeck(lesson, { executed, baseDir }).sections).not.toContain('solution output');
  });

  it('counts the title, the closing slide and every sub-slide', () => {
    expect(renderDeck(lesson, { baseDir }).slideCount).toBe(4);
  });
});

describe('groupSlides()', () => {
  const cell = (slideType: LessonCell['slideType'], id: string, only?: LessonCell['only']): LessonCell => ({
    kind: 'markdown', id, explicitId: false, slideType, source: id, line: 1, sourceLine: 1, regions: [], before: '', ...(only ? { only } : {}),
  });

  it('starts a slide when the first shown cell continues one that was skipped', () => {
    const columns = groupSlides({ file: 'x.md', cells: [cell('skip', 'a'), cell('-', 'b'), cell('fragment', 'c')] });
    expect(columns.map((column) => column.map((slide) => slide.cells.map((c) => c.id)))).toEqual([[['b', 'c']]]);
  });

  it('puts notes that come before any shown cell (which parseLesson rejects) on the first slide', () => {
    const columns = groupSlides({ file: 'x.md', cells: [cell('skip', 'a'), cell('notes', 'n'), cell('-', 'b')] });
    expect(columns.map((column) => column.map((slide) => [slide.cells.map((c) => c.id), slide.notes.map((c) => c.id)]))).toEqual([[[['b'], ['n']]]]);
  });

  it('leaves out cells of notebook-only blocks and keeps slides-only ones', () => {
    const columns = groupSlides({ file: 'x.md', cells: [cell('slide', 'a'), cell('-', 'b', 'notebook'), cell('-', 'c', 'slides')] });
    expect(columns[0]![0]!.cells.map((c) => c.id)).toEqual(['a', 'c']);
  });
});
