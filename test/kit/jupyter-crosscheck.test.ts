import { describe, expect, it } from 'vitest';
import { lessonPaths, studentNotebookPath } from '../../src/kit/lesson/lesson-paths.js';
import { jupyterTestsEnabled, nbformatErrors, projectRoot } from '../support/jupyter.js';

// Debian's Jupyter also runs every lesson's solutions notebook on tslab, in the one tslab run of the
// solutions that test/kit/course-lessons.test.ts makes per lesson (`jupyter nbconvert --execute`).
const enabled = await jupyterTestsEnabled();
const lessons = (await lessonPaths(projectRoot)).map((path) => path.slice(projectRoot.length + 1));

describe.runIf(enabled)("Debian's Jupyter accepts the student notebooks socketbook commits", () => {
  it('the course has lessons to check', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it.each(lessons)('%s: the committed student notebook is valid nbformat 4.5', async (lesson) => {
    expect(await nbformatErrors(`${projectRoot}/${studentNotebookPath(lesson)}`)).toBe('');
  });
});
