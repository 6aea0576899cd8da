import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { atomicWrite } from '../../fs/atomic-write.js';
import { lessonChanges } from '../../lesson/lesson-changes.js';
import { LessonError } from '../../lesson/lesson-error.js';
import type { Lesson } from '../../lesson/lesson.js';
import { parseLesson } from '../../lesson/parse-lesson.js';
import { readNotebook } from '../../notebook/read-notebook.js';
import { syncNotebook } from '../../notebook/sync-notebook.js';
import { type Command, UsageError } from '../command.js';

/**
 * `socketbook sync NOTEBOOK.ipynb [--source LESSON.md]`: writes edits made in Jupyter back to the lesson.
 *
 * @example
 * await main(['sync', 'build/04.ipynb', '--source', 'notebooks/en/04-tcp-echo.md']);
 */
export const command: Command = {
  name: 'sync',
  summary: 'Write edits made in Jupyter back to the lesson Markdown',
  usage: 'NOTEBOOK.ipynb [--source LESSON.md] [--allow-student]',
  options: {
    source: { type: 'string' },
    'allow-student': { type: 'boolean' },
  },
  help: {
    source: "The lesson to write (default: the notebook's metadata.socketbook.source)",
    'allow-student': 'Accept a student notebook: its stubs replace the solutions in the lesson',
  },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError(`Expected one notebook file, got ${positionals.length}`);
    const notebookArg = positionals[0]!;
    const notebookPath = resolve(io.cwd, notebookArg);
    const notebook = await readNotebook(notebookPath);
    const recorded = notebook.metadata.socketbook?.source;
    let lessonPath: string;
    if (typeof values.source === 'string') lessonPath = resolve(io.cwd, values.source);
    else if (typeof recorded === 'string') lessonPath = resolve(dirname(notebookPath), recorded);
    else throw new UsageError(`${notebookArg} does not name its lesson (metadata.socketbook.source): pass --source LESSON.md`);
    const lessonLabel = relative(io.cwd, lessonPath) || lessonPath;
    const { markdown, lesson } = syncNotebook(notebook, {
      file: notebookArg,
      lessonFile: lessonLabel,
      allowStudent: values['allow-student'] === true,
    });
    const previousText = await readFile(lessonPath, 'utf8').catch(() => undefined);
    if (previousText === markdown) {
      io.stdout(`${lessonLabel} is up to date: no cell changed\n`);
      return 0;
    }
    const changes = lessonChanges(previousText === undefined ? undefined : tryParse(previousText, lessonLabel), lesson);
    await atomicWrite(lessonPath, markdown);
    const parts = [`${changes.changed} cell${changes.changed === 1 ? '' : 's'} changed`, `${changes.added} added`, `${changes.removed} removed`];
    if (changes.frontMatter) parts.push('front matter changed');
    io.stdout(`Updated ${lessonLabel}: ${parts.join(', ')}\n`);
    return 0;
  },
};

function tryParse(text: string, file: string): Lesson | undefined {
  try {
    return parseLesson(text, { file });
  } catch (error) {
    if (error instanceof LessonError) return undefined;
    throw error;
  }
}
