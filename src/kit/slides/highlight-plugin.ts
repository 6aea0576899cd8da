import type { MarkdownIt } from 'markdown-it';
import { escapeHtml } from './escape-html.js';
import { highlightCode } from './highlight-code.js';
import { fenceDisplay, LineRangeError, parseLineRanges } from './line-ranges.js';
import { SlidesError } from './slides-error.js';
import { fileLine, type SlidesEnv } from './slides-env.js';

/**
 * Renders a code block for a slide: highlighted at build time, one `<span class="line">` per line, the
 * lines of `lines` (`1,3-5`) marked `highlight` and the others dimmed by the theme.
 * Throws a {@link LineRangeError} for a malformed `lines`.
 *
 * @example
 * renderCodeBlock('let a = 1;\nlet b = 2;', 'ts', '2');
 */
export function renderCodeBlock(code: string, lang: string, lines?: string): string {
  const highlighted = lines === undefined ? new Set<number>() : parseLineRanges(lines);
  const language = lang === '' ? '' : ` language-${escapeHtml(lang)}`;
  const marked = highlighted.size > 0 ? ` data-lines="${escapeHtml(lines!)}"` : '';
  return `<pre class="code"><code class="hljs${language}"${marked}>${highlightCode(code.replace(/\n$/, ''), lang, highlighted)}</code></pre>\n`;
}

/**
 * markdown-it plugin: fences are highlighted at build time with line highlighting from the info string,
 * ` ```sh {2,4-5} ` or ` ```sh lines=2 `. A malformed range fails with the lesson's file and line.
 *
 * @example
 * const md = new MarkdownIt().use(highlightPlugin);
 * md.render('```sh {2}\necho a\necho b\n```\n', env);
 */
export function highlightPlugin(md: MarkdownIt): void {
  md.renderer.rules.fence = (tokens, index, _options, renderEnv) => {
    const token = tokens[index]!;
    const env = renderEnv as SlidesEnv;
    const display = fenceDisplay(token.info);
    try {
      return renderCodeBlock(token.content, display.lang, display.lines);
    } catch (error) {
      if (!(error instanceof LineRangeError)) throw error;
      throw new SlidesError('ERR_SLIDES_BAD_LINE_RANGE', env.file, fileLine(env, token.map?.[0] ?? 0), error.message,
        'Write the lines to highlight as {2} or {1,3-5} after the language');
    }
  };
}
