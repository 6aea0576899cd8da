import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonPaths, studentNotebookPath } from '../../src/kit/lesson/lesson-paths.js';
import { readNotebook } from '../../src/kit/notebook/read-notebook.js';
import { lintStudentNotebook } from '../../src/kit/notebook/student-lint.js';
import { projectRoot } from '../support/jupyter.js';

// Every committed student notebook, as a student alone opens it (docs/authoring.md, "Three readers").
const lessons = (await lessonPaths(projectRoot)).map((path) => path.slice(projectRoot.length + 1));

describe('every student notebook reads as a tutorial for a student alone', () => {
  it('the course has lessons', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it.each(lessons)('%s: card, prose before code, no lecturer cues, three predictions, a concept question', async (lesson) => {
    const lang = lesson.split('/')[1] === 'es' ? 'es' : 'en';
    const notebook = await readNotebook(join(projectRoot, studentNotebookPath(lesson)));
    const problems = lintStudentNotebook(notebook, lang).map(({ cell, problem }) => `${cell}: ${problem}`);
    expect(problems, `${studentNotebookPath(lesson)}:\n  ${problems.join('\n  ')}`).toEqual([]);
  });
});
