import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isLang, LANGS } from '../lang.js';

/**
 * A lesson's name, as a regular expression source: its two-digit number (group 1), a hyphen and its
 * kebab-case slug (group 2), as in `04-tcp-echo`. The one definition the file names, the parser and the
 * site's routes share.
 */
export const LESSON_NAME_PATTERN = '(\\d\\d)-([a-z0-9]+(?:-[a-z0-9]+)*)';

/** A lesson file name: `NN-slug.md`. */
export const LESSON_FILE_NAME = new RegExp(`^${LESSON_NAME_PATTERN}\\.md$`);

/**
 * Lists the lessons under `root`: every `notebooks/<lang>/NN-slug.md`, sorted, as `root`-joined paths.
 *
 * @example
 * await lessonPaths('.'); // ['notebooks/en/04-tcp-echo.md', 'notebooks/es/04-tcp-echo.md']
 */
export async function lessonPaths(root: string): Promise<string[]> {
  const paths: string[] = [];
  for (const lang of LANGS) {
    let names: string[];
    try {
      names = await readdir(join(root, 'notebooks', lang));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const name of names.filter((entry) => LESSON_FILE_NAME.test(entry)).sort()) {
      paths.push(join(root, 'notebooks', lang, name));
    }
  }
  return paths;
}

/**
 * Where the student notebook of a lesson is committed: beside it, `.md` replaced by `.ipynb`.
 *
 * @example
 * studentNotebookPath('notebooks/es/04-tcp-echo.md'); // 'notebooks/es/04-tcp-echo.ipynb'
 */
export function studentNotebookPath(lessonPath: string): string {
  return lessonPath.replace(/\.md$/, '.ipynb');
}

/**
 * The same lesson in the other language: `notebooks/es/04-x.md` <-> `notebooks/en/04-x.md`, or undefined
 * when the file is not in a language folder.
 *
 * @example
 * counterpartPath('notebooks/es/04-tcp-echo.md'); // 'notebooks/en/04-tcp-echo.md'
 */
export function counterpartPath(lessonPath: string): string | undefined {
  const lang = basename(dirname(lessonPath));
  if (!isLang(lang)) return undefined;
  const other = LANGS.find((candidate) => candidate !== lang)!;
  return join(dirname(dirname(lessonPath)), other, basename(lessonPath));
}
