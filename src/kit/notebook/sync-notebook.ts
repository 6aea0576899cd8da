import { isDeepStrictEqual } from 'node:util';
import { stringify } from 'yaml';
import { formatFenceInfo, parseFenceInfo, type FenceInfo } from '../lesson/fence-info.js';
import { stripExerciseHeader } from './exercise-header.js';
import { readFrontMatter, type FrontMatter } from '../lesson/front-matter.js';
import { renderCellBody, type CellKind, type Lesson, type LessonCell } from '../lesson/lesson.js';
import { isClosingFence, scanLessonBlocks } from '../lesson/lesson-blocks.js';
import { LessonError } from '../lesson/lesson-error.js';
import { parseLesson, parseLessonPrefix, type LessonPrefix } from '../lesson/parse-lesson.js';
import { joinSource, type Cell, type Notebook, type SlideType } from './nbformat.js';
import { inNotebook, type NotebookVariant } from './build-notebook.js';
import { lessonCard } from './lesson-card.js';
import { NotebookError } from './notebook-error.js';

/** Options of {@link syncNotebook}. */
export interface SyncNotebookOptions {
  /** The notebook's path, for messages. */
  file: string;
  /** The lesson's path: messages name it and its name is checked against the front matter. */
  lessonFile: string;
  /**
   * Accept a student notebook, whose solutions are stubs and whose hidden tests are gone.
   * @default false
   */
  allowStudent?: boolean;
}

/** What a cell should become, read from the notebook. */
interface Target {
  index: number;
  kind: CellKind;
  id: string;
  /** False for generated `cell-N` ids and for cells added in Jupyter without an exercise id. */
  explicit: boolean;
  slideType: SlideType;
  source: string;
  points?: number;
  forId?: string;
  /** socketbook's verbatim Markdown, absent on cells added in Jupyter. */
  before?: string;
  fence?: string;
  close?: string;
}

const SLIDE_TYPES: readonly string[] = ['slide', 'subslide', 'fragment', 'skip', 'notes', '-'];

/**
 * Writes a notebook's inputs and metadata (never outputs) back as lesson Markdown. Cells that were not
 * changed in Jupyter come back byte for byte from `metadata.socketbook`; changed sources, slide types, ids
 * and points are written in a canonical form. Throws a {@link NotebookError} for a student notebook
 * (unless `allowStudent`) and when the result would not be a valid lesson.
 *
 * @example
 * const { markdown } = syncNotebook(await readNotebook(path), { file: path, lessonFile: 'notebooks/en/99-echo.md' });
 * await atomicWrite('notebooks/en/99-echo.md', markdown);
 */
export function syncNotebook(notebook: Notebook, options: SyncNotebookOptions): { markdown: string; lesson: Lesson } {
  const { file, lessonFile } = options;
  const fail = (message: string, cause?: unknown): never => {
    throw new NotebookError('ERR_NOTEBOOK_SYNC', file, `Cannot sync notebook ${file}: ${message}`, cause === undefined ? undefined : { cause });
  };
  const meta = notebook.metadata.socketbook as Record<string, unknown> | undefined;
  if (typeof meta !== 'object' || meta === null || typeof meta.front_matter !== 'object') {
    return fail("it has no metadata.socketbook front matter, so it was not made by 'socketbook export'. Edit the lesson Markdown instead");
  }
  if (meta.variant === 'student' && !options.allowStudent) {
    return fail(`it is a student notebook: its solutions are stubs and its hidden tests are gone, so syncing would erase them from ${lessonFile}. ` +
      'Sync the solutions notebook (socketbook export --solutions), or pass --allow-student to write it anyway');
  }
  const targets = notebook.cells.map((cell, index) => readTarget(cell, index, fail));
  const first = targets[0];
  // The first cell ends with the lesson card, made from the front matter: it is not lesson text.
  const card = lessonCard(meta.front_matter as FrontMatter);
  if (first !== undefined && first.source.endsWith(`\n\n${card}`)) {
    first.source = first.source.slice(0, -(card.length + 2)).replace(/(?:\n[ \t]*)+$/, '');
  }
  if (meta.variant === 'student') {
    for (const target of targets) {
      // The student notebook opens each exercise cell with a header line the lesson does not have.
      if (target.kind === 'answer' || target.kind === 'tests') target.source = stripExerciseHeader(target.source);
      if (target.kind === 'answer') target.source = rewrapStubs(target.source);
    }
  }
  const writer = new LessonWriter(lessonFile, meta.variant === 'student' ? 'student' : 'solutions', fail);
  writer.text = frontMatterText(meta, lessonFile);
  for (const target of targets) writer.addCell(target);
  const markdown = writer.finish(typeof meta.after === 'string' ? meta.after : '\n', targets.length);
  const final = meta.final_newline === false ? markdown.replace(/\n$/, '') : markdown;
  return { markdown: final, lesson: parseLesson(final, { file: lessonFile }) };
}

