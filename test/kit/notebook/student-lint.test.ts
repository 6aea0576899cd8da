import { describe, expect, test } from 'vitest';
import { parseLesson } from '../../../src/kit/lesson/parse-lesson.js';
import { buildNotebook } from '../../../src/kit/notebook/build-notebook.js';
import { lintStudentNotebook } from '../../../src/kit/notebook/student-lint.js';

/** A small lesson in the self-paced format; `edit` breaks one rule at a time. */
function lesson(edit: (text: string) => string = (text) => text, lang: 'en' | 'es' = 'en'): string {
  const text = `---
title: Echo
lesson: 99
lang: ${lang}
minutes: 5
minutes_alone: 10
prerequisites:
  - Lesson 03
objectives:
  - Send bytes and read them back
---

# Echo

A server that sends back what it receives, and a client.

<!-- notes -->
Ask the class what echo means.
<!-- /notes -->

\`\`\`ts id=imports
// Setup: the modules every cell below uses.
import assert from 'node:assert/strict';
\`\`\`

<!-- slide -->
## One plus one

<!-- notebook-only -->
**Predict:** what does the next cell print? Write your guess down, then run it.
<!-- /notebook-only -->

\`\`\`ts id=one
console.log(1 + 1);
\`\`\`

<!-- notes -->
Wait for answers.
<!-- /notes -->

<!-- notebook-only -->
It printed 2. **Predict:** and twice that? **Predict:** and three times?
<!-- /notebook-only -->

\`\`\`ts id=two
console.log(2 * 2, 2 * 3);
\`\`\`

<!-- notes -->
Two more.
<!-- /notes -->

<!-- slide -->
## A question

**Question** (1 point). Which is bigger, a or b? Return the letter of your answer below.

\`\`\`ts answer id=concept-size
function answerSize(): string {
  // BEGIN SOLUTION
  return 'b';
  // END SOLUTION
}
\`\`\`

\`\`\`ts tests id=concept-size-tests for=concept-size points=1
assert.equal(answerSize(), 'b');
\`\`\`

<!-- notes -->
The answer is b.
<!-- /notes -->
`;
  return edit(text);
}

const lint = (text: string, lang: 'en' | 'es' = 'en') =>
  lintStudentNotebook(buildNotebook(parseLesson(text, { file: `notebooks/${lang}/99-echo.md` }), { variant: 'student' }), lang);

describe('lintStudentNotebook()', () => {
  test('accepts a lesson in the self-paced format: notes, which students never see, may speak to the lecturer', () => {
    expect(lint(lesson())).toEqual([]);
  });

  test('rejects a code cell with only a heading before it, naming the cell', () => {
    const problems = lint(lesson((text) => text.replace('<!-- notebook-only -->\n**Predict:** what does the next cell print? Write your guess down, then run it.\n<!-- /notebook-only -->\n', '')));
    expect(problems).toEqual([
      { cell: 'one', problem: expect.stringContaining('has no explanation before it') },
      { cell: 'notebook', problem: expect.stringContaining('asks 2 predict-then-run question(s), fewer than 3') },
    ]);
  });

  test('rejects lecturer cues in what a student reads, prose or code comments', () => {
    const problems = lint(lesson((text) => text.replace('A server that sends', 'Ask the class: a server that sends').replace('console.log(1 + 1);', 'console.log(1 + 1); // pause here')));
    expect(problems[0]?.problem).toBe('speaks to the lecturer (\'Ask the class\' in "Ask the class: a server that sends back what it receives, and a client."): move it to the speaker notes');
    expect(problems.map((entry) => [entry.cell, entry.problem.split(' (')[0]])).toEqual([
      ['cell-1', 'speaks to the lecturer'],
      ['one', 'speaks to the lecturer'],
    ]);
  });

  test('rejects a notebook without prerequisites, time alone or a concept question', () => {
    const problems = lint(lesson((text) => text.replace('minutes_alone: 10\nprerequisites:\n  - Lesson 03\n', '').replaceAll('concept-size', 'size')));
    expect(problems.map((entry) => entry.problem)).toEqual([
      "the first cell gives no time for a student alone: add 'minutes_alone:' to the front matter",
      "the first cell lists no prerequisites: add 'prerequisites:' to the front matter",
      "has no graded concept question: an answer cell whose id starts with 'concept-'",
    ]);
  });

  test('in Spanish, asks for the Spanish markers and the glossary words', () => {
    const spanish = lesson((text) => text.replaceAll('**Predict:**', '**Predice:**').replace('// Setup:', '// Preparación:')
      .replace('A server that sends back what it receives, and a client.', 'Un servidor fiable que devuelve lo que recibe, y los tests del notebook.'), 'es');
    expect(lint(spanish, 'es').map((entry) => entry.problem.split(' (')[0])).toEqual([
      "uses 'fiable' where docs/glossary-es.md says 'confiable / confiabilidad'",
      "uses 'tests' where docs/glossary-es.md says 'pruebas'",
      "uses 'notebook' where docs/glossary-es.md says 'cuaderno'",
    ]);
  });
});
