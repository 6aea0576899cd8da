import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SlidesError } from '../../../src/kit/slides/slides-error.js';
import { createSlidesMarkdown } from '../../../src/kit/slides/slides-markdown.js';
import { readFixtureCases } from './fixture-cases.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures/slides');
const env = () => ({ file: 'lesson.md', lineOffset: 10, baseDir: resolve(fixtures, 'files') });
const md = createSlidesMarkdown({ rewrite: (reference) => `../files/${reference.path}${reference.suffix}` });

describe('highlightPlugin (fixtures/slides/highlight.txt)', () => {
  for (const fixture of readFixtureCases(resolve(fixtures, 'highlight.txt'))) {
    it(fixture.title, () => expect(md.render(fixture.input, env())).toBe(fixture.expected));
  }
});

describe('assetPlugin (fixtures/slides/assets.txt)', () => {
  for (const fixture of readFixtureCases(resolve(fixtures, 'assets.txt'))) {
    it(fixture.title, () => expect(md.render(fixture.input, env())).toBe(fixture.expected));
  }
});

describe('slide Markdown errors (fixtures/slides/errors.txt)', () => {
  for (const fixture of readFixtureCases(resolve(fixtures, 'errors.txt'))) {
    it(fixture.title, () => {
      const [code, line] = fixture.expected.trim().split(' at line ');
      const error = (() => {
        try {
          md.render(fixture.input, env());
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(SlidesError);
      expect((error as SlidesError).code).toBe(code);
      expect((error as SlidesError).line).toBe(Number(line));
      expect((error as SlidesError).message).toMatch(new RegExp(`^lesson\\.md:${line}: `));
    });
  }
});

describe('createSlidesMarkdown()', () => {
  it('leaves local files as written when no rewrite is given', () => {
    expect(createSlidesMarkdown().render('![f](figure.svg)\n', env())).toBe('<p><img src="figure.svg" alt="f"></p>\n');
  });
});
