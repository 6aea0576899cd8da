import MarkdownIt from 'markdown-it';
import type { MarkdownIt as MarkdownItInstance } from 'markdown-it';
import { assetPlugin, type AssetPluginOptions } from './asset-plugin.js';
import { highlightPlugin } from './highlight-plugin.js';

/** Options of {@link createSlidesMarkdown}. */
export interface SlidesMarkdownOptions {
  /** How local images and links are written in the deck. @default kept as written */
  rewrite?: AssetPluginOptions['rewrite'];
}

/**
 * The Markdown renderer of the slides: markdown-it's default preset (CommonMark, tables, strikethrough)
 * with raw HTML allowed (lessons are written by the course's authors), no typographic replacements, plus
 * build-time code highlighting ({@link highlightPlugin}) and checked local files ({@link assetPlugin}).
 * Render with a {@link SlidesEnv} so errors name the lesson file and line.
 *
 * @example
 * const md = createSlidesMarkdown();
 * md.render('## Title\n', { file: 'lesson.md', lineOffset: 0, baseDir: '.' });
 */
export function createSlidesMarkdown(options: SlidesMarkdownOptions = {}): MarkdownItInstance {
  const md = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
  md.use(highlightPlugin);
  md.use(assetPlugin, options.rewrite ? { rewrite: options.rewrite } : {});
  return md;
}
