import { readFile } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import type { FrontMatter } from '../lesson/front-matter.js';
import { lessonPaths, studentNotebookPath } from '../lesson/lesson-paths.js';
import { parseLesson } from '../lesson/parse-lesson.js';
import { executedNotebookFor } from '../slides/build-slides.js';
import { type Lang, LANGS } from '../lang.js';

/** One lesson as the course site lists it. */
export interface CatalogLesson {
  lang: Lang;
  /** `NN-slug`, the lesson's name in URLs and file names. */
  name: string;
  /** The lesson file, relative to the root. */
  file: string;
  frontMatter: FrontMatter;
  /** Absolute paths of what the site links to; each may not exist yet. */
  deck: string;
  studentNotebook: string;
  executedNotebook: string;
}

/** The lessons of the course, by language, in lesson order. */
export type Catalog = Record<Lang, CatalogLesson[]>;

/**
 * Reads every lesson's front matter for the course site. A lesson that does not parse is left out and
 * its error returned, so the site still shows the others (the build reports the error in full).
 *
 * @example
 * const { catalog } = await readCatalog(process.cwd());
 * catalog.en.map((lesson) => lesson.frontMatter.title);
 */
export async function readCatalog(root: string): Promise<{ catalog: Catalog; errors: Error[] }> {
  const catalog: Catalog = { en: [], es: [] };
  const errors: Error[] = [];
  for (const path of await lessonPaths(root)) {
    try {
      const lesson = parseLesson(await readFile(path, 'utf8'), { file: relative(root, path) });
      const name = basename(path, '.md');
      catalog[lesson.lang].push({
        lang: lesson.lang,
        name,
        file: lesson.file,
        frontMatter: lesson.frontMatter,
        deck: `${root}/slides/${lesson.lang}/${name}.html`,
        studentNotebook: studentNotebookPath(path),
        executedNotebook: executedNotebookFor(root, path),
      });
    } catch (error) {
      errors.push(error as Error);
    }
  }
  return { catalog, errors };
}

/**
 * The same lesson in the other language, when the course has it.
 *
 * @example
 * counterpart(catalog, 'es', '04-tcp-echo'); // the English lesson 04-tcp-echo
 */
export function counterpart(catalog: Catalog, lang: Lang, name: string): CatalogLesson | undefined {
  const other = LANGS.find((candidate) => candidate !== lang)!;
  return catalog[other].find((lesson) => lesson.name === name);
}
