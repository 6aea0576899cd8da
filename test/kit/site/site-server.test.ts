import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCourse } from '../../../src/kit/build/build-course.js';
import { startSiteServer, type SiteServer } from '../../../src/kit/site/site-server.js';
import { buildSlides } from '../../../src/kit/slides/build-slides.js';
import { type Chromium, launchChromium } from '../../../src/kit/slides/chromium.js';
import { browserTestsEnabled, makeDeckCourse } from '../slides/browser-support.js';

describe('the course site on 127.0.0.1', () => {
  let course: Awaited<ReturnType<typeof makeDeckCourse>>;
  let site: SiteServer;

  beforeAll(async () => {
    course = await makeDeckCourse();
    await buildCourse({ root: course.root, execute: false });
    await buildSlides({ root: course.root });
    site = await startSiteServer({ root: course.root, port: 0 });
  });

  afterAll(async () => {
    await site?.close();
    await course?.remove();
  });

  const get = async (path: string) => {
    const response = await fetch(new URL(path, site.url));
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text(), headers: response.headers };
  };

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

  it('links each lesson to its deck, student notebook, executed solutions and the other language', async () => {
    const page = await get('/en/01-deck/');
    expect(page.text).toContain('href="/slides/en/01-deck.html"');
    expect(page.text).toContain('download href="/notebooks/en/01-deck.ipynb"');
    expect(page.text).toContain('href="/en/01-deck/solutions.html"');
    expect(page.text).toContain('hreflang="es" href="/es/01-deck/"');
  });

  it('shows the executed solutions with their outputs, text escaped', async () => {
    const page = await get('/en/01-deck/solutions.html');
    expect(page.text).toContain('<pre class="output stream">hello &lt;world&gt;</pre>');
    expect(page.text).toContain('<circle cx="20" cy="20" r="15" fill="#c33"/>');
  });

  it('says when a lesson is not executed yet', async () => {
    expect((await get('/es/01-deck/solutions.html')).text).toContain('Aún sin ejecutar: ejecuta &#39;socketbook build&#39;');
  });

  it('serves the student notebook as a download and refuses paths outside its folders', async () => {
    const notebook = await get('/notebooks/en/01-deck.ipynb');
    expect(notebook.status).toBe(200);
    expect(notebook.headers.get('content-disposition')).toBe('attachment; filename="01-deck.ipynb"');
    expect(JSON.parse(notebook.text).nbformat).toBe(4);
    expect((await get('/notebooks/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
    expect((await get('/fr/')).status).toBe(404);
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
          if (target.endsWith('.html') && target.includes('/slides/') || target.endsWith('/')) queue.push(target);
          else if (!visited.has(target)) {
            visited.add(target);
            const status = (await fetch(target)).status;
            if (status !== 200) failures.push(`${url} -> ${target}: ${status}`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect([...visited].map((url) => url.replace(site.url, '/'))).toEqual(expect.arrayContaining([
        '/', '/en/', '/es/', '/en/01-deck/', '/es/01-deck/', '/en/01-deck/solutions.html', '/slides/en/01-deck.html', '/notebooks/es/01-deck.ipynb',
      ]));
    });
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

