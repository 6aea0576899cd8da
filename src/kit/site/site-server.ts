import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, resolve, sep } from 'node:path';
import { LESSON_FILE_NAME, LESSON_NAME_PATTERN } from '../lesson/lesson-paths.js';
import { exportLessonNotebook } from '../notebook/export-notebook.js';
import type { Notebook } from '../notebook/nbformat.js';
import { readNotebook } from '../notebook/read-notebook.js';
import { starterZip } from '../starter/starter-zip.js';
import { type CatalogLesson, readCatalog } from './course-catalog.js';
import { renderHomePage, renderIndexPage, renderLessonPage, renderReadingPage, renderSolutionsPage } from './site-pages.js';
import { solutionsView, studentView } from './student-view.js';
import { type Lang, LANGS } from '../lang.js';

/** Options of {@link startSiteServer}. */
export interface SiteServerOptions {
  /** The project folder (with `notebooks/` and `slides/`). */
  root: string;
  /** 0 asks the system for a free port. @default 4300 */
  port?: number;
  /** Only loopback: the site is for the lecturer's and author's own machine. @default '127.0.0.1' */
  host?: '127.0.0.1' | '::1' | 'localhost';
  /** Add a script to every HTML page that reloads it when {@link SiteServer.reload} is called. @default false */
  liveReload?: boolean;
  /**
   * Serve each lesson's executed solutions, for a self-paced course with no grades; without it
   * `solutions.html` is not found. Hidden tests never appear either way. @default false
   */
  showSolutions?: boolean;
}

/** A running course site. */
export interface SiteServer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  port: number;
  /** Tells every open page to reload (with `liveReload`). */
  reload: () => void;
  /** Stops listening and ends open connections. */
  close: () => Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.pdf': 'application/pdf', '.ipynb': 'application/x-ipynb+json', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2', '.woff': 'font/woff',
};

const RELOAD_SCRIPT = `<script>new EventSource('/__reload').addEventListener('reload', () => location.reload());</script>`;
/** `/<lang>/`: a language's home page. */
const HOME_ROUTE = new RegExp(`^/(${LANGS.join('|')})/$`);
/** `/<lang>/<NN-slug>/`, `…/lesson.html` or `…/solutions.html`: groups 1 language, 2 lesson name, 5 page. */
const LESSON_ROUTE = new RegExp(`^/(${LANGS.join('|')})/(${LESSON_NAME_PATTERN})/(lesson\\.html|solutions\\.html)?$`);
const LESSON_MEDIA = new Set(['.png', '.jpg', '.jpeg', '.svg', '.gif']);
/** `/starters/<NN-slug>.zip`: group 1 the lesson name. */
const STARTER_ROUTE = new RegExp(`^/starters/(${LESSON_NAME_PATTERN})\\.zip$`);

/**
 * Serves the course on loopback, showing only what students may see: `/` and `/<lang>/` list the lessons,
 * `/<lang>/NN-slug/` is a lesson's page (deck, student notebook, the lesson to read, other language),
 * `/<lang>/NN-slug/lesson.html` the student notebook with the outputs of its examples,
 * `/starters/NN-slug.zip` the lesson's starter (student notebooks of both languages, the library and what
 * runs them outside this repository, see `starterFiles()`), `/slides/` the decks,
 * and `/notebooks/` only the student notebooks and the lessons' images (never a lesson's Markdown, which
 * holds the solutions). `/<lang>/NN-slug/solutions.html` exists only with `showSolutions`. Pages are made
 * on each request, so they always show the files as they are.
 *
 * @example
 * const site = await startSiteServer({ root: process.cwd(), port: 0 });
 * console.log(site.url);
 * await site.close();
 */
