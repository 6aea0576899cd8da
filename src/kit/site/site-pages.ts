import { existsSync } from 'node:fs';
import type { Notebook } from '../notebook/nbformat.js';
import { escapeHtml } from '../slides/escape-html.js';
import { interfaceWords } from '../slides/interface-words.js';
import { createSlidesMarkdown } from '../slides/slides-markdown.js';
import { type Catalog, type CatalogLesson, counterpart } from './course-catalog.js';
import { renderNotebookView } from './notebook-view.js';
import { type Lang, LANGS } from '../lang.js';

const SITE_CSS = `:root { color-scheme: light dark; --fg: #111; --bg: #fff; --muted: #555; --card: #f4f6f8; --link: #0b57c2; }
@media (prefers-color-scheme: dark) { :root { --fg: #eee; --bg: #121417; --muted: #bbb; --card: #1c2026; --link: #7cb7ff; } }
body { font: 18px/1.5 system-ui, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); max-width: 980px; margin: 0 auto; padding: 1em; }
a { color: var(--link); }
header { display: flex; justify-content: space-between; align-items: baseline; gap: 1em; border-bottom: 1px solid var(--muted); }
.lesson { background: var(--card); padding: 0.6em 1em; margin: 1em 0; border-radius: 8px; }
.meta { color: var(--muted); }
pre { background: var(--card); padding: 0.6em; overflow-x: auto; font-size: 15px; }
.outputs pre { border-left: 5px solid #6aa86a; }
.outputs pre.stderr, .outputs pre.error { border-left-color: #c33; }
.cell.code { margin: 1em 0; }
.outputs svg { max-width: 100%; height: auto; background: #fff; }`;

/** Where each page of the course site is, as URL paths. */
export const sitePaths = {
  home: (lang: Lang) => `/${lang}/`,
  lesson: (lang: Lang, name: string) => `/${lang}/${name}/`,
  reading: (lang: Lang, name: string) => `/${lang}/${name}/lesson.html`,
  solutions: (lang: Lang, name: string) => `/${lang}/${name}/solutions.html`,
  deck: (lang: Lang, name: string) => `/slides/${lang}/${name}.html`,
  pdf: (lang: Lang, name: string) => `/slides/${lang}/${name}.pdf`,
  /** The lesson's starter, both languages in one zip: the same for either language's page. */
  starter: (name: string) => `/starters/${name}.zip`,
};

function page(lang: Lang | undefined, title: string, switchTo: string | undefined, body: string, extraHead = ''): string {
  const words = lang ? interfaceWords(lang) : undefined;
  const other = lang ? LANGS.find((candidate) => candidate !== lang)! : undefined;
  const languageLink = words && switchTo ? `<a class="language" hreflang="${other}" href="${escapeHtml(switchTo)}">${escapeHtml(words.language)}</a>` : '';
  return `<!doctype html>
<html lang="${lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${SITE_CSS}</style>${extraHead}
</head>
<body>
<header><p><a href="${lang ? sitePaths.home(lang) : '/'}">${escapeHtml(words?.courseTitle ?? 'socketbook')}</a></p>${languageLink}</header>
<main>
${body}
</main>
</body>
</html>
`;
}

/**
 * The site's front page: the course in each language.
 *
 * @example
 * renderIndexPage(); // links to /en/ and /es/
 */
export function renderIndexPage(): string {
  const links = LANGS.map((lang) => `<li><a hreflang="${lang}" href="${sitePaths.home(lang)}">${escapeHtml(interfaceWords(lang).courseTitle)}</a></li>`).join('\n');
  return page(undefined, 'socketbook', undefined, `<h1>socketbook</h1>\n<ul>\n${links}\n</ul>`);
}

/**
 * The home page of one language: every lesson with its objectives and time.
 *
 * @example
 * renderHomePage(catalog, 'es');
 */
export function renderHomePage(catalog: Catalog, lang: Lang): string {
  const words = interfaceWords(lang);
  const md = createSlidesMarkdown();
  const other = LANGS.find((candidate) => candidate !== lang)!;
  const items = catalog[lang].map((lesson) => {
    const objectives = lesson.frontMatter.objectives.map((objective) => `<li>${md.renderInline(objective)}</li>`).join('');
    return `<section class="lesson"><h2><a href="${sitePaths.lesson(lang, lesson.name)}">${escapeHtml(`${lesson.frontMatter.lesson}. `)}${md.renderInline(lesson.frontMatter.title)}</a></h2>
<p class="meta">${escapeHtml(words.minutes(lesson.frontMatter.minutes))}</p>
<h3>${escapeHtml(words.objectives)}</h3><ul>${objectives}</ul></section>`;
  }).join('\n');
  return page(lang, words.courseTitle, sitePaths.home(other), `<h1>${escapeHtml(words.courseTitle)}</h1>\n${items}`);
}

