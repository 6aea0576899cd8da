import { basename, dirname } from 'node:path';
import { isLang } from '../lang.js';
import type { BlockName, Directive } from './directive.js';
import { parseFenceInfo } from './fence-info.js';
import { readFrontMatter } from './front-matter.js';
import { type CellKind, type Lesson, type LessonCell, type SlideType } from './lesson.js';
import { scanLessonBlocks, type LessonBlock } from './lesson-blocks.js';
import { LessonError } from './lesson-error.js';
import { LESSON_FILE_NAME } from './lesson-paths.js';
import { findMarkerRegions } from './solution-regions.js';

/** Options of {@link parseLesson}. */
export interface ParseLessonOptions {
  /** The path shown in error messages and used to check `lesson` and `lang` against the file name. */
  file: string;
  /**
   * Read a lesson that stops early (used by sync while it writes a lesson cell by cell): a block may be
   * left open, a directive may wait for its cell, and answers need no tests yet.
   * @default false
   */
  partial?: boolean;
}

/** What {@link parseLessonPrefix} knows at the end of a partial lesson. */
export interface LessonPrefix {
  lesson: Lesson;
  /** The block still open at the end, if any. */
  openBlock: BlockName | undefined;
  /** True when a directive at the end waits for the cell it applies to. */
  pendingDirective: boolean;
}


/**
 * Parses a lesson (docs/authoring.md) into its front matter and cells. Throws a {@link LessonError}
 * with file, line, problem and fix for every malformed input.
 *
 * @example
 * const lesson = parseLesson(await readFile(path, 'utf8'), { file: path });
 * lesson.cells.filter((cell) => cell.kind === 'answer').map((cell) => cell.id);
 */
export function parseLesson(text: string, options: ParseLessonOptions): Lesson {
  return parseLessonPrefix(text, options).lesson;
}

/**
 * Like {@link parseLesson}, and also reports the open block and waiting directive at the end, which a
 * `partial` parse allows.
 *
 * @example
 * const { openBlock } = parseLessonPrefix(head, { file, partial: true });
 */
export function parseLessonPrefix(text: string, options: ParseLessonOptions): LessonPrefix {
  const { file } = options;
  const normalized = text.replace(/\r\n/g, '\n');
  const finalNewline = normalized === '' || normalized.endsWith('\n');
  const lines = normalized.split('\n');
  if (finalNewline) lines.pop();
  const frontMatter = readFrontMatter(lines, file);
  checkFileName(file, frontMatter.data.lesson, frontMatter.data.lang, frontMatter.lineCount);
  const assembler = new CellAssembler(lines, frontMatter.lineCount, file);
  for (const block of scanLessonBlocks(lines, frontMatter.lineCount, file)) assembler.add(block);
  const { cells, after, openBlock, pendingDirective } = assembler.finish(options.partial ?? false);
  checkCells(cells, file, options.partial ?? false);
  const name = basename(file);
  const lesson: Lesson = {
    file,
    slug: LESSON_FILE_NAME.exec(name)?.[2] ?? name.replace(/\.md$/, ''),
    lang: frontMatter.data.lang,
    frontMatter: frontMatter.data,
    frontMatterText: frontMatter.text,
    cells,
    after,
    finalNewline,
  };
  return { lesson, openBlock, pendingDirective };
}

function checkFileName(file: string, lesson: number, lang: string, frontMatterLines: number): void {
  const number = LESSON_FILE_NAME.exec(basename(file))?.[1];
  if (number !== undefined && Number(number) !== lesson) {
    throw new LessonError('ERR_LESSON_FRONT_MATTER_INVALID', file, frontMatterLines,
      `Front matter says lesson ${lesson} but the file name says ${number}`, 'Make them equal');
  }
  const folder = basename(dirname(file));
  if (isLang(folder) && folder !== lang) {
    throw new LessonError('ERR_LESSON_FRONT_MATTER_INVALID', file, frontMatterLines,
      `Front matter says lang '${lang}' but the file is in the '${folder}' folder`, 'Make them equal');
  }
}

type CellDirective = Extract<Directive, { kind: 'cell' }>;