const STUB = /^([ \t]*)throw new Error\('(?:Not implemented yet: write your answer here \(exercise|Aún no implementado: escribe aquí tu respuesta \(ejercicio) [^)]*\)'\);$/;

/** A student notebook's stub lines, put back between solution markers so the lesson stays valid. */
function rewrapStubs(source: string): string {
  return source.split('\n').map((line) => {
    const indent = STUB.exec(line)?.[1];
    return indent === undefined ? line : `${indent}// BEGIN SOLUTION\n${line}\n${indent}// END SOLUTION`;
  }).join('\n');
}

function frontMatterText(meta: Record<string, unknown>, lessonFile: string): string {
  if (typeof meta.front_matter_text === 'string') {
    try {
      const { data } = readFrontMatter(meta.front_matter_text.split('\n'), lessonFile);
      if (isDeepStrictEqual(data, meta.front_matter)) return meta.front_matter_text;
    } catch (error) {
      if (!(error instanceof LessonError)) throw error;
    }
  }
  return `---\n${stringify(meta.front_matter)}---\n`;
}

function readTarget(cell: Cell, index: number, fail: (message: string) => never): Target {
  const name = `cell ${index + 1} (id '${cell.id}')`;
  if (cell.cell_type === 'raw') fail(`${name} is a raw cell, which a lesson cannot hold. Make it a Markdown or code cell`);
  const nbgrader = cell.metadata.nbgrader;
  const kind: CellKind = cell.cell_type === 'markdown' ? 'markdown'
    : nbgrader?.solution ? 'answer' : nbgrader?.grade ? 'tests' : 'code';
  const slideType = cell.metadata.slideshow?.slide_type ?? '-';
  if (!SLIDE_TYPES.includes(slideType)) fail(`${name} has an unknown slide type '${slideType}'`);
  const socketbook = cell.metadata.socketbook;
  const exercise = kind === 'answer' || kind === 'tests';
  // JupyterLab cannot edit cell ids but nbgrader's toolbar edits grade_id: for exercises, grade_id wins.
  const id = exercise && typeof nbgrader?.grade_id === 'string' ? nbgrader.grade_id : cell.id;
  let source = joinSource(cell.source);
  if (kind === 'markdown') source = source.replace(/^(?:[ \t]*\n)+/, '').replace(/(?:\n[ \t]*)+$/, '');
  const target: Target = {
    index, kind, id, slideType, source,
    explicit: exercise || (socketbook !== undefined && !id.startsWith('cell-')),
  };
  if (kind === 'tests') {
    const points = nbgrader?.points;
    if (typeof points !== 'number' || !(points > 0)) fail(`${name} is a tests cell with points ${JSON.stringify(points)}: set points above 0`);
    target.points = points;
  }
  if (socketbook) {
    if (typeof socketbook.before === 'string') target.before = socketbook.before;
    if (typeof socketbook.fence === 'string') target.fence = socketbook.fence;
    if (typeof socketbook.close === 'string') target.close = socketbook.close;
  }
  return target;
}

