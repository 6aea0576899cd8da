import { codeTokens, type CodeToken } from './code-tokens.js';
import type { Lesson, LessonCell } from './lesson.js';
import { LessonParityError } from './lesson-error.js';

/**
 * Checks that two languages of a lesson have the same cells in the same order: kinds, ids, slide types,
 * notebook-only/slides-only, exercise attributes, and the same code once comments and string contents
 * are set aside. Throws a {@link LessonParityError} at the first difference, with its line in both files.
 *
 * @example
 * checkLessonParity(parseLesson(es, { file: esPath }), parseLesson(en, { file: enPath }));
 */
export function checkLessonParity(lesson: Lesson, other: Lesson): void {
  const count = Math.min(lesson.cells.length, other.cells.length);
  for (let i = 0; i < count; i++) compareCells(lesson, lesson.cells[i]!, other, other.cells[i]!);
  if (lesson.cells.length !== other.cells.length) {
    const longer = lesson.cells.length > other.cells.length ? lesson : other;
    const shorter = longer === lesson ? other : lesson;
    const extra = longer.cells[count]!;
    const last = shorter.cells.at(-1);
    throw new LessonParityError(longer.file, extra.line, shorter.file, last ? last.line : 1,
      `Cell ${count + 1} ('${extra.id}') has no counterpart: ${longer.file} has ${longer.cells.length} cells, ${shorter.file} has ${shorter.cells.length}`,
      'Translate the missing cells so both languages have the same cells in the same order');
  }
}

function compareCells(lesson: Lesson, cell: LessonCell, other: Lesson, twin: LessonCell): void {
  const fields = [
    ['kind', cell.kind, twin.kind],
    ['id', cell.id, twin.id],
    ['slide type', cell.slideType, twin.slideType],
    ['notebook-only/slides-only', cell.only ?? 'both', twin.only ?? 'both'],
    ['points', cell.points, twin.points],
    ['for', cell.forId, twin.forId],
  ] as const;
  for (const [name, mine, theirs] of fields) {
    if (mine !== theirs) {
      throw new LessonParityError(lesson.file, cell.line, other.file, twin.line,
        `Cell '${cell.id}' differs between languages in its ${name}: ${String(mine)} here, ${String(theirs)} in the other language`,
        'Make both languages agree');
    }
  }
  if (cell.kind === 'markdown') return;
  const mine = codeTokens(cell.source);
  const theirs = codeTokens(twin.source);
  for (let i = 0; i < Math.max(mine.length, theirs.length); i++) {
    const a = mine[i];
    const b = theirs[i];
    if (a?.text === b?.text) continue;
    throw new LessonParityError(lesson.file, tokenLine(cell, mine, a), other.file, tokenLine(twin, theirs, b),
      `Code of cell '${cell.id}' differs between languages: '${a?.text ?? 'end of cell'}' here, '${b?.text ?? 'end of cell'}' in the other language`,
      'Only comments and the text inside strings may differ: make the code the same');
  }
}

/** The file line of a token, or of the cell's last token when the code ended before it. */
function tokenLine(cell: LessonCell, tokens: readonly CodeToken[], token: CodeToken | undefined): number {
  return cell.sourceLine + ((token ?? tokens.at(-1))?.line ?? 0);
}
