import { dirname, resolve } from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import type { Lesson, LessonCell } from '../lesson/lesson.js';
import { studentSource } from '../lesson/solution-regions.js';
import type { CodeCell, Notebook, Output } from '../notebook/nbformat.js';
import type { AssetPluginOptions } from './asset-plugin.js';
import { type DeckSlide, groupSlides } from './deck-structure.js';
import { escapeHtml } from './escape-html.js';
import { renderCodeBlock } from './highlight-plugin.js';
import { interfaceWords } from './interface-words.js';
import { fenceDisplay, LineRangeError } from './line-ranges.js';
import { renderOutputs } from './render-outputs.js';
import { SlidesError } from './slides-error.js';
import type { SlidesEnv } from './slides-env.js';
import { createSlidesMarkdown } from './slides-markdown.js';

/** Options of {@link renderDeck}. */
export interface RenderDeckOptions {
  /** The executed solutions notebook: each code cell's outputs are shown under it. @default no outputs */
  executed?: Notebook;
  /** The lesson's folder, for relative images and links. @default the folder of `lesson.file` */
  baseDir?: string;
  /** How local images and links are written in the deck. @default kept as written */
  rewrite?: AssetPluginOptions['rewrite'];
  /** Longest output shown under a code cell, in lines. @default 12 */
  maxOutputLines?: number;
}

/** The slides of a lesson as reveal.js `<section>` elements. */
export interface RenderedDeck {
  /** The `<section>` elements, to go inside `<div class="slides">`. */
  sections: string;
  /** How many slides (horizontal and vertical) the deck has, title and closing slides included. */
  slideCount: number;
}

/**
 * Renders a lesson to reveal.js sections: a title slide (title, objectives, time), the lesson's slides
 * with vertical sub-slides, fragments, speaker notes and, under each code cell, what it printed when the
 * solutions were executed, then a closing slide with the references. Exercise cells are shown as the
 * student sees them (solutions and hidden tests left out). Interface words are in the lesson's language.
 *
 * @example
 * const { sections, slideCount } = renderDeck(lesson, { executed: notebook });
 */
export function renderDeck(lesson: Lesson, options: RenderDeckOptions = {}): RenderedDeck {
  const md = createSlidesMarkdown(options.rewrite ? { rewrite: options.rewrite } : {});
  const baseDir = options.baseDir ?? resolve(dirname(lesson.file));
  const outputs = outputsById(options.executed);
  const context: Context = { lesson, md, baseDir, outputs, maxOutputLines: options.maxOutputLines ?? 12 };
  const columns = groupSlides(lesson);
  const parts = [titleSlide(context)];
  for (const column of columns) {
    const slides = column.map((slide) => slideSection(slide, context));
    parts.push(slides.length === 1 ? slides[0]! : `<section>\n${slides.join('')}</section>\n`);
  }
  parts.push(closingSlide(context));
  return { sections: parts.join(''), slideCount: 2 + columns.reduce((sum, column) => sum + column.length, 0) };
}

interface Context {
  lesson: Lesson;
  md: MarkdownIt;
  baseDir: string;
  outputs: Map<string, Output[]>;
  maxOutputLines: number;
}

function outputsById(notebook: Notebook | undefined): Map<string, Output[]> {
  const map = new Map<string, Output[]>();
  for (const cell of notebook?.cells ?? []) if (cell.cell_type === 'code') map.set(cell.id, (cell as CodeCell).outputs);
  return map;
}

function titleSlide({ lesson, md }: Context): string {
  const words = interfaceWords(lesson.lang);
  const { title, lesson: number, minutes, objectives } = lesson.frontMatter;
  const items = objectives.map((objective) => `<li>${md.renderInline(objective)}</li>\n`).join('');
  const notes = `<p>${escapeHtml(`${words.lesson} ${number} · ${words.minutes(minutes)}`)}</p>\n<ul>\n${items}</ul>\n`;
  return `<section class="title-slide" data-line="1">\n<p class="lesson-meta">${escapeHtml(`${words.lesson} ${number} · ${words.minutes(minutes)}`)}</p>\n`
    + `<h1>${md.renderInline(title)}</h1>\n<h2>${escapeHtml(words.objectives)}</h2>\n<ul class="objectives">\n${items}</ul>\n`
    + `<aside class="notes">\n${notes}</aside>\n</section>\n`;
}

function closingSlide({ lesson }: Context): string {
  const words = interfaceWords(lesson.lang);
  const references = lesson.frontMatter.references ?? [];
  const list = references.map((reference) => `<li><a href="${escapeHtml(reference.url)}">${escapeHtml(reference.title)}</a><br><span class="url">${escapeHtml(reference.url)}</span></li>\n`).join('');
  const body = references.length > 0 ? `<h2>${escapeHtml(words.references)}</h2>\n<ul class="references">\n${list}</ul>\n` : `<h2>${escapeHtml(words.questions)}</h2>\n`;
  const notes = `<p>${escapeHtml(words.questions)}</p>\n`;
  return `<section class="closing-slide">\n${body}<aside class="notes">\n${notes}</aside>\n</section>\n`;
}

function slideSection(slide: DeckSlide, context: Context): string {
  const first = slide.cells[0];
  const id = first?.explicitId ? ` id="${escapeHtml(first.id)}"` : '';
  const cells = slide.cells.map((cell) => renderCell(cell, context)).join('');
  const notes = slide.notes.length > 0 ? `<aside class="notes">\n${slide.notes.map((cell) => renderMarkdown(cell, context)).join('')}</aside>\n` : '';
  return `<section${id} data-line="${slide.line}">\n${cells}${notes}</section>\n`;
}

function renderCell(cell: LessonCell, context: Context): string {
  const html = cell.kind === 'markdown' ? renderMarkdown(cell, context) : renderCode(cell, context);
  return cell.slideType === 'fragment' ? `<div class="fragment">\n${html}</div>\n` : html;
}

function renderMarkdown(cell: LessonCell, { md, lesson, baseDir }: Context): string {
  const env: SlidesEnv = { file: lesson.file, lineOffset: cell.sourceLine - 1, baseDir };
  return md.render(cell.source, env);
}

function renderCode(cell: LessonCell, context: Context): string {
  const { lesson } = context;
  const source = cell.kind === 'code' ? cell.source : studentSource(cell.source, cell.regions, lesson.lang, cell.id);
  const display = fenceDisplay((cell.fence ?? '```ts').replace(/^\s*(`{3,}|~{3,})/, ''));
  let code: string;
  try {
    code = renderCodeBlock(source, display.lang || 'ts', display.lines);
  } catch (error) {
    if (!(error instanceof LineRangeError)) throw error;
    throw new SlidesError('ERR_SLIDES_BAD_LINE_RANGE', lesson.file, cell.line, error.message, 'Write the lines to highlight as lines=2 or lines=1,3-5');
  }
  const words = interfaceWords(lesson.lang);
  const outputs = cell.kind === 'code'
    ? renderOutputs(context.outputs.get(cell.id) ?? [], { maxLines: context.maxOutputLines, moreLines: words.moreLines })
    : '';
  return `<div class="code-cell" data-cell="${escapeHtml(cell.id)}">\n${code}${outputs}</div>\n`;
}
