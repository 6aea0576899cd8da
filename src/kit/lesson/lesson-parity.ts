import { isLang, type Lang } from '../lang.js';
import { codeTokens, type CodeToken } from './code-tokens.js';
import type { Lesson, LessonCell } from './lesson.js';
import { LessonParityError } from './lesson-error.js';

/**
 * Checks that two languages of a lesson have the same cells in the same order: kinds, ids, slide types,
 * notebook-only/slides-only, exercise attributes, and the same code once comments and natural-language
 * text in strings are set aside (the code inside a template's `${…}`, language codes, paths and addresses
 * are compared too). Throws a {@link LessonParityError} at the first difference, with its line in both files.
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
    const specifier = i >= 1 && (mine[i - 1]!.text === 'from' || (mine[i - 1]!.text === '(' && /^(?:import|require)$/.test(mine[i - 2]?.text ?? '')));
    const problem = a && b ? tokenDifference(a, lesson.lang, b, other.lang, specifier) : undefined;
    if (a && b && problem === undefined) continue;
    throw new LessonParityError(lesson.file, tokenLine(cell, mine, a), other.file, tokenLine(twin, theirs, b),
      `Code of cell '${cell.id}' differs between languages: ${problem ?? `'${a?.text ?? 'end of cell'}' here, '${b?.text ?? 'end of cell'}' in the other language`}`,
      'Only comments and natural-language text inside strings may differ: make the code, module paths, addresses and language codes agree');
  }
}

/**
 * Why two tokens at the same place of a cell do not match, or undefined when they do. Code must be the
 * same. Text inside quotes may be translated, except text that is code in disguise: a language code must
 * be its own lesson's (`check(…, { lang: 'es' })` in the Spanish file), and a module specifier, URL or
 * address must be the same in both languages, as must a quoted string with no letters (a separator).
 */
function tokenDifference(a: CodeToken, langA: Lang, b: CodeToken, langB: Lang, specifier: boolean): string | undefined {
  if (a.kind !== b.kind || a.kind === 'code') {
    return a.text === b.text && a.kind === b.kind ? undefined : `'${a.text}' here, '${b.text}' in the other language`;
  }
  if (isLang(a.text) || isLang(b.text)) {
    if (a.text === langA && b.text === langB) return undefined;
    return `the language code '${a.text}' here (a '${langA}' lesson), '${b.text}' in the other language (a '${langB}' lesson): each file passes its own language`;
  }
  if (a.text === b.text) return undefined;
  if (specifier || isAddress(a.text) || isAddress(b.text) || (a.kind === 'text' && (!/\p{L}/u.test(a.text) || !/\p{L}/u.test(b.text)))) {
    return `the string '${a.text}' here, '${b.text}' in the other language: a module path, URL, address or separator is code, not text to translate`;
  }
  return undefined;
}

/** A URL, an IPv4 or IPv6 address, or localhost: where a program connects, the same in every language. */
function isAddress(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(text) ||
    (/^[0-9a-f:.]+$/i.test(text) && text.includes('::')) || text === 'localhost';
}

/** The file line of a token, or of the cell's last token when the code ended before it. */
function tokenLine(cell: LessonCell, tokens: readonly CodeToken[], token: CodeToken | undefined): number {
  return cell.sourceLine + ((token ?? tokens.at(-1))?.line ?? 0);
}
