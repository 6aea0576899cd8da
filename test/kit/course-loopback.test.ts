import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonPaths } from '../../src/kit/lesson/lesson-paths.js';
import { parseLesson } from '../../src/kit/lesson/parse-lesson.js';
import { projectRoot } from '../support/jupyter.js';

// Every lesson runs in the test suite and on students' machines, so its code stays on loopback: no
// listener on a wildcard address, whether named as a host or left out of Node's own listen() and bind()
// (which then listen on every address). The socket library's listen() defaults to 127.0.0.1.
const lessons = (await lessonPaths(projectRoot)).map((path) => relative(projectRoot, path));

/** `host: '::'`, `host: '0.0.0.0'` or `host: ''`. */
const WILDCARD_HOST = /\bhost:\s*(['"`])(::|0\.0\.0\.0|)\1/;
/** Node's `server.listen(port)`, `socket.bind(0, () => …)` and the like: a port and no address. */
const NO_ADDRESS = /\.(listen|bind)\(\s*(\d[\d_]*|port)\s*(\)|,\s*(\(|async\b|resolve\b|done\b))/;

/** The lines of a lesson's code cells that listen on every address, as `file:line: code`. */
function wildcardListeners(text: string, file: string): string[] {
  return parseLesson(text, { file }).cells
    .filter((cell) => cell.kind !== 'markdown')
    .flatMap((cell) => cell.source.split('\n').map((code, index) => ({ code, line: cell.sourceLine + index })))
    .filter(({ code }) => WILDCARD_HOST.test(code) || NO_ADDRESS.test(code))
    .map(({ code, line }) => `${file}:${line}: ${code.trim()}`);
}

describe("the lessons' code listens on loopback only", () => {
  it('the course has lessons', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it('the check finds a wildcard host and a Node listen() without an address', async () => {
    const file = 'notebooks/en/04-tcp-echo.md';
    const text = (await readFile(`${projectRoot}/${file}`, 'utf8')).replace(/\n*$/, '\n\n');
    const first = text.split('\n').length + 1;
    const code = [
      "const a = await listen({ host: '::', port: 0 });",
      "const b = await listen({ host: '127.0.0.1', port: 0 });",
      'server.listen(0, () => {});',
      "server.listen(0, '::1', () => {});",
    ];
    const fence = '`'.repeat(3);
    expect(wildcardListeners(`${text}${fence}ts\n${code.join('\n')}\n${fence}\n`, file)).toEqual([
      `${file}:${first}: ${code[0]}`,
      `${file}:${first + 2}: ${code[2]}`,
    ]);
  });

  it.each(lessons)('%s', async (file) => {
    expect(wildcardListeners(await readFile(`${projectRoot}/${file}`, 'utf8'), file)).toEqual([]);
  });
});
