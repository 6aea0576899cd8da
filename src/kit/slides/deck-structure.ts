import type { Lesson, LessonCell } from '../lesson/lesson.js';

/** One slide of a deck: the cells shown on it, in order, and its speaker notes. */
export interface DeckSlide {
  /** The cells shown, `fragment` ones appearing on later clicks. */
  cells: LessonCell[];
  /** The `notes` cells of the slide. */
  notes: LessonCell[];
  /** The file line of the slide's first cell. */
  line: number;
}

/** A horizontal stop of the deck: one slide, or a slide with vertical sub-slides under it. */
export type DeckColumn = DeckSlide[];

/**
 * Groups a lesson's cells into the deck's slides, as Jupyter's slide types say: `slide` starts a column,
 * `subslide` a slide under the current one, `fragment` and `-` continue the current slide, `notes` are
 * its speaker notes. Notebook-only cells (`skip`) are left out; slides-only cells are in.
 * Notes that come before any shown cell (only in a hand-made cell list) open the first slide.
 *
 * @example
 * groupSlides(lesson).map((column) => column.length); // [1, 3, 1]: the second slide has two sub-slides
 */
export function groupSlides(lesson: Pick<Lesson, 'file' | 'cells'>): DeckColumn[] {
  const columns: DeckColumn[] = [];
  let current: DeckSlide | undefined;
  const start = (cell: LessonCell, newColumn: boolean): DeckSlide => {
    const slide: DeckSlide = { cells: [], notes: [], line: cell.line };
    if (newColumn || columns.length === 0) columns.push([slide]);
    else columns.at(-1)!.push(slide);
    return slide;
  };
  for (const cell of lesson.cells) {
    if (cell.only === 'notebook' || cell.slideType === 'skip') continue;
    if (cell.slideType === 'notes') {
      // parseLesson rejects notes before the first slide (ERR_LESSON_NOTES_OUTSIDE_SLIDE); in a cell list
      // made by hand they open the first slide.
      current ??= start(cell, true);
      current.notes.push(cell);
      continue;
    }
    if (!current || cell.slideType === 'slide' || cell.slideType === 'subslide') current = start(cell, cell.slideType !== 'subslide');
    current.cells.push(cell);
  }
  return columns;
}
