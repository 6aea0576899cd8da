import { checkCellId } from './directive.js';
import { LessonError } from './lesson-error.js';

/** What the info string of a ` ```ts ` fence says about its cell. */
export interface FenceInfo {
  kind: 'code' | 'answer' | 'tests';
  id?: string;
  /** With `tests`: the id of the answer cell it grades. */
  forId?: string;
  /** With `tests`: the points it is worth. */
  points?: number;
  /** Lines the slides highlight, e.g. `2,4-6` (the notebook ignores it). */
  lines?: string;
}

/** The language word of an info string (`ts` in `ts answer id=x`), or '' when there is none. */
export function fenceLanguage(info: string): string {
  return info.trim().split(/\s+/)[0] ?? '';
}

/**
 * Parses the attributes of a ` ```ts ` fence's info string (the fence is at 1-based `line`).
 *
 * @example
 * parseFenceInfo('ts tests id=shout-tests for=shout points=1', 'lesson.md', 40);
 * // { kind: 'tests', id: 'shout-tests', forId: 'shout', points: 1 }
 */
export function parseFenceInfo(info: string, file: string, line: number): FenceInfo {
  const [, ...words] = info.trim().split(/\s+/);
  const result: FenceInfo = { kind: 'code' };
  const seen = new Set<string>();
  for (const word of words) {
    const match = /^(id|for|points|lines)=(.*)$/.exec(word);
    const name = match ? match[1]! : word;
    if (!match && name !== 'answer' && name !== 'tests') {
      throw new LessonError('ERR_LESSON_UNKNOWN_ATTRIBUTE', file, line, `Unknown code cell attribute '${word}'`,
        'Use only answer, tests, id=NAME, for=ANSWER_ID, points=N and lines=RANGES');
    }
    if (seen.has(name) || ((name === 'answer' || name === 'tests') && result.kind !== 'code')) {
      throw new LessonError('ERR_LESSON_INVALID_ATTRIBUTE', file, line, `Repeated or conflicting attribute '${word}'`,
        'Give each attribute once, and either answer or tests');
    }
    seen.add(name);
    const value = match?.[2] ?? '';
    if (name === 'answer' || name === 'tests') result.kind = name;
    else if (name === 'id') {
      checkCellId(value, file, line);
      result.id = value;
    } else if (name === 'for') result.forId = value;
    else if (name === 'lines') {
      if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(value)) {
        throw new LessonError('ERR_LESSON_INVALID_ATTRIBUTE', file, line, `Invalid line ranges '${value}'`,
          'Write the lines the slides highlight as lines=2 or lines=1,3-5');
      }
      result.lines = value;
    } else {
      const points = Number(value);
      if (value.trim() === '' || !Number.isFinite(points) || points <= 0) {
        throw new LessonError('ERR_LESSON_INVALID_ATTRIBUTE', file, line, `Invalid points '${value}'`,
          'Write points=N with a number greater than 0');
      }
      result.points = points;
    }
  }
  if (result.kind !== 'code' && result.id === undefined) {
    throw new LessonError('ERR_LESSON_INVALID_ATTRIBUTE', file, line, `An ${result.kind} cell needs an id`,
      `Add id=NAME after '${result.kind}'`);
  }
  if (result.kind === 'tests' && (result.forId === undefined || result.points === undefined)) {
    throw new LessonError('ERR_LESSON_INVALID_ATTRIBUTE', file, line, 'A tests cell needs for=ANSWER_ID and points=N',
      'Add the id of the answer it grades and the points it is worth');
  }
  if (result.kind !== 'tests' && (result.forId !== undefined || result.points !== undefined)) {
    throw new LessonError('ERR_LESSON_INVALID_ATTRIBUTE', file, line, 'for= and points= belong to tests cells',
      "Add 'tests' or remove them");
  }
  return result;
}

/**
 * Writes the info string for a cell, attributes in a fixed order: `ts [answer|tests] [id=] [for=] [points=] [lines=]`.
 *
 * @example
 * formatFenceInfo({ kind: 'answer', id: 'shout' }); // 'ts answer id=shout'
 */
export function formatFenceInfo(info: FenceInfo): string {
  const words = ['ts'];
  if (info.kind !== 'code') words.push(info.kind);
  if (info.id !== undefined) words.push(`id=${info.id}`);
  if (info.forId !== undefined) words.push(`for=${info.forId}`);
  if (info.points !== undefined) words.push(`points=${info.points}`);
  if (info.lines !== undefined) words.push(`lines=${info.lines}`);
  return words.join(' ');
}
