import { joinSource, type Notebook } from '../notebook/nbformat.js';
import { escapeHtml } from '../slides/escape-html.js';
import { renderCodeBlock } from '../slides/highlight-plugin.js';
import { interfaceWords } from '../slides/interface-words.js';
import { renderOutputs } from '../slides/render-outputs.js';
import { createSlidesMarkdown } from '../slides/slides-markdown.js';
import type { CatalogLesson } from './course-catalog.js';

/** Options of {@link renderNotebookView}. */
export interface NotebookViewOptions {
  /** Longest output shown, in lines. @default 500 */
  maxOutputLines?: number;
}

/**
 * A notebook as HTML for the course site: Markdown cells rendered, code highlighted, and every output it
 * holds under its cell (text escaped; SVG and HTML only when the cell displayed them). Local images are
 * served from `/notebooks/<lang>/`.
 *
 * @example
 * const html = renderNotebookView(notebook, lesson);
 */
export function renderNotebookView(notebook: Notebook, lesson: CatalogLesson, options: NotebookViewOptions = {}): string {
  const md = createSlidesMarkdown({ rewrite: (reference) => `/notebooks/${lesson.lang}/${reference.path}${reference.suffix}` });
  const words = interfaceWords(lesson.lang);
  const baseDir = lesson.studentNotebook.replace(/\/[^/]+$/, '');
  const parts: string[] = [];
  for (const cell of notebook.cells) {
    const source = joinSource(cell.source);
    if (cell.cell_type === 'markdown') {
      parts.push(`<div class="cell markdown">${md.render(source, { file: lesson.file, lineOffset: 0, baseDir })}</div>`);
    } else if (cell.cell_type === 'code') {
      const outputs = renderOutputs(cell.outputs, { maxLines: options.maxOutputLines ?? 500, moreLines: words.moreLines });
      parts.push(`<div class="cell code" id="${escapeHtml(cell.id)}">${renderCodeBlock(source, 'ts')}${outputs}</div>`);
    }
  }
  return parts.join('\n');
}
