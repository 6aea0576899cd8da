import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { atomicWrite } from '../fs/atomic-write.js';
import { lessonPaths } from '../lesson/lesson-paths.js';
import { parseLesson } from '../lesson/parse-lesson.js';
import type { Notebook } from '../notebook/nbformat.js';
import type { AssetReference } from './asset-plugin.js';
import { copyDeckAssets, readDeckAssets } from './deck-assets.js';
import { renderDeckPage } from './deck-page.js';
import { renderDeck } from './render-deck.js';

/** Options of {@link buildSlides}. */
export interface BuildSlidesOptions {
  /** The project folder (with `notebooks/`). */
  root: string;
  /** Lesson files (absolute, or relative to `root`); every `notebooks/<lang>/NN-slug.md` when empty. @default [] */
  lessons?: string[];
  /** Inline reveal.js, styles and images into each deck, so one HTML file is the whole deck. @default false */
  singleFile?: boolean;
  /** Where decks go: `<slidesDir>/<lang>/NN-slug.html`, assets in `<slidesDir>/assets/`. @default `<root>/slides` */
  slidesDir?: string;
  /** Longest output shown under a code cell, in lines. @default 12 */
  maxOutputLines?: number;
  /** Copy reveal.js's files into `<slidesDir>/assets/` (false when the caller already did). @default true */
  copyAssets?: boolean;
}

/** One deck written by {@link buildSlides}. */
export interface DeckResult {
  /** The lesson file, relative to the root. */
  lesson: string;
  /** The deck's absolute path. */
  path: string;
  slideCount: number;
  /** True when the executed solutions notebook was found, so the deck shows outputs. */
  withOutputs: boolean;
}

const IMAGE_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
};

/**
 * The executed solutions notebook `socketbook build` writes for a lesson: `.socketbook/build/<lang>/NN-slug.ipynb`.
 *
 * @example
 * executedNotebookFor('/course', '/course/notebooks/en/04-tcp-echo.md'); // '/course/.socketbook/build/en/04-tcp-echo.ipynb'
 */
export function executedNotebookFor(root: string, lessonFile: string): string {
  return join(root, '.socketbook', 'build', basename(dirname(lessonFile)), basename(lessonFile).replace(/\.md$/, '.ipynb'));
}

/**
 * Renders lessons to reveal.js decks, `slides/<lang>/NN-slug.html`, with the outputs of the executed
 * solutions notebook when `socketbook build` has made it (no code is run here). reveal.js's files are
 * copied from node_modules into `slides/assets/`, or inlined with `singleFile`. Throws a `LessonError` or
 * a `SlidesError` (file:line) for bad input; decks of earlier lessons may already be written then.
 *
 * @example
 * const decks = await buildSlides({ root: process.cwd() });
 * for (const deck of decks) console.log(deck.path, deck.slideCount);
 */
export async function buildSlides(options: BuildSlidesOptions): Promise<DeckResult[]> {
  const { root } = options;
  const slidesDir = options.slidesDir ?? join(root, 'slides');
  const files = options.lessons?.length ? options.lessons.map((file) => resolve(root, file)) : await lessonPaths(root);
  const assets = options.singleFile ? await readDeckAssets() : undefined;
  if (!options.singleFile && options.copyAssets !== false) await copyDeckAssets(join(slidesDir, 'assets'));
  const results: DeckResult[] = [];
  for (const file of files) {
    const lesson = parseLesson(await readFile(file, 'utf8'), { file: relative(root, file) });
    const deckPath = join(slidesDir, lesson.lang, basename(file).replace(/\.md$/, '.html'));
    const executedPath = executedNotebookFor(root, file);
    const executed = existsSync(executedPath) ? (JSON.parse(await readFile(executedPath, 'utf8')) as Notebook) : undefined;
    const rewrite = (reference: AssetReference) => (options.singleFile && inlinedImage(reference)) || relativeUrl(dirname(deckPath), reference);
    const deck = renderDeck(lesson, {
      baseDir: dirname(file),
      rewrite,
      ...(executed ? { executed } : {}),
      ...(options.maxOutputLines ? { maxOutputLines: options.maxOutputLines } : {}),
    });
    const html = renderDeckPage({ lang: lesson.lang, title: lesson.frontMatter.title, sections: deck.sections, assets: assets ?? '../assets/' });
    await atomicWrite(deckPath, html);
    results.push({ lesson: lesson.file, path: deckPath, slideCount: deck.slideCount, withOutputs: executed !== undefined });
  }
  return results;
}

function relativeUrl(from: string, reference: AssetReference): string {
  return encodeURI(relative(from, reference.absolute).split(sep).join('/')) + reference.suffix;
}

/** An image as a `data:` URL, or undefined for links and files that are not images. */
function inlinedImage(reference: AssetReference): string | undefined {
  const type = IMAGE_TYPES[extname(reference.absolute).toLowerCase()];
  if (reference.kind !== 'image' || type === undefined) return undefined;
  return `data:${type};base64,${readFileSync(reference.absolute).toString('base64')}`;
}
