import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A lesson file name: two-digit number, kebab-case slug. */
export const LESSON_FILE_NAME = /^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*\.md$/;

/** The lesson languages, in the order lessons are listed. */
export const LESSON_LANGS = ['en', 'es'] as const;

/**
 * Lists the lessons under `root`: every `notebooks/<lang>/NN-slug.md`, sorted, as `root`-joined paths.
 *
 * @example
 * await lessonPaths('.'); // ['notebooks/en/04-tcp-echo.md', 'notebooks/es/04-tcp-echo.md']
 */
export async function lessonPaths(root: string): Promise<string[]> {
  const paths: string[] = [];
  for (const lang of LESSON_LANGS) {
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
  if (lang !== 'es' && lang !== 'en') return undefined;
  return join(dirname(dirname(lessonPath)), lang === 'es' ? 'en' : 'es', basename(lessonPath));
}
