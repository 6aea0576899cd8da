import { KitError } from '../kit-error.js';

/** A line range list is malformed: `problem` says what to write instead. */
export class LineRangeError extends KitError<'ERR_SLIDES_BAD_LINE_RANGE'> {
  constructor(readonly text: string, readonly problem: string) {
    super('ERR_SLIDES_BAD_LINE_RANGE', `Cannot read line ranges '${text}': ${problem}`);
  }
}

/**
 * Parses a list of 1-based line numbers and ranges, as in `{1,3-5}`, into a sorted set of lines.
 *
 * @example
 * [...parseLineRanges('1,3-5')]; // [1, 3, 4, 5]
 */
export function parseLineRanges(text: string): Set<number> {
  const lines = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!match) throw new LineRangeError(text, `'${part.trim()}' is not a line number or a range like 3-5`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (first < 1 || last < first) throw new LineRangeError(text, `'${part.trim()}' must count up from line 1`);
    for (let line = first; line <= last; line++) lines.add(line);
  }
  return lines;
}

/** What a fence's info string says about its code on a slide. */
export interface FenceDisplay {
  /** The language word, '' when there is none. */
  lang: string;
  /** The text of the lines to highlight (`1,3-5`), when given as `{1,3-5}` or `lines=1,3-5`. */
  lines?: string;
}

/**
 * Reads the language and the highlighted lines from a fence's info string: `ts {2,4-5}` or `sh lines=2`.
 * Other words (a code cell's `id=`, `answer`...) are ignored here; the lesson parser checks them.
 *
 * @example
 * fenceDisplay('text {2,4-5}'); // { lang: 'text', lines: '2,4-5' }
 */
export function fenceDisplay(info: string): FenceDisplay {
  const [lang = '', ...words] = info.trim().split(/\s+/);
  const rest = words.join(' ');
  const braces = /\{([^}]*)\}/.exec(rest);
  const attribute = /(?:^|\s)lines=(\S+)/.exec(rest);
  const lines = braces?.[1] ?? attribute?.[1];
  return lines === undefined ? { lang } : { lang, lines };
}