/** Options of {@link renderLessonPage}. */
export interface LessonPageOptions {
  /** Link the executed solutions (a self-paced course with no grades). @default false */
  showSolutions?: boolean;
}

/**
 * The page of one lesson: its deck, its starter to download (the notebooks with the library and the setup
 * that runs them anywhere), the lesson to read, the same lesson in the other language and, only with
 * `showSolutions`, the executed solutions.
 *
 * @example
 * renderLessonPage(catalog, lesson);
 */
export function renderLessonPage(catalog: Catalog, lesson: CatalogLesson, options: LessonPageOptions = {}): string {
  const { lang, name, frontMatter } = lesson;
  const words = interfaceWords(lang);
  const md = createSlidesMarkdown();
  const links = [
    existsSync(lesson.deck) ? `<li><a href="${sitePaths.deck(lang, name)}">${escapeHtml(words.slides)}</a></li>` : '',
    existsSync(lesson.deck.replace(/\.html$/, '.pdf')) ? `<li><a href="${sitePaths.pdf(lang, name)}">${escapeHtml(words.pdf)}</a></li>` : '',
    `<li><a download href="${sitePaths.starter(name)}">${escapeHtml(words.starter)}</a></li>`,
    `<li><a href="${sitePaths.reading(lang, name)}">${escapeHtml(words.readLesson)}</a></li>`,
    options.showSolutions ? `<li><a href="${sitePaths.solutions(lang, name)}">${escapeHtml(words.solutions)}</a></li>` : '',
  ].filter((link) => link !== '').join('\n');
  const objectives = frontMatter.objectives.map((objective) => `<li>${md.renderInline(objective)}</li>`).join('');
  const other = counterpart(catalog, lang, name);
  const body = `<p><a href="${sitePaths.home(lang)}">${escapeHtml(words.backToLessons)}</a></p>
<h1>${escapeHtml(`${words.lesson} ${frontMatter.lesson}: `)}${md.renderInline(frontMatter.title)}</h1>
<p class="meta">${escapeHtml(words.minutes(frontMatter.minutes))}</p>
<ul>${links}</ul>
<h2>${escapeHtml(words.objectives)}</h2><ul>${objectives}</ul>`;
  return page(lang, frontMatter.title, other ? sitePaths.lesson(other.lang, name) : undefined, body);
}

/**
 * The lesson as students read it (see `studentView()`): the student notebook with the outputs of its
 * examples, and a note when the solutions are not executed yet, so there are no outputs to show.
 *
 * @example
 * renderReadingPage(catalog, lesson, studentView(student, executed), executed !== undefined);
 */
export function renderReadingPage(catalog: Catalog, lesson: CatalogLesson, notebook: Notebook, executed: boolean): string {
  const words = interfaceWords(lesson.lang);
  const other = counterpart(catalog, lesson.lang, lesson.name);
  const body = `<p><a href="${sitePaths.lesson(lesson.lang, lesson.name)}">${escapeHtml(lesson.frontMatter.title)}</a></p>
${executed ? '' : `<p>${escapeHtml(words.notExecuted)}</p>\n`}${renderNotebookView(notebook, lesson)}`;
  return page(lesson.lang, lesson.frontMatter.title, other ? sitePaths.reading(other.lang, lesson.name) : undefined, body);
}

/**
 * The executed solutions notebook of a lesson as a page (hidden tests taken out by `solutionsView()`), or a
 * note saying it is not executed yet. Only served with the site's `showSolutions`.
 *
 * @example
 * renderSolutionsPage(catalog, lesson, notebook);
 */
export function renderSolutionsPage(catalog: Catalog, lesson: CatalogLesson, notebook: Notebook | undefined): string {
  const words = interfaceWords(lesson.lang);
  const other = counterpart(catalog, lesson.lang, lesson.name);
  const body = `<p><a href="${sitePaths.lesson(lesson.lang, lesson.name)}">${escapeHtml(lesson.frontMatter.title)}</a></p>
<h1>${escapeHtml(words.solutions)}</h1>
${notebook ? renderNotebookView(notebook, lesson) : `<p>${escapeHtml(words.notExecuted)}</p>`}`;
  return page(lesson.lang, `${lesson.frontMatter.title} — ${words.solutions}`, other ? sitePaths.solutions(other.lang, lesson.name) : undefined, body);
}
