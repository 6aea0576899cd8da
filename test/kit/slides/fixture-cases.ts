import { readFileSync } from 'node:fs';

/** One case of a fixture file: a description, an input and the expected output. */
export interface FixtureCase {
  title: string;
  input: string;
  expected: string;
  /** 1-based line of the description in the fixture file. */
  line: number;
}

/**
 * Reads a fixture file in markdown-it's test format: each case is a description line, then the input and
 * the expected output, each opened and closed by a line holding a single `.`. Lines outside cases are
 * comments.
 *
 * @example
 * for (const c of readFixtureCases('test/fixtures/slides/highlight.txt')) it(c.title, () => ...);
 */
export function readFixtureCases(path: string): FixtureCase[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const cases: FixtureCase[] = [];
  let index = 0;
  while (index < lines.length) {
    if (lines[index + 1] !== '.' || lines[index]!.trim() === '') {
      index++;
      continue;
    }
    const title = lines[index]!;
    const line = index + 1;
    const input: string[] = [];
    index += 2;
    while (index < lines.length && lines[index] !== '.') input.push(lines[index++]!);
    const expected: string[] = [];
    index++;
    while (index < lines.length && lines[index] !== '.') expected.push(lines[index++]!);
    if (index >= lines.length) throw new Error(`${path}:${line}: fixture case '${title}' is not closed by a '.' line`);
    index++;
    // An expected block of one empty line means: no output at all.
    const output = expected.length === 1 && expected[0] === '' ? '' : expected.join('\n') + '\n';
    cases.push({ title, input: input.join('\n') + '\n', expected: output, line });
  }
  return cases;
}
