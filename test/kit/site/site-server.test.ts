import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCourse } from '../../../src/kit/build/build-course.js';
import { parseLesson } from '../../../src/kit/lesson/parse-lesson.js';
import { buildNotebook } from '../../../src/kit/notebook/build-notebook.js';
import { joinSource, type Notebook } from '../../../src/kit/notebook/nbformat.js';
import { serializeNotebook } from '../../../src/kit/notebook/serialize-notebook.js';
import { startSiteServer, type SiteServer } from '../../../src/kit/site/site-server.js';
import { buildSlides } from '../../../src/kit/slides/build-slides.js';
import { type Chromium, launchChromium } from '../../../src/kit/slides/chromium.js';
import { browserTestsEnabled, makeDeckCourse } from '../slides/browser-support.js';
import { projectRoot } from '../../support/jupyter.js';

/** A line of lesson 04's solution to `echoOnce`: no page shows it unless the site shows the solutions. */
const SOLUTION_LINE = 'const body = await reader.readExactly(length, { timeoutMs: 2000 });';
/**
 * A hidden case with its code: a `hiddenTest(name, points, run)` call. The student notebook announces each
 * hidden case by name and points only (`hiddenTest('name', 1),`), which this does not match.
 */
const HIDDEN_TESTS = /BEGIN HIDDEN TESTS|hiddenTest\((?:'[^']*'|"[^"]*"),\s*[\d.]+\s*,/;

/**
 * The deck course plus lesson 04 (an exercise with solutions and hidden tests) in both languages, built
 * without a kernel, and an English executed notebook of lesson 04 in which every code cell printed its id.
 */
async function makeSiteCourse(): Promise<Awaited<ReturnType<typeof makeDeckCourse>>> {
  const course = await makeDeckCourse();
  for (const lang of ['en', 'es']) {
    await cp(join(projectRoot, 'notebooks', lang, '04-tcp-echo.md'), join(course.root, 'notebooks', lang, '04-tcp-echo.md'));
  }
  await buildCourse({ root: course.root, execute: false });
  const file = 'notebooks/en/04-tcp-echo.md';
  const solutions = buildNotebook(parseLesson(await readFile(join(course.root, file), 'utf8'), { file }), { variant: 'solutions' });
  const executed: Notebook = {
    ...solutions,
    cells: solutions.cells.map((cell) => (cell.cell_type === 'code'
      ? { ...cell, execution_count: 1, outputs: [{ output_type: 'stream', name: 'stdout', text: `printed by ${cell.id}` }] }
      : cell)),
  };
  await mkdir(join(course.root, '.socketbook', 'build', 'en'), { recursive: true });
  await writeFile(join(course.root, '.socketbook', 'build', 'en', '04-tcp-echo.ipynb'), serializeNotebook(executed));
  return course;
}

/** The text a reader sees on a page: tags dropped (highlighting splits code into spans), entities decoded. */
function visibleText(html: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', amp: '&' };
  return html.replace(/<[^>]*>/g, '').replace(/&(#x[0-9a-f]+|#\d+|lt|gt|quot|amp);/gi, (_entity, name: string) => (name.startsWith('#')
    ? String.fromCodePoint(Number(name.replace(/^#x/i, '0x').replace(/^#/, '')))
    : named[name]!));
}

/** The source of a cell of lesson 04's English student notebook: its stub, or its visible tests. */
async function studentSource(root: string, id: string): Promise<string> {
  const notebook = JSON.parse(await readFile(join(root, 'notebooks', 'en', '04-tcp-echo.ipynb'), 'utf8')) as Notebook;
  return joinSource(notebook.cells.find((cell) => cell.id === id)!.source);
}

/** The files of a zip archive as socketbook writes it (deflated entries, sizes in each local header). */
function unzipEntries(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (let offset = 0; zip.readUInt32LE(offset) === 0x04034b50;) {
    const size = zip.readUInt32LE(offset + 18);
    const nameLength = zip.readUInt16LE(offset + 26);
    const start = offset + 30 + nameLength + zip.readUInt16LE(offset + 28);
    files.set(zip.toString('utf8', offset + 30, offset + 30 + nameLength), inflateRawSync(zip.subarray(start, start + size)));
    offset = start + size;
  }
  return files;
}

const fetchPage = async (site: SiteServer, path: string) => {
  const response = await fetch(new URL(path, site.url));
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text(), headers: response.headers };
};

describe('the course site on 127.0.0.1', () => {
  let course: Awaited<ReturnType<typeof makeDeckCourse>>;
  let site: SiteServer;

  beforeAll(async () => {
    course = await makeSiteCourse();
    await buildSlides({ root: course.root });
    site = await startSiteServer({ root: course.root, port: 0 });
  });

  afterAll(async () => {
    await site?.close();
    await course?.remove();
  });

  const get = (path: string) => fetchPage(site, path);

  it('listens on loopback at the port it was given', () => {
    expect(site.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('lists each language’s lessons with objectives and time', async () => {
    const page = await get('/es/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/es/01-deck/"');
    expect(page.text).toContain('<li>Ver cada tipo de diapositiva del formato de lección</li>');
    expect(page.text).toContain('10 min');
  });

  it('links each lesson to its deck, its starter, the lesson to read and the other language, not to solutions', async () => {
    const page = await get('/en/01-deck/');
    expect(page.text).toContain('href="/slides/en/01-deck.html"');
    expect(page.text).toContain('download href="/starters/01-deck.zip"');
    expect(page.text).toContain('<a href="/en/01-deck/lesson.html">Read the lesson</a>');
    expect(page.text).toContain('hreflang="es" href="/es/01-deck/"');
    expect(page.text).not.toContain('solutions.html');
    expect((await get('/es/04-tcp-echo/')).text).toContain('<a href="/es/04-tcp-echo/lesson.html">Leer la lección</a>');
  });

  it("serves a lesson's starter as a zip of both languages' student notebooks, the library and its setup", async () => {
    const response = await fetch(new URL('/starters/04-tcp-echo.zip', site.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="04-tcp-echo.zip"');
    const files = unzipEntries(Buffer.from(await response.arrayBuffer()));
    for (const name of ['04-tcp-echo/en/04-tcp-echo.ipynb', '04-tcp-echo/es/04-tcp-echo.ipynb', '04-tcp-echo/package.json',
      '04-tcp-echo/README.md', '04-tcp-echo/socketbook/lib/net/sockets.js']) expect(files.has(name), name).toBe(true);
    const notebook = files.get('04-tcp-echo/en/04-tcp-echo.ipynb')!.toString('utf8');
    expect(notebook).not.toContain(SOLUTION_LINE);
    expect(notebook).not.toMatch(HIDDEN_TESTS);
    expect((await get('/starters/99-nothing.zip')).status).toBe(404);
    expect((await get('/starters/..%2Fpackage.json')).status).toBe(404);
  });

  it('has no solutions page', async () => {
    expect((await get('/en/01-deck/solutions.html')).status).toBe(404);
    expect((await get('/en/04-tcp-echo/solutions.html')).status).toBe(404);
  });

  it('shows the lesson as students read it: outputs of the examples, text escaped, figures served', async () => {
    const page = await get('/en/01-deck/lesson.html');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Every kind of slide</h1>');
    expect(page.text).toContain('<pre class="output stream">hello &lt;world&gt;</pre>');
    expect(page.text).toContain('<circle cx="20" cy="20" r="15" fill="#c33"/>');
    expect(page.text).toContain('hreflang="es" href="/es/01-deck/lesson.html"');
    const figure = /<img src="([^"]+wire\.svg)"/.exec(page.text)![1]!;
    expect((await get(figure)).status).toBe(200);
  });

  it('shows an exercise as its stub and visible tests, with no solution, hidden test or exercise output', async () => {
    const page = await get('/en/04-tcp-echo/lesson.html');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<pre class="output stream">printed by conversation</pre>');
    const text = visibleText(page.text);
    expect(text).toContain('Not implemented yet: write your answer here (exercise fetch-frame)');
    expect(text).toContain(await studentSource(course.root, 'fetch-frame-tests'));
    expect(text).not.toContain(SOLUTION_LINE);
    expect(text).not.toContain('BEGIN SOLUTION');
    expect(text).not.toMatch(HIDDEN_TESTS);
    expect(text).not.toMatch(/printed by (fetch-frame|split-frames)/);
  });

  it('says when a lesson is not executed yet, and still shows it', async () => {
    const page = await get('/es/04-tcp-echo/lesson.html');
    expect(page.text).toContain('Aún sin ejecutar: ejecuta &#39;socketbook build&#39;');
    expect(visibleText(page.text)).toContain('Aún no implementado: escribe aquí tu respuesta (ejercicio fetch-frame)');
    expect(page.text).not.toContain('class="outputs"');
  });

  it('serves the student notebook as a download and refuses paths outside its folders', async () => {
    const notebook = await get('/notebooks/en/01-deck.ipynb');
    expect(notebook.status).toBe(200);
    expect(notebook.headers.get('content-disposition')).toBe('attachment; filename="01-deck.ipynb"');
    expect(JSON.parse(notebook.text).nbformat).toBe(4);
    expect((await get('/notebooks/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
    expect((await get('/notebooks/..%2F.socketbook%2Fbuild%2Fen%2F04-tcp-echo.ipynb')).status).toBe(404);
    expect((await get('/fr/')).status).toBe(404);
  });

  it('serves from /notebooks/ only student notebooks and images, never a lesson’s source or an executed notebook', async () => {
    const folder = join(course.root, 'notebooks', 'en');
    await cp(join(course.root, '.socketbook', 'build', 'en', '04-tcp-echo.ipynb'), join(folder, '04-tcp-echo.executed.ipynb'));
    await writeFile(join(folder, 'notes.txt'), 'answers\n');
    expect((await get('/notebooks/en/04-tcp-echo.ipynb')).status).toBe(200);
    expect((await get('/notebooks/figures/wire.svg')).type).toBe('image/svg+xml');
    const refused = ['/notebooks/en/04-tcp-echo.md', '/notebooks/es/01-deck.md', '/notebooks/en/04-tcp-echo.executed.ipynb', '/notebooks/en/notes.txt', '/notebooks/en/'];
    for (const path of refused) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  describe.runIf(browserTestsEnabled)('in headless Chromium', () => {
    let chromium: Chromium;
    beforeAll(async () => {
      chromium = await launchChromium();
    });
    afterAll(async () => {
      await chromium?.close();
    });

    it('every page loads without errors and every link on it resolves', async () => {
      const visited = new Set<string>();
      const queue = [site.url];
      const failures: string[] = [];
      while (queue.length > 0 && visited.size < 40) {
        const url = queue.shift()!;
        if (visited.has(url)) continue;
        visited.add(url);
        const page: Page = await chromium.context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
        const response = await page.goto(url);
        if (response?.status() !== 200) failures.push(`${url}: ${response?.status()}`);
        if (errors.length > 0) failures.push(`${url}: ${errors.join('; ')}`);
        const links = (await page.evaluate('[...document.querySelectorAll("a[href]")].map((a) => a.href)')) as string[];
        await page.close();
        for (const link of links) {
          if (!link.startsWith(site.url)) continue;
          const target = link.replace(/#.*$/, '');
          if (target.endsWith('.html') && target.includes('/slides/') || target.endsWith('/') || target.endsWith('/lesson.html')) queue.push(target);
          else if (!visited.has(target)) {
            visited.add(target);
            const status = (await fetch(target)).status;
            if (status !== 200) failures.push(`${url} -> ${target}: ${status}`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect([...visited].map((url) => url.replace(site.url, '/'))).toEqual(expect.arrayContaining([
        '/', '/en/', '/es/', '/en/01-deck/', '/es/01-deck/', '/en/01-deck/lesson.html', '/slides/en/01-deck.html', '/starters/01-deck.zip',
      ]));
    });
  });
});

describe('startSiteServer() with showSolutions', () => {
  let course: Awaited<ReturnType<typeof makeDeckCourse>>;
  let site: SiteServer;

  beforeAll(async () => {
    course = await makeSiteCourse();
    site = await startSiteServer({ root: course.root, port: 0, showSolutions: true });
  });

  afterAll(async () => {
    await site?.close();
    await course?.remove();
  });

  it('links each lesson to its executed solutions', async () => {
    expect((await fetchPage(site, '/en/01-deck/')).text).toContain('<a href="/en/01-deck/solutions.html">Solutions, executed, with outputs</a>');
  });

  it('shows the solutions with their outputs, text escaped', async () => {
    const page = await fetchPage(site, '/en/01-deck/solutions.html');
    expect(page.text).toContain('<pre class="output stream">hello &lt;world&gt;</pre>');
    expect(page.text).toContain('<circle cx="20" cy="20" r="15" fill="#c33"/>');
  });

  it('shows solution code but still no hidden test, and no output of a tests cell', async () => {
    const page = await fetchPage(site, '/en/04-tcp-echo/solutions.html');
    const text = visibleText(page.text);
    expect(text).toContain(SOLUTION_LINE);
    expect(text).toContain(await studentSource(course.root, 'fetch-frame-tests'));
    expect(text).not.toMatch(HIDDEN_TESTS);
    expect(text).not.toContain('printed by fetch-frame-tests');
    expect((await fetchPage(site, '/notebooks/en/04-tcp-echo.md')).status).toBe(404);
  });

  it('says when a lesson is not executed yet', async () => {
    expect((await fetchPage(site, '/es/01-deck/solutions.html')).text).toContain('Aún sin ejecutar: ejecuta &#39;socketbook build&#39;');
  });
});

describe('startSiteServer() before the course is built', () => {
  it('shows a lesson to read, made from its Markdown, when its student notebook is not written yet', async () => {
    const course = await makeDeckCourse();
    const site = await startSiteServer({ root: course.root, port: 0 });
    try {
      const page = await fetchPage(site, '/en/01-deck/lesson.html');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<pre class="output stream">hello &lt;world&gt;</pre>');
      expect((await fetchPage(site, '/notebooks/en/01-deck.md')).status).toBe(404);
    } finally {
      await site.close();
      await course.remove();
    }
  });
});

describe('startSiteServer() with liveReload', () => {
  it('tells open pages to reload', async () => {
    const course = await makeDeckCourse();
    const site = await startSiteServer({ root: course.root, port: 0, liveReload: true });
    try {
      expect(await (await fetch(site.url)).text()).toContain("new EventSource('/__reload')");
      const response = await fetch(new URL('/__reload', site.url));
      const reader = response.body!.getReader();
      await reader.read();
      site.reload();
      const { value } = await reader.read();
      expect(new TextDecoder().decode(value)).toContain('event: reload');
      await reader.cancel();
    } finally {
      await site.close();
      await course.remove();
    }
  });
});

