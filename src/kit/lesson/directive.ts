import { LessonError } from './lesson-error.js';

/** A directive that starts the next cell and may set its slide type and id. */
export type CellDirectiveName = 'slide' | 'subslide' | 'fragment' | 'cell';

/** A block directive: opened by `<!-- name -->`, closed by `<!-- /name -->`. */
export type BlockName = 'notes' | 'notebook-only' | 'slides-only';

/** One parsed directive comment. */
export type Directive =
  | { kind: 'cell'; name: CellDirectiveName; id?: string; line: number }
  | { kind: 'open' | 'close'; name: BlockName; line: number };

const CELL_DIRECTIVES: readonly string[] = ['slide', 'subslide', 'fragment', 'cell'];
const BLOCKS: readonly string[] = ['notes', 'notebook-only', 'slides-only'];

/** Cell ids: 1–64 letters, digits, `-` or `_`, not starting with `cell-` (those are generated). */
export const CELL_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Checks an explicit cell id and throws a {@link LessonError} at `line` when it is not allowed.
 *
 * @example
 * checkCellId('echo-once', 'lesson.md', 12); // ok
 */
export function checkCellId(id: string, file: string, line: number): void {
  if (!CELL_ID_PATTERN.test(id)) {
    throw new LessonError('ERR_LESSON_INVALID_ATTRIBUTE', file, line, `Invalid cell id '${id}'`,
      'Use 1 to 64 letters, digits, - or _');
  }
  if (id.startsWith('cell-')) {
    throw new LessonError('ERR_LESSON_INVALID_ATTRIBUTE', file, line, `Invalid cell id '${id}': ids starting with 'cell-' are generated`,
      'Choose an id that does not start with cell-');
  }
}

/** True when an HTML block is a comment, and so must be a directive. */
export function isComment(html: string): boolean {
  return html.trimStart().startsWith('<!--');
}

/**
 * Parses the text of an HTML comment block (`<!-- slide id=server -->`) found at 1-based `line`.
 * Throws a {@link LessonError} for an unclosed comment, an unknown directive or a bad attribute.
 *
 * @example
 * parseDirective('<!-- slide id=server -->\n', 'lesson.md', 20);
 * // { kind: 'cell', name: 'slide', id: 'server', line: 20 }
 */
export function parseDirective(html: string, file: string, line: number): Directive {
  const text = html.trim();
  if (!text.includes('-->')) {
    throw new LessonError('ERR_LESSON_UNCLOSED_COMMENT', file, line, 'Unclosed HTML comment: it runs to the end of the file',
      "Close the comment with '-->'");
  }
  const match = /^<!--([\s\S]*?)-->$/.exec(text);
  const words = match ? match[1]!.trim().split(/\s+/).filter((word) => word !== '') : [];
  const [head, ...attributes] = words;
  if (!match || head === undefined) {
    throw new LessonError('ERR_LESSON_UNKNOWN_DIRECTIVE', file, line, `Unknown directive '${text.split('\n')[0]}'`,
      'Put each directive comment alone on its line, one of slide, subslide, fragment, cell, notes, notebook-only, slides-only');
  }
  const closing = head.startsWith('/');
  const name = closing ? head.slice(1) : head;
  if (!closing && CELL_DIRECTIVES.includes(name)) {
    let id: string | undefined;
    for (const attribute of attributes) {
      const idMatch = /^id=(.*)$/.exec(attribute);
      if (!idMatch || id !== undefined) {
        throw new LessonError('ERR_LESSON_INVALID_DIRECTIVE', file, line, `Unknown attribute '${attribute}' on directive '${name}'`,
          `Write '<!-- ${name} -->' or '<!-- ${name} id=NAME -->'`);
      }
      id = idMatch[1]!;
      checkCellId(id, file, line);
    }
    return id === undefined ? { kind: 'cell', name: name as CellDirectiveName, line } : { kind: 'cell', name: name as CellDirectiveName, id, line };
  }
  if (BLOCKS.includes(name)) {
    if (attributes.length > 0) {
      throw new LessonError('ERR_LESSON_INVALID_DIRECTIVE', file, line, `Directive '${head}' takes no attributes`,
        `Write '<!-- ${head} -->' alone on its line`);
    }
    return { kind: closing ? 'close' : 'open', name: name as BlockName, line };
  }
  throw new LessonError('ERR_LESSON_UNKNOWN_DIRECTIVE', file, line, `Unknown directive '${head}'`,
    'Use slide, subslide, fragment, cell, notes, notebook-only or slides-only (HTML comments are directives in a lesson)');
}
