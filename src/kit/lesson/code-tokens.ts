/** One token of TypeScript code, for comparing the code of two languages of a lesson. */
export interface CodeToken {
  /** The token text; every string or template literal is the placeholder `"…"`. */
  text: string;
  /** 0-based line within the code. */
  line: number;
}

/**
 * Splits code into identifiers, numbers, punctuation and string literals, dropping comments and the
 * contents of strings and template literals: what must match between the Spanish and English versions
 * of a lesson, whose comments and printed strings are translated. A pragmatic scanner, not a full
 * TypeScript lexer (a regular expression literal is read as punctuation and words).
 *
 * @example
 * codeTokens("log('hola'); // saluda").map((token) => token.text); // ['log', '(', '"…"', ')', ';']
 */
export function codeTokens(code: string): CodeToken[] {
  const tokens: CodeToken[] = [];
  let line = 0;
  let index = 0;
  const advance = (to: number): void => {
    for (let i = index; i < to; i++) if (code[i] === '\n') line++;
    index = to;
  };
  while (index < code.length) {
    const rest = code.slice(index);
    const char = code[index]!;
    if (/\s/.test(char)) {
      advance(index + 1);
    } else if (rest.startsWith('//')) {
      const end = code.indexOf('\n', index);
      advance(end === -1 ? code.length : end);
    } else if (rest.startsWith('/*')) {
      const end = code.indexOf('*/', index + 2);
      advance(end === -1 ? code.length : end + 2);
    } else if (char === '"' || char === "'" || char === '`') {
      tokens.push({ text: '"…"', line });
      advance(stringEnd(code, index, char));
    } else {
      const match = /^(?:[A-Za-z_$\u00c0-\uffff][\w$\u00c0-\uffff]*|\d[\w.]*|=>|===|!==|\?\?|\?\.|\.\.\.|[^\s\w])/.exec(rest)!;
      tokens.push({ text: match[0], line });
      advance(index + match[0].length);
    }
  }
  return tokens;
}

/** The index just after the string or template literal that starts at `start`. */
function stringEnd(code: string, start: number, quote: string): number {
  let depth = 0;
  for (let i = start + 1; i < code.length; i++) {
    const char = code[i]!;
    if (char === '\\') i++;
    else if (quote === '`' && char === '$' && code[i + 1] === '{') { depth++; i++; }
    else if (quote === '`' && char === '}' && depth > 0) depth--;
    else if (char === quote && depth === 0) return i + 1;
    else if (char === '\n' && quote !== '`') return i;
  }
  return code.length;
}
