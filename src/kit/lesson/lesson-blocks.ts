import MarkdownIt from 'markdown-it';
import { isComment, parseDirective, type Directive } from './directive.js';
import { fenceLanguage } from './fence-info.js';
import { LessonError } from './lesson-error.js';

/** One top-level block of a lesson body, with its 0-based line range `[start, end)`. */
export type LessonBlock =
  | { type: 'directive'; directive: Directive; start: number; end: number }
  | { type: 'fence'; info: string; markup: string; start: number; end: number }
  | { type: 'prose'; start: number; end: number };

/** The parser lessons are read with: CommonMark plus GitHub tables, raw HTML on (directives are HTML). */
const markdown = new MarkdownIt({ html: true });

/**
 * Splits a lesson body into top-level blocks using markdown-it's tokens and their `map` line numbers.
 * `lines` is the whole file split on `\n`; lines before `firstLine` (the front matter) are ignored.
 * Throws a {@link LessonError} for an unclosed fence or comment and for an unknown directive.
 *
 * @example
 * scanLessonBlocks(text.split('\n'), 7, 'lesson.md');
 */
export function scanLessonBlocks(lines: readonly string[], firstLine: number, file: string): LessonBlock[] {
  // Blank the front matter instead of cutting it, so token line numbers stay those of the file.
  const body = lines.map((line, index) => (index < firstLine ? '' : line)).join('\n');
  const tokens = markdown.parse(body, {});
  const blocks: LessonBlock[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.nesting === -1) depth--;
    const topLevel = depth === 0 && token.map !== null;
    if (token.nesting === 1) depth++;
    if (!topLevel || token.nesting === -1) continue;
    const [start, end] = token.map!;
    if (token.type === 'html_block' && isComment(token.content)) {
      blocks.push({ type: 'directive', directive: parseDirective(token.content, file, start + 1), start, end });
    } else if (token.type === 'fence') {
      if (!isClosingFence(lines[end - 1], token.markup) || end - 1 === start) {
        throw new LessonError('ERR_LESSON_UNCLOSED_FENCE', file, start + 1,
          `Unclosed code fence '${lines[start]!.trim()}': it runs to the end of the file`,
          `Close it with a '${token.markup}' line`);
      }
      if (fenceLanguage(token.info) === 'ts') {
        blocks.push({ type: 'fence', info: token.info.trim(), markup: token.markup, start, end });
      } else blocks.push({ type: 'prose', start, end });
    } else blocks.push({ type: 'prose', start, end });
  }
  return blocks;
}

/**
 * True when `line` closes a fence opened with `markup` (CommonMark: up to 3 spaces, at least as many
 * of the same character, nothing after but spaces).
 *
 * @example
 * isClosingFence('````', '```'); // true
 */
export function isClosingFence(line: string | undefined, markup: string): boolean {
  if (line === undefined) return false;
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return match !== null && match[1]![0] === markup[0] && match[1]!.length >= markup.length;
}