/** Builds the lesson text cell by cell, checking each piece by parsing the text so far. */
class LessonWriter {
  text = '';
  private readonly renames = new Map<string, string>();
  private readonly answers: string[] = [];

  constructor(
    private readonly lessonFile: string,
    private readonly variant: NotebookVariant,
    private readonly fail: (message: string, cause?: unknown) => never,
  ) {}

  addCell(target: Target): void {
    const verbatimFence = this.fenceInfo(target.fence);
    if (target.kind === 'tests') {
      const original = verbatimFence?.forId;
      target.forId = (original !== undefined ? this.renames.get(original) ?? original : undefined) ?? this.answers.at(-1);
      if (target.forId === undefined || !this.answers.includes(target.forId)) target.forId = this.answers.at(-1);
    }
    let chosen: string | undefined;
    let originalId: string | undefined;
    if (target.before !== undefined && (target.kind === 'markdown') === (target.fence === undefined)) {
      const piece = target.before + renderCellBody({ source: target.source, fence: target.fence, close: target.close });
      const parsed = this.tryParse(this.text + piece);
      const cell = parsed && lastNotebookCell(parsed, target.index, this.variant);
      originalId = cell?.id;
      if (cell && matches(cell, target)) chosen = piece;
    }
    chosen ??= this.canonicalPiece(target, verbatimFence);
    if (target.kind === 'answer') {
      this.renames.set(originalId ?? verbatimFence?.id ?? target.id, target.id);
      this.answers.push(target.id);
    }
    this.text += chosen;
  }

  finish(after: string, cellCount: number): string {
    const verbatim = this.text + after;
    const parsed = this.tryParse(verbatim, false);
    if (parsed && notebookCells(parsed.lesson, this.variant).length === cellCount) return verbatim;
    const state = this.tryParse(this.text)!;
    const close = state.openBlock ? `<!-- /${state.openBlock} -->\n` : '';
    const text = this.text + close + retainedSlidesOnly(after, this.lessonFile).map((block) => `\n${block}`).join('');
    try {
      parseLesson(text, { file: this.lessonFile });
    } catch (error) {
      if (error instanceof LessonError) this.fail(`the Markdown it gives is not a valid lesson: ${error.message}`, error);
      throw error;
    }
    return text;
  }

  private canonicalPiece(target: Target, verbatimFence: FenceInfo | undefined): string {
    const state = this.tryParse(this.text)!;
    const wantBlock = target.slideType === 'notes' ? 'notes' : target.slideType === 'skip' ? 'notebook-only' : undefined;
    const lines: string[] = [];
    if (state.openBlock && state.openBlock !== wantBlock) lines.push(`<!-- /${state.openBlock} -->`);
    lines.push('');
    for (const block of retainedSlidesOnly(target.before ?? '', this.lessonFile)) lines.push(...block.split('\n').slice(0, -1), '');
    if (wantBlock && state.openBlock !== wantBlock) lines.push(`<!-- ${wantBlock} -->`);
    const head = lines.map((line) => `${line}\n`).join('');
    const body = this.canonicalBody(target, verbatimFence);
    const word = target.slideType === 'slide' || target.slideType === 'subslide' || target.slideType === 'fragment' ? target.slideType : 'cell';
    const candidates = target.kind === 'markdown' && target.explicit
      ? [`<!-- ${word} id=${target.id} -->\n`]
      : ['', `<!-- ${word} -->\n`];
    let reason = 'it would not come back as one cell: check that a Markdown cell holds no ```ts fence or directive comment';
    for (const directive of candidates) {
      const piece = head + directive + body;
      try {
        const cell = lastNotebookCell(parseLessonPrefix(this.text + piece, { file: this.lessonFile, partial: true }), target.index, this.variant);
        if (cell && matches(cell, target)) return piece;
      } catch (error) {
        if (!(error instanceof LessonError)) throw error;
        reason = error.problem;
      }
    }
    return this.fail(`cell ${target.index + 1} (id '${target.id}') cannot be written as a lesson cell with slide type '${target.slideType}': ${reason}`);
  }

