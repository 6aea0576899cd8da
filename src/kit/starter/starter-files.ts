import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import type { ZipEntry } from '../grade/zip-writer.js';
import { studentNotebookPath } from '../lesson/lesson-paths.js';
import type { FrontMatter } from '../lesson/front-matter.js';
import type { Lang } from '../lang.js';
import type { NotebookVariant } from '../notebook/build-notebook.js';
import { exportLessonNotebook } from '../notebook/export-notebook.js';
import { DEVCONTAINER_PATH, devcontainerJson } from './devcontainer.js';
import { libraryFiles } from './library-files.js';
import { PRUNE_SCRIPT, PRUNE_SCRIPT_NAME } from './prune-script.js';
import { starterManifest } from './starter-manifest.js';
import { type StarterNotebook, starterReadme } from './starter-readme.js';
import { tslabVersion } from './tslab-version.js';

/** This package's root (the course tooling and the library it compiles), from `src/kit/starter/` or `lib/kit/starter/`. */
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A notebook of a starter, with the lesson it was made from. */
export interface StarterLessonNotebook {
  lesson: string;
  /** Path inside the starter: `<lang>/NN-slug.ipynb`. */
  path: string;
  cells: number;
}

/** What {@link starterFiles} returns. */
export interface Starter {
  /** Every file, with paths relative to the starter's folder; the notebooks come first. */
  files: ZipEntry[];
  /** The notebooks among them, in the order of the lessons. */
  notebooks: StarterLessonNotebook[];
}

/** Options of {@link starterFiles}. */
export interface StarterFilesOptions {
  /** Lesson files (`notebooks/<lang>/NN-slug.md`), each already with its other language if wanted. */
  lessons: readonly string[];
  /** `student` (stubs, no hidden tests) or `solutions`. @default 'student' */
  variant?: NotebookVariant;
  /** Relative lesson paths are read from here. @default process.cwd() */
  cwd?: string;
  /** The package whose `lib/net/` and tslab version the starter takes. @default this package */
  packageRoot?: string;
}

/**
 * Every file of a starter, a folder a student can put anywhere: `<lang>/NN-slug.ipynb` for each lesson,
 * the compiled library as `socketbook/`, a `package.json` that depends on it and on tslab, a README in both
 * languages, a dev container and the script that trims `node_modules`. After `npm install` there, the
 * notebooks run on tslab and on Deno, importing `socketbook/sockets` and the other entry points by name.
 * Nothing is written; notebooks are made from the lessons as they are, and nothing in them is rewritten.
 *
 * @example
 * const { files } = await starterFiles({ lessons: ['notebooks/en/04-tcp-echo.md', 'notebooks/es/04-tcp-echo.md'] });
 * await writeFile('starter.zip', zipArchive(files));
 */
export async function starterFiles(options: StarterFilesOptions): Promise<Starter> {
  const cwd = options.cwd ?? process.cwd();
  const packageRoot = options.packageRoot ?? PACKAGE_ROOT;
  const notebookFiles: ZipEntry[] = [];
  const listed: StarterNotebook[] = [];
  const notebooks: StarterLessonNotebook[] = [];
  for (const lesson of options.lessons) {
    const path = `${basename(dirname(lesson))}/${basename(lesson).replace(/\.md$/, '.ipynb')}`;
    // Made as if beside its lesson, like the course's own student notebook, so its bytes do not depend on
    // where the starter goes.
    const outputPath = resolve(cwd, studentNotebookPath(lesson));
    const { notebook, json } = await exportLessonNotebook(lesson, { variant: options.variant ?? 'student', outputPath, cwd });
    // The notebook carries its lesson's language and front matter: no need to read the lesson again.
    const { lang, front_matter: frontMatter } = notebook.metadata.socketbook as { lang: Lang; front_matter: FrontMatter };
    notebookFiles.push({ name: path, data: json });
    listed.push({ lang, path, title: frontMatter.title });
    notebooks.push({ lesson, path, cells: notebook.cells.length });
  }
  const course = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as { engines?: { node?: string } };
  const name = starterName(options.lessons);
  const files = [
    ...notebookFiles,
    { name: 'README.md', data: starterReadme(listed) },
    { name: 'package.json', data: starterManifest({ name, tslabVersion: await tslabVersion(packageRoot), node: course.engines?.node ?? '>=20' }) },
    { name: PRUNE_SCRIPT_NAME, data: PRUNE_SCRIPT },
    { name: DEVCONTAINER_PATH, data: devcontainerJson(name) },
    ...(await libraryFiles(packageRoot)),
  ];
  return { files, notebooks };
}

/** `socketbook-04-tcp-echo` for one lesson (in any of its languages), `socketbook-assignment` for several. */
function starterName(lessons: readonly string[]): string {
  const names = new Set(lessons.map((lesson) => basename(lesson, '.md')));
  return names.size === 1 ? `socketbook-${[...names][0]}` : 'socketbook-assignment';
}
