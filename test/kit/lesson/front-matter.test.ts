import { describe, expect, test } from 'vitest';
import { readFrontMatter } from '../../../src/kit/lesson/front-matter.js';

describe('readFrontMatter()', () => {
  test('reads references and reports the block size', () => {
    const lines = [
      '---', 'title: T', 'lesson: 4', 'lang: es', 'minutes: 45', 'objectives:', '  - Uno', 'references:',
      '  - title: Python socket', '    url: https://docs.python.org/3/library/socket.html', '---', '', '# T',
    ];
    const block = readFrontMatter(lines, 'f.md');
    expect(block.data.references).toEqual([{ title: 'Python socket', url: 'https://docs.python.org/3/library/socket.html' }]);
    expect(block.lineCount).toBe(11);
    expect(block.text).toBe(lines.slice(0, 11).map((line) => `${line}\n`).join(''));
  });

  test('rejects a reference with another key, at the references line', () => {
    const lines = ['---', 'title: T', 'lesson: 4', 'lang: es', 'minutes: 45', 'objectives: [a]', 'references:', '  - title: x', '    link: y', '---'];
    expect(() => readFrontMatter(lines, 'f.md')).toThrow(expect.objectContaining({ code: 'ERR_LESSON_FRONT_MATTER_INVALID', line: 7 }));
  });

  test('rejects an empty objectives list', () => {
    const lines = ['---', 'title: T', 'lesson: 4', 'lang: es', 'minutes: 45', 'objectives: []', '---'];
    expect(() => readFrontMatter(lines, 'f.md')).toThrow(/Invalid front matter key 'objectives'/);
  });
});