/** Turns blocks into cells: tracks the open block, the directive waiting for its cell, the prose being gathered. */
class CellAssembler {
  private readonly cells: LessonCell[] = [];
  private block: { name: BlockName; line: number } | undefined;
  private pending: CellDirective | undefined;
  private prose: { start: number; end: number } | undefined;
  private cursor: number;
  private slideStarted = false;

  constructor(private readonly lines: readonly string[], firstLine: number, private readonly file: string) {
    this.cursor = firstLine;
  }

  add(block: LessonBlock): void {
    if (block.type === 'prose') {
      if (this.prose) this.prose.end = block.end;
      else this.prose = { start: block.start, end: block.end };
      return;
    }
    this.flushProse();
    if (block.type === 'fence') {
      const info = parseFenceInfo(block.info, this.file, block.start + 1);
      this.addCell(info.kind, block.start, block.end, info);
      return;
    }
    this.addDirective(block.directive);
  }

  finish(partial: boolean): { cells: LessonCell[]; after: string; openBlock: BlockName | undefined; pendingDirective: boolean } {
    this.flushProse();
    if (!partial && this.pending) this.misplaced(this.pending.line, `Directive '${this.pending.name}' has no cell after it`);
    if (!partial && this.block) {
      throw new LessonError('ERR_LESSON_UNCLOSED_BLOCK', this.file, this.block.line, `Unclosed '${this.block.name}' block`,
        `Close it with '<!-- /${this.block.name} -->'`);
    }
    const after = this.text(this.cursor, this.lines.length);
    return { cells: this.cells, after, openBlock: this.block?.name, pendingDirective: this.pending !== undefined };
  }

  private addDirective(directive: Directive): void {
    const { line } = directive;
    if (directive.kind === 'cell') {
      if (this.pending) this.misplaced(line, `Two directives for one cell ('${this.pending.name}' at line ${this.pending.line})`);
      if (this.block && this.block.name !== 'slides-only' && directive.name !== 'cell') {
        this.misplaced(line, `'${directive.name}' inside a '${this.block.name}' block, whose cells are all '${this.blockSlideType()}'`,
          'Use <!-- cell --> to split cells inside the block');
      }
      this.pending = directive;
    } else if (directive.kind === 'open') {
      if (this.block) {
        throw new LessonError('ERR_LESSON_NESTED_BLOCK', this.file, line,
          `'${directive.name}' block inside the '${this.block.name}' block opened at line ${this.block.line}`,
          `Close the first block with '<!-- /${this.block.name} -->' before; blocks do not nest`);
      }
      if (this.pending && this.pending.name !== 'cell' && directive.name !== 'slides-only') {
        this.misplaced(this.pending.line, `'${this.pending.name}' before a '${directive.name}' block, whose cells are all '${directive.name === 'notes' ? 'notes' : 'skip'}'`);
      }
      this.block = { name: directive.name, line };
    } else {
      if (!this.block || this.block.name !== directive.name) {
        this.misplaced(line, `'/${directive.name}' closes a block that is not open${this.block ? ` ('${this.block.name}' is open since line ${this.block.line})` : ''}`,
          `Open it with '<!-- ${directive.name} -->' or remove this line`);
      }
      if (this.pending) this.misplaced(this.pending.line, `Directive '${this.pending.name}' has no cell after it`);
      this.block = undefined;
    }
  }

  private flushProse(): void {
    if (!this.prose) return;
    let { end } = this.prose;
    while (end > this.prose.start && this.lines[end - 1]!.trim() === '') end--;
    this.addCell('markdown', this.prose.start, end);
    this.prose = undefined;
  }

