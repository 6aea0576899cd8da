import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../src/kit/lesson/parse-lesson.js';
import { buildNotebook } from '../../../src/kit/notebook/build-notebook.js';
import { serializeNotebook } from '../../../src/kit/notebook/serialize-notebook.js';
import { renderDeck } from '../../../src/kit/slides/render-deck.js';
import { jupyterTestsEnabled } from '../../support/jupyter.js';

const run = promisify(execFile);
const lessonPath = resolve(import.meta.dirname, '../../fixtures/slides/course/notebooks/en/01-deck.md');
const courseLesson = resolve(import.meta.dirname, '../../../notebooks/en/04-tcp-echo.md');

/**
 * The shapes of the lesson's deck (title and closing slides left out) and of nbconvert's slides of one of
 * its notebooks: the solutions notebook (the instructor's, with the speaker notes) or the student's (without).
 */
async function bothShapes(path: string, variant: 'student' | 'solutions' = 'solutions'): Promise<{ ours: Shape; theirs: Shape }> {
  const lesson = parseLesson(await readFile(path, 'utf8'), { file: path });
  const folder = await mkdtemp(join(tmpdir(), 'socketbook-nbconvert-'));
  try {
    const notebook = join(folder, 'lesson.ipynb');
    await writeFile(notebook, serializeNotebook(buildNotebook(lesson, { variant })));
    const { stdout } = await run('/usr/bin/jupyter-nbconvert', ['--to', 'slides', '--stdout', notebook], { maxBuffer: 64 * 1024 * 1024 });
    const ours = deckShape(renderDeck(lesson, { baseDir: resolve(path, '..') }).sections).slice(1, -1);
    return { ours, theirs: deckShape(stdout) };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** A deck's shape: per horizontal slide, per vertical slide, its fragments and whether it has notes. */
type Shape = { fragments: number; notes: boolean }[][];

/** Reads the nesting of reveal.js `<section>` elements, fragments and notes from HTML. */
function deckShape(html: string): Shape {
  const columns: Shape = [];
  let depth = 0;
  let nested = false;
  for (const [token] of html.matchAll(/<section\b|<\/section>|class="fragment"|<aside class="notes">/g)) {
    if (token === '<section') {
      depth++;
      if (depth === 1) {
        columns.push([{ fragments: 0, notes: false }]);
        nested = false;
      } else if (depth === 2) {
        if (nested) columns.at(-1)!.push({ fragments: 0, notes: false });
        nested = true;
      }
    } else if (token === '</section>') depth--;
    else {
      const slide = columns.at(-1)!.at(-1)!;
      if (token === 'class="fragment"') slide.fragments++;
      else slide.notes = true;
    }
  }
  return columns;
}

describe.runIf(await jupyterTestsEnabled())('jupyter nbconvert --to slides', () => {
  it('presents the instructor (solutions) notebook with the same slides, sub-slides, fragments and notes as the deck', async () => {
    const { ours, theirs } = await bothShapes(lessonPath);
    expect(ours).toEqual([
      [{ fragments: 0, notes: true }],
      [{ fragments: 1, notes: true }, { fragments: 0, notes: true }],
      [{ fragments: 0, notes: true }],
    ]);
    expect(theirs).toEqual(ours);
  });

  it('presents the student notebook with the same slides and fragments, and no speaker notes: they are the lecturer\'s', async () => {
    const { ours, theirs } = await bothShapes(lessonPath, 'student');
    expect(theirs).toEqual(ours.map((column) => column.map((slide) => ({ ...slide, notes: false }))));
  });

  it('presents lesson 04 with the same structure as its deck', async () => {
    const { ours, theirs } = await bothShapes(courseLesson);
    expect(ours.length).toBeGreaterThan(5);
    expect(theirs).toEqual(ours);
  });
});
