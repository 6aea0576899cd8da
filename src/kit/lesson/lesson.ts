import type { FrontMatter } from './front-matter.js';
import type { MarkerRegion } from './solution-regions.js';
import type { Lang } from '../lang.js';

/**
 * How a cell shows on slides, as Jupyter's slideshow metadata (`metadata.slideshow.slide_type`) names it:
 * a new slide, a vertical sub-slide, a fragment, left out (`skip`), speaker notes, or on the current slide (`-`).
 */
export type SlideType = 'slide' | 'subslide' | 'fragment' | 'skip' | 'notes' | '-';

/** What a cell is: prose, plain code, an exercise answer or the tests that grade one. */
export type CellKind = 'markdown' | 'code' | 'answer' | 'tests';

/** One cell of a lesson, in file order. */
export interface LessonCell {
  kind: CellKind;
  /** The explicit id, or `cell-N` with N the 1-based position among all cells. */
  id: string;
  /** True when the author wrote the id (on the fence or on the directive). */
  explicitId: boolean;
  slideType: SlideType;
  /** Set inside a `notebook-only` or `slides-only` block. */
  only?: 'notebook' | 'slides';
  /** The cell text: prose lines, or the lines between the fences; no final newline. */
  source: string;
  /** 1-based file line where the cell starts (the fence line of a code cell). */
  line: number;
  /** 1-based file line of the source's first line. */
  sourceLine: number;
  /** tests cells: the answer they grade. */
  forId?: string;
  /** tests cells: the points they are worth. */
  points?: number;
  /** Marker regions of answer and tests cells (empty elsewhere). */
  regions: MarkerRegion[];
  /** The file text between the previous cell and this one, verbatim (blank lines, directives). */
  before: string;
  /** Code cells: the opening fence line verbatim, e.g. "```ts answer id=shout". */
  fence?: string;
  /** Code cells: the closing fence line verbatim. */
  close?: string;
}

/** A parsed lesson: enough to build its notebooks and slides and to write the file back byte for byte. */
export interface Lesson {
  /** The path the lesson was read from, as given (used in messages). */
  file: string;
  /** The file name without `NN-` and `.md`. */
  slug: string;
  lang: Lang;
  frontMatter: FrontMatter;
  /** The front matter block verbatim, `---` lines included. */
  frontMatterText: string;
  cells: LessonCell[];
  /** The file text after the last cell, verbatim. */
  after: string;
  /** False when the file does not end with a newline. */
  finalNewline: boolean;
}

/**
 * Writes a lesson back as Markdown: front matter, each cell with the text before it, the text after.
 * For a parsed lesson this is the file it was read from.
 *
 * @example
 * renderLesson(parseLesson(text, { file })) === text; // true, with LF line endings
 */
export function renderLesson(lesson: Pick<Lesson, 'frontMatterText' | 'cells' | 'after' | 'finalNewline'>): string {
  let text = lesson.frontMatterText;
  for (const cell of lesson.cells) text += cell.before + renderCellBody(cell);
  text += lesson.after;
  return lesson.finalNewline ? text : text.replace(/\n$/, '');
}

/**
 * The lines of a cell itself (fences included for code), each ending with a newline.
 *
 * @example
 * renderCellBody({ source: 'x', fence: '```ts', close: '```' }); // '```ts\nx\n```\n'
 */
export function renderCellBody(cell: Pick<LessonCell, 'source' | 'fence' | 'close'>): string {
  const source = cell.source === '' ? '' : `${cell.source}\n`;
  return cell.fence === undefined ? source : `${cell.fence}\n${source}${cell.close ?? '```'}\n`;
}
