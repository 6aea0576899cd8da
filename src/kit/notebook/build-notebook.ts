import { basename } from 'node:path';
import type { Lesson, LessonCell } from '../lesson/lesson.js';
import { renderCellBody } from '../lesson/lesson.js';
import { studentSource } from '../lesson/solution-regions.js';
import { exerciseHeader } from './exercise-header.js';
import { lessonCard } from './lesson-card.js';
import { joinSource, type Cell, type CellMetadata, type Notebook } from './nbformat.js';
import { splitSourceLines } from './serialize-notebook.js';

/** Which notebook to build: the one students get, or the one with solutions and hidden tests. */
export type NotebookVariant = 'student' | 'solutions';

/** Options of {@link buildNotebook}. */
export interface BuildNotebookOptions {
  variant: NotebookVariant;
  /**
   * The lesson file as seen from the notebook's folder, stored so `sync` finds it.
   * @default the lesson file's name (the notebook sits beside it)
   */
  source?: string;
}

/** The tslab kernelspec every notebook names. */
export const KERNELSPEC = { display_name: 'TypeScript', language: 'typescript', name: 'tslab' } as const;

/** The language_info every notebook starts with (the kernel replaces it when the notebook runs). */
export const LANGUAGE_INFO = { file_extension: '.ts', mimetype: 'text/typescript', name: 'typescript' } as const;

/**
 * Builds an nbformat 4.5 notebook from a lesson. Every cell carries its id, its slide type and, in
 * `metadata.socketbook`, the Markdown around it that a cell cannot show, so `sync` can write the lesson back
 * byte for byte. Answer and tests cells carry nbgrader schema 3 metadata. The student variant replaces
 * solution regions by a stub that throws, leaves hidden tests out and opens each answer and tests cell with
 * a comment line saying it is an exercise and what it is worth, and leaves out the speaker notes.
 * Slides-only cells are in neither. The first cell ends with the lesson card: objectives, prerequisites and
 * the time in class and alone, made from the front matter (which `sync` reads to take it off again).
 *
 * @example
 * const notebook = buildNotebook(parseLesson(text, { file }), { variant: 'student' });
 * await atomicWrite(studentNotebookPath(file), serializeNotebook(notebook));
 */
export function buildNotebook(lesson: Lesson, options: BuildNotebookOptions): Notebook {
  const cells: Cell[] = [];
  let carried = '';
  for (const cell of lesson.cells) {
    if (!inNotebook(cell, options.variant)) {
      // Not shown in this notebook: kept as Markdown text in front of the next notebook cell.
      carried += cell.before + renderCellBody(cell);
      continue;
    }
    cells.push(buildCell(cell, carried + cell.before, lesson, options.variant));
    carried = '';
  }
  const first = cells[0];
  if (first?.cell_type === 'markdown') first.source = splitSourceLines(`${joinSource(first.source)}\n\n${lessonCard(lesson.frontMatter)}`);
  const socketbook: Record<string, unknown> = {
    after: carried + lesson.after,
    front_matter: lesson.frontMatter,
    front_matter_text: lesson.frontMatterText,
    lang: lesson.lang,
    slug: lesson.slug,
    source: options.source ?? basename(lesson.file),
    variant: options.variant,
  };
  if (!lesson.finalNewline) socketbook.final_newline = false;
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { ...KERNELSPEC }, language_info: { ...LANGUAGE_INFO }, socketbook },
    cells,
  };
}

/**
 * Whether a lesson cell is a cell of the notebook: slides-only prose never is, and speaker notes are for
 * the lecturer, so the student notebook leaves them out (the solutions notebook, the instructor's, keeps them).
 *
 * @example
 * lesson.cells.filter((cell) => inNotebook(cell, 'student'));
 */
export function inNotebook(cell: LessonCell, variant: NotebookVariant): boolean {
  if (cell.only === 'slides') return false;
  return !(variant === 'student' && cell.slideType === 'notes');
}

function buildCell(cell: LessonCell, before: string, lesson: Lesson, variant: NotebookVariant): Cell {
  const socketbook: Record<string, unknown> = { before };
  if (cell.fence !== undefined) {
    socketbook.fence = cell.fence;
    socketbook.close = cell.close;
  }
  const metadata: CellMetadata = { slideshow: { slide_type: cell.slideType }, socketbook };
  if (cell.kind === 'answer') {
    metadata.nbgrader = { schema_version: 3, grade: false, solution: true, locked: false, grade_id: cell.id };
  } else if (cell.kind === 'tests') {
    metadata.nbgrader = { schema_version: 3, grade: true, solution: false, locked: true, points: cell.points!, grade_id: cell.id };
  }
  if (cell.kind === 'markdown') {
    return { cell_type: 'markdown', id: cell.id, metadata, source: splitSourceLines(cell.source) };
  }
  const source = variant === 'student' ? studentCellSource(cell, lesson) : cell.source;
  return { cell_type: 'code', id: cell.id, metadata, source: splitSourceLines(source), execution_count: null, outputs: [] };
}

function studentCellSource(cell: LessonCell, lesson: Lesson): string {
  const source = studentSource(cell.source, cell.regions, lesson.lang, cell.id);
  const header = exerciseHeader(cell, lesson);
  return header === undefined ? source : `${header}\n${source}`;
}