  private addCell(kind: CellKind, start: number, end: number, info?: ReturnType<typeof parseFenceInfo>): void {
    const line = start + 1;
    const pending = this.pending;
    if (pending?.id !== undefined && info?.id !== undefined) {
      throw new LessonError('ERR_LESSON_ID_TWICE', this.file, line,
        `Cell has two ids: '${pending.id}' on the directive at line ${pending.line} and '${info.id}' on the fence`,
        'Keep one of them');
    }
    const only = this.block?.name === 'notebook-only' ? 'notebook' : this.block?.name === 'slides-only' ? 'slides' : undefined;
    if (only === 'slides' && (kind === 'answer' || kind === 'tests')) {
      throw new LessonError('ERR_LESSON_MISPLACED_EXERCISE', this.file, line, `An ${kind} cell inside a slides-only block`,
        'Move exercises out of slides-only blocks: students need them in the notebook');
    }
    const slideType = this.slideTypeFor(pending);
    if (slideType === 'notes' && !this.slideStarted) {
      throw new LessonError('ERR_LESSON_NOTES_OUTSIDE_SLIDE', this.file, this.block!.line,
        'Notes block before the first slide has started', 'Move the notes after the first slide cell');
    }
    if (slideType !== 'notes' && slideType !== 'skip') this.slideStarted = true;
    const id = pending?.id ?? info?.id;
    const code = info !== undefined;
    const cell: LessonCell = {
      kind,
      id: id ?? `cell-${this.cells.length + 1}`,
      explicitId: id !== undefined,
      slideType,
      source: this.lines.slice(code ? start + 1 : start, code ? end - 1 : end).join('\n'),
      line,
      sourceLine: code ? line + 1 : line,
      regions: [],
      before: this.text(this.cursor, start),
    };
    if (only) cell.only = only;
    if (info?.forId !== undefined) cell.forId = info.forId;
    if (info?.points !== undefined) cell.points = info.points;
    if (code) {
      cell.fence = this.lines[start]!;
      cell.close = this.lines[end - 1]!;
    }
    this.cells.push(cell);
    this.pending = undefined;
    this.cursor = end;
  }

  private slideTypeFor(pending: CellDirective | undefined): SlideType {
    if (this.block && this.block.name !== 'slides-only') return this.blockSlideType();
    switch (pending?.name) {
      case 'slide': case 'subslide': case 'fragment': return pending.name;
      case 'cell': return '-';
      default: return this.cells.length === 0 ? 'slide' : '-';
    }
  }

  private blockSlideType(): SlideType {
    return this.block?.name === 'notes' ? 'notes' : 'skip';
  }

  private text(start: number, end: number): string {
    return this.lines.slice(start, end).map((line) => `${line}\n`).join('');
  }

  private misplaced(line: number, problem: string, hint = 'Put each directive right before the cell it applies to'): never {
    throw new LessonError('ERR_LESSON_MISPLACED_DIRECTIVE', this.file, line, problem, hint);
  }
}

/** Checks ids, exercises and markers over the whole lesson. */
function checkCells(cells: LessonCell[], file: string, partial: boolean): void {
  const firstUse = new Map<string, LessonCell>();
  const answers = new Map<string, LessonCell>();
  const graded = new Set<string>();
  for (const cell of cells) {
    const first = firstUse.get(cell.id);
    if (first) {
      throw new LessonError('ERR_LESSON_DUPLICATE_ID', file, idLine(cell),
        `Duplicate cell id '${cell.id}' (first used at line ${idLine(first)})`, 'Give each cell a unique id');
    }
    firstUse.set(cell.id, cell);
    if (cell.kind === 'markdown') continue;
    cell.regions = findMarkerRegions(cell.source, cell.kind, { file, sourceLine: cell.sourceLine, cellId: cell.id });
    if (cell.kind === 'answer') answers.set(cell.id, cell);
    if (cell.kind === 'tests') {
      if (!answers.has(cell.forId!)) {
        throw new LessonError('ERR_LESSON_UNKNOWN_ANSWER', file, cell.line, `Tests cell '${cell.id}' grades '${cell.forId}', which is not an answer cell above it`,
          'Set for= to the id of an answer cell defined earlier in the lesson');
      }
      graded.add(cell.forId!);
    }
  }
  if (partial) return;
  for (const answer of answers.values()) {
    if (!graded.has(answer.id)) {
      throw new LessonError('ERR_LESSON_ANSWER_WITHOUT_TESTS', file, answer.line, `Answer cell '${answer.id}' has no tests cell`,
        `Add a \`\`\`ts tests id=${answer.id}-tests for=${answer.id} points=1 cell after it`);
    }
  }
}

/** The line where a cell's id is written: its directive's line when the directive carries it. */
function idLine(cell: LessonCell): number {
  if (cell.fence !== undefined && /\bid=/.test(cell.fence)) return cell.line;
  const lines = cell.before.split('\n');
  const index = lines.findLastIndex((line) => /<!--.*\bid=/.test(line));
  return index === -1 ? cell.line : cell.line - (lines.length - 1) + index;
}
