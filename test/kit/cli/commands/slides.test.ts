import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../../src/kit/cli/main.js';
import { browserTestsEnabled, countPdfPages, makeDeckCourse } from '../../slides/browser-support.js';

describe('socketbook slides', () => {
  let course: Awaited<ReturnType<typeof makeDeckCourse>>;
  let out: string;
  let err: string;
  const io = () => ({ stdout: (text: string) => void (out += text), stderr: (text: string) => void (err += text), cwd: course.root });

  beforeEach(async () => {
    course = await makeDeckCourse();
    out = '';
    err = '';
  });
  afterEach(async () => {
    await course.remove();
  });

  it('--single-file --no-check writes one self-contained deck per lesson', async () => {
    expect(await main(['slides', '--single-file', '--no-check'], io())).toBe(0);
    expect(out).toBe([
      'wrote slides/en/01-deck.html (6 slides, with outputs)',
      "wrote slides/es/01-deck.html (6 slides, no outputs yet: run 'socketbook build')",
      '',
    ].join('\n'));
    const html = await readFile(join(course.root, 'slides', 'en', '01-deck.html'), 'utf8');
    expect(html).not.toContain('<script src=');
    expect(existsSync(join(course.root, 'slides', 'assets'))).toBe(false);
  });

  it.runIf(browserTestsEnabled)('--pdf checks every slide and prints LESSON to a PDF beside its deck', async () => {
    expect(await main(['slides', 'notebooks/en/01-deck.md', '--pdf'], io())).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('wrote slides/en/01-deck.pdf\n');
    expect(countPdfPages(await readFile(join(course.root, 'slides', 'en', '01-deck.pdf')))).toBe(6);
  });
});
