import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { lessonPaths, studentNotebookPath } from '../../../src/kit/lesson/lesson-paths.js';
import { exportLessonNotebook } from '../../../src/kit/notebook/export-notebook.js';

test('every committed student notebook equals a fresh student export of its lesson', async () => {
  const stale: string[] = [];
  for (const lesson of await lessonPaths('.')) {
    const notebookPath = studentNotebookPath(lesson);
    const committed = await readFile(notebookPath, 'utf8').catch(() => undefined);
    const { json } = await exportLessonNotebook(lesson, { variant: 'student', outputPath: notebookPath });
    if (committed !== json) stale.push(`${notebookPath} (${committed === undefined ? 'missing' : 'out of date'})`);
  }
  expect(stale, `Stale student notebooks: ${stale.join(', ')}. Run 'npm start' or 'socketbook build' to regenerate them, then commit them`)
    .toEqual([]);
});
