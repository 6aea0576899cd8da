/** One token of TypeScript code, for comparing the code of two languages of a lesson. */
export interface CodeToken {
  /**
   * A piece of code (identifier, number, punctuation), or, for `kind: 'text'`, the contents of a string
   * literal or of one text part of a template literal, quotes and escapes as written.
   */
  text: string;
  /** `text` for what is between quotes, `template` for a text part of a template literal, `code` for the rest. */
  kind: 'code' | 'text' | 'template';
  /** 0-based line within the code. */
  line: number;
}

/**
 * Splits code into identifiers, numbers, punctuation and string contents, dropping comments: what is
 * compared between the Spanish and English versions of a lesson, whose comments and printed strings are
 * translated. A template literal gives a `` ` `` token, a text token per text part and the code tokens of
 * each `${…}` expression, so the code inside `${}` is compared like any code. A pragmatic scanner, not a
 * full TypeScript lexer (a regular expression literal is read as punctuation and words).
 *
 * @example
 * codeTokens("log('hola'); // saluda").map((token) => token.text); // ['log', '(', 'hola', ')', ';']
 */
export function codeTokens(code: string): CodeToken[] {
  const tokens: CodeToken[] = [];
  scan(code, 0, code.length, 0, tokens);
  return tokens;
}

/** Scans `code` from `start` to `end` (where a `}` at depth 0 also ends it, inside a template), and returns where it stopped. */
function scan(code: string, start: number, end: number, startLine: number, tokens: CodeToken[], inTemplate = false): { index: number; line: number } {
  let line = startLine;
  let index = start;
  let braces = 0;
  const advance = (to: number): void => {
    for (let i = index; i < to; i++) if (code[i] === '\n') line++;
    index = to;
  };
  while (index < end) {
    const rest = code.slice(index, end);
    const char = code[index]!;
    if (/\s/.test(char)) {
      advance(index + 1);
    } else if (rest.startsWith('//')) {
      const newline = code.indexOf('\n', index);
      advance(newline === -1 || newline > end ? end : newline);
    } else if (rest.startsWith('/*')) {
      const close = code.indexOf('*/', index + 2);
      advance(close === -1 ? end : close + 2);
    } else if (char === '"' || char === "'") {
      const stop = quotedEnd(code, index, char, end);
      tokens.push({ text: code.slice(index + 1, stop - (code[stop - 1] === char ? 1 : 0)), kind: 'text', line });
      advance(stop);
    } else if (char === '`') {
      tokens.push({ text: '`', kind: 'code', line });
      advance(index + 1);
      ({ index, line } = template(code, index, end, line, tokens));
    } else if (inTemplate && char === '}' && braces === 0) {
      return { index, line };
    } else {
      const match = /^(?:[A-Za-z_$\u00c0-\uffff][\w$\u00c0-\uffff]*|\d[\w.]*|=>|===|!==|\?\?|\?\.|\.\.\.|[^\s\w])/.exec(rest)!;
      if (match[0] === '{') braces++;
      if (match[0] === '}') braces--;
      tokens.push({ text: match[0], kind: 'code', line });
      advance(index + match[0].length);
    }
  }
  return { index, line };
}

/** Reads a template literal's body from `start` (just after its opening backtick) to just after its closing one. */
function template(code: string, start: number, end: number, startLine: number, tokens: CodeToken[]): { index: number; line: number } {
  let line = startLine;
  let text = '';
  let textLine = line;
  let index = start;
  const flush = (): void => {
    tokens.push({ text, kind: 'template', line: textLine });
    text = '';
  };
  while (index < end) {
    const char = code[index]!;
    if (char === '\\') {
      text += code.slice(index, index + 2);
      index += 2;
    } else if (char === '`') {
      flush();
      return { index: index + 1, line };
    } else if (char === '$' && code[index + 1] === '{') {
      flush();
      tokens.push({ text: '${', kind: 'code', line });
      const inner = scan(code, index + 2, end, line, tokens, true);
      tokens.push({ text: '}', kind: 'code', line: inner.line });
      index = inner.index + 1;
      line = inner.line;
      textLine = line;
    } else {
      if (char === '\n') line++;
      text += char;
      index++;
    }
  }
  flush();
  return { index, line };
}

/** The index just after the quoted string that starts at `start` (or at the end of its line, if unclosed). */
function quotedEnd(code: string, start: number, quote: string, end: number): number {
  for (let i = start + 1; i < end; i++) {
    const char = code[i]!;
    if (char === '\\') i++;
    else if (char === quote) return i + 1;
    else if (char === '\n') return i;
  }
  return end;
}
