import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LessonError } from '../../../src/kit/lesson/lesson-error.js';
import { parseLesson } from '../../../src/kit/lesson/parse-lesson.js';

const folder = 'test/fixtures/lessons/errors';

/** Each fixture file holds one mistake: the code it must fail with and the line it must point at. */
const cases: Array<{ name: string; code: string; line: number; says: RegExp }> = [
  { name: 'missing-front-matter', code: 'ERR_LESSON_MISSING_FRONT_MATTER', line: 1, says: /Missing front matter/ },
  { name: 'unclosed-front-matter', code: 'ERR_LESSON_UNCLOSED_FRONT_MATTER', line: 1, says: /Close the YAML block/ },
  { name: 'front-matter-yaml', code: 'ERR_LESSON_FRONT_MATTER_YAML', line: 5, says: /Cannot read the front matter/ },
  { name: 'front-matter-unknown-key', code: 'ERR_LESSON_FRONT_MATTER_UNKNOWN_KEY', line: 6, says: /Unknown front matter key 'author'/ },
  { name: 'front-matter-missing-key', code: 'ERR_LESSON_FRONT_MATTER_MISSING_KEY', line: 6, says: /Missing front matter key 'minutes'/ },
  { name: 'front-matter-invalid', code: 'ERR_LESSON_FRONT_MATTER_INVALID', line: 4, says: /'lang'.*'es' or 'en'/ },
  { name: 'unclosed-fence', code: 'ERR_LESSON_UNCLOSED_FENCE', line: 9, says: /Unclosed code fence '```ts id=a'.*Close it with a '```' line/ },
  { name: 'unknown-attribute', code: 'ERR_LESSON_UNKNOWN_ATTRIBUTE', line: 9, says: /Unknown code cell attribute 'hidden'/ },
  { name: 'invalid-attribute', code: 'ERR_LESSON_INVALID_ATTRIBUTE', line: 14, says: /Invalid points '0'.*greater than 0/ },
  { name: 'unknown-directive', code: 'ERR_LESSON_UNKNOWN_DIRECTIVE', line: 9, says: /Unknown directive 'slyde'/ },
  { name: 'invalid-directive', code: 'ERR_LESSON_INVALID_DIRECTIVE', line: 9, says: /Unknown attribute 'foo=bar' on directive 'slide'/ },
  { name: 'unclosed-comment', code: 'ERR_LESSON_UNCLOSED_COMMENT', line: 11, says: /Unclosed HTML comment/ },
  { name: 'duplicate-id', code: 'ERR_LESSON_DUPLICATE_ID', line: 13, says: /Duplicate cell id 'a' \(first used at line 9\)\. Give each cell a unique id\.$/ },
  { name: 'id-twice', code: 'ERR_LESSON_ID_TWICE', line: 12, says: /two ids: 'a' on the directive at line 11 and 'b' on the fence/ },
  { name: 'unbalanced-markers', code: 'ERR_LESSON_UNBALANCED_MARKERS', line: 11, says: /'BEGIN SOLUTION' is never closed/ },
  { name: 'misplaced-marker', code: 'ERR_LESSON_MISPLACED_MARKER', line: 18, says: /'BEGIN SOLUTION' in a tests cell/ },
  { name: 'missing-solution', code: 'ERR_LESSON_MISSING_SOLUTION', line: 9, says: /Answer cell 'a' has no solution region/ },
  { name: 'answer-without-tests', code: 'ERR_LESSON_ANSWER_WITHOUT_TESTS', line: 11, says: /Answer cell 'a' has no tests cell/ },
  { name: 'unknown-answer', code: 'ERR_LESSON_UNKNOWN_ANSWER', line: 9, says: /grades 'a', which is not an answer cell above it/ },
  { name: 'notes-outside-slide', code: 'ERR_LESSON_NOTES_OUTSIDE_SLIDE', line: 9, says: /Notes block before the first slide/ },
  { name: 'unclosed-block', code: 'ERR_LESSON_UNCLOSED_BLOCK', line: 11, says: /Unclosed 'notebook-only' block/ },
  { name: 'nested-block', code: 'ERR_LESSON_NESTED_BLOCK', line: 12, says: /'notes' block inside the 'notebook-only' block opened at line 11/ },
  { name: 'misplaced-directive', code: 'ERR_LESSON_MISPLACED_DIRECTIVE', line: 12, says: /'\/notes' closes a block that is not open/ },
  { name: 'misplaced-exercise', code: 'ERR_LESSON_MISPLACED_EXERCISE', line: 12, says: /An answer cell inside a slides-only block/ },
];

describe('parseLesson() rejects each malformed fixture with its code, file:line and a fix', () => {
  test.each(cases)('$name -> $code at line $line', ({ name, code, line, says }) => {
    const file = join(folder, `${name}.md`);
    let caught: unknown;
    try {
      parseLesson(readFileSync(file, 'utf8'), { file });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LessonError);
    const error = caught as LessonError;
    expect({ code: error.code, file: error.file, line: error.line }).toEqual({ code, file, line });
    expect(error.message.startsWith(`${file}:${line}: `)).toBe(true);
    expect(error.message).toMatch(says);
    expect(error.hint.length).toBeGreaterThan(0);
  });

  test('every fixture in the errors folder has an expected case', async () => {
    const { readdirSync } = await import('node:fs');
    const names = readdirSync(folder).map((entry) => entry.replace(/\.md$/, '')).sort();
    expect(names).toEqual(cases.map((entry) => entry.name).sort());
  });
});