export async function startSiteServer(options: SiteServerOptions): Promise<SiteServer> {
  const root = resolve(options.root);
  const listeners = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', `Cannot show this page: ${(error as Error).message}\n`);
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain', 'Only GET\n');
    if (path === '/__reload' && options.liveReload) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      response.write(': connected\n\n');
      listeners.add(response);
      request.on('close', () => listeners.delete(response));
      return;
    }
    if (path === '/') return sendPage(response, renderIndexPage());
    const home = HOME_ROUTE.exec(path);
    if (home) return sendPage(response, renderHomePage((await readCatalog(root)).catalog, home[1] as Lang));
    const lessonRoute = LESSON_ROUTE.exec(path);
    // Without showSolutions the solutions page does not exist: it answers 404 like any unknown path.
    if (lessonRoute && (lessonRoute[5] !== 'solutions.html' || options.showSolutions)) {
      const { catalog } = await readCatalog(root);
      const lesson = catalog[lessonRoute[1] as Lang].find((candidate) => candidate.name === lessonRoute[2]);
      if (!lesson) return send(response, 404, 'text/plain; charset=utf-8', `No lesson ${path}\n`);
      if (!lessonRoute[5]) return sendPage(response, renderLessonPage(catalog, lesson, { showSolutions: options.showSolutions ?? false }));
      const executed = await readIfExists(lesson.executedNotebook);
      const student = await readIfExists(lesson.studentNotebook) ?? await studentNotebookOf(root, lesson);
      return sendPage(response, lessonRoute[5] === 'lesson.html'
        ? renderReadingPage(catalog, lesson, studentView(student, executed), executed !== undefined)
        : renderSolutionsPage(catalog, lesson, executed && solutionsView(executed, student)));
    }
    const starterRoute = STARTER_ROUTE.exec(path);
    if (starterRoute) {
      const name = starterRoute[1]!;
      const { catalog } = await readCatalog(root);
      const lessons = LANGS.flatMap((lang) => catalog[lang].filter((lesson) => lesson.name === name).map((lesson) => lesson.file));
      if (lessons.length === 0) return send(response, 404, 'text/plain; charset=utf-8', `No lesson ${name}\n`);
      const zip = await starterZip({ lessons, cwd: root, folder: name });
      return send(response, 200, 'application/zip', zip, { 'content-disposition': `attachment; filename="${name}.zip"` });
    }
    if (path.startsWith('/slides/')) return sendFile(response, join(root, 'slides'), path.slice('/slides/'.length));
    if (path.startsWith('/notebooks/')) {
      const base = join(root, 'notebooks');
      const file = relative(base, resolve(base, path.slice('/notebooks/'.length))).split(sep).join('/');
      if (isStudentNotebook(file) || LESSON_MEDIA.has(extname(file).toLowerCase())) return sendFile(response, base, file);
    }
    send(response, 404, 'text/plain; charset=utf-8', `Not found: ${path}\n`);
  }

  function sendPage(response: ServerResponse, html: string): void {
    send(response, 200, TYPES['.html']!, options.liveReload ? html.replace('</body>', `${RELOAD_SCRIPT}\n</body>`) : html);
  }

  async function sendFile(response: ServerResponse, base: string, relativePath: string): Promise<void> {
    const file = resolve(base, relativePath);
    if (!file.startsWith(base + sep)) return send(response, 404, 'text/plain', 'Not found\n');
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return send(response, 404, 'text/plain; charset=utf-8', `Not found: ${relativePath}\n`);
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const body = await readFile(file);
    if (type === TYPES['.html'] && options.liveReload) return sendPage(response, body.toString('utf8'));
    const headers: Record<string, string> = {};
    if (extname(file) === '.ipynb') headers['content-disposition'] = `attachment; filename="${file.split(sep).at(-1)}"`;
    send(response, 200, type, body, headers);
  }

  const port = options.port ?? 4300;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    port: address.port,
    reload: () => {
      for (const listener of listeners) listener.write('event: reload\ndata: {}\n\n');
    },
    close: async () => {
      for (const listener of listeners) listener.end();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}

async function readIfExists(path: string): Promise<Notebook | undefined> {
  return existsSync(path) ? readNotebook(path) : undefined;
}

/** The student notebook made from the lesson, in memory, for a course whose notebooks are not written yet. */
async function studentNotebookOf(root: string, lesson: CatalogLesson): Promise<Notebook> {
  return (await exportLessonNotebook(lesson.file, { variant: 'student', outputPath: lesson.studentNotebook, cwd: root })).notebook;
}

/**
 * A student notebook under `notebooks/` (`<lang>/NN-slug.ipynb`, named like its lesson): not an executed
 * copy (`NN-slug.executed.ipynb`), not a lesson's source.
 */
function isStudentNotebook(file: string): boolean {
  const [lang, name, ...rest] = file.split('/');
  return rest.length === 0 && (LANGS as readonly string[]).includes(lang ?? '') &&
    name !== undefined && name.endsWith('.ipynb') && LESSON_FILE_NAME.test(name.replace(/\.ipynb$/, '.md'));
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