  private canonicalBody(target: Target, verbatimFence: FenceInfo | undefined): string {
    if (target.kind === 'markdown') return renderCellBody({ source: target.source });
    const info: FenceInfo = { kind: target.kind };
    if (target.explicit) info.id = target.id;
    if (target.forId !== undefined) info.forId = target.forId;
    if (target.points !== undefined) info.points = target.points;
    // Slide line highlighting has no notebook metadata: it comes from the fence as the lesson wrote it.
    if (verbatimFence?.lines !== undefined) info.lines = verbatimFence.lines;
    const sourceLines = target.source.split('\n');
    const safe = (markup: string): boolean => !sourceLines.some((line) => isClosingFence(line, markup));
    const verbatimMarkup = /^ {0,3}(`{3,}|~{3,})/.exec(target.fence ?? '')?.[1];
    if (target.fence !== undefined && verbatimMarkup && safe(verbatimMarkup) && isDeepStrictEqual(verbatimFence, info)) {
      return renderCellBody({ source: target.source, fence: target.fence, close: target.close });
    }
    let markup = verbatimMarkup && safe(verbatimMarkup) ? verbatimMarkup : '```';
    while (!safe(markup)) markup += markup[0];
    return renderCellBody({ source: target.source, fence: `${markup}${formatFenceInfo(info)}`, close: markup });
  }

  private fenceInfo(fence: string | undefined): FenceInfo | undefined {
    if (fence === undefined) return undefined;
    try {
      return parseFenceInfo(fence.replace(/^ {0,3}(`{3,}|~{3,})/, ''), this.lessonFile, 1);
    } catch (error) {
      if (error instanceof LessonError) return undefined;
      throw error;
    }
  }

  private tryParse(text: string, partial = true): LessonPrefix | undefined {
    try {
      return parseLessonPrefix(text, { file: this.lessonFile, partial });
    } catch (error) {
      if (error instanceof LessonError) return undefined;
      throw error;
    }
  }
}

function notebookCells(lesson: Lesson, variant: NotebookVariant): LessonCell[] {
  return lesson.cells.filter((cell) => inNotebook(cell, variant));
}

function lastNotebookCell(parsed: LessonPrefix, index: number, variant: NotebookVariant): LessonCell | undefined {
  const cells = notebookCells(parsed.lesson, variant);
  return cells.length === index + 1 ? cells[index] : undefined;
}

function matches(cell: LessonCell, target: Target): boolean {
  return cell.kind === target.kind && cell.slideType === target.slideType && cell.source === target.source &&
    (target.explicit ? cell.explicitId && cell.id === target.id : !cell.explicitId) &&
    cell.points === target.points && cell.forId === target.forId;
}

/** The slides-only blocks of a verbatim fragment, each as text from its opening to its closing line. */
function retainedSlidesOnly(fragment: string, file: string): string[] {
  const lines = fragment.split('\n');
  try {
    const blocks = scanLessonBlocks(lines, 0, file);
    const kept: string[] = [];
    let start: number | undefined;
    for (const block of blocks) {
      if (block.type !== 'directive' || block.directive.kind === 'cell' || block.directive.name !== 'slides-only') continue;
      if (block.directive.kind === 'open') start = block.start;
      else if (start !== undefined) {
        kept.push(lines.slice(start, block.end).map((line) => `${line}\n`).join(''));
        start = undefined;
      }
    }
    return kept;
  } catch (error) {
    if (error instanceof LessonError) return [];
    throw error;
  }
}
