import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { codeTokens } from '../../../src/kit/lesson/code-tokens.js';
import { LessonParityError } from '../../../src/kit/lesson/lesson-error.js';
import { checkLessonParity } from '../../../src/kit/lesson/lesson-parity.js';
import { parseLesson } from '../../../src/kit/lesson/parse-lesson.js';

const enFile = 'test/fixtures/lessons/en/99-echo.md';
const esFile = 'test/fixtures/lessons/es/99-echo.md';
const en = readFileSync(enFile, 'utf8');
const es = readFileSync(esFile, 'utf8');

function parityError(esText: string): LessonParityError {
  try {
    checkLessonParity(parseLesson(esText, { file: esFile }), parseLesson(en, { file: enFile }));
  } catch (error) {
    if (error instanceof LessonParityError) return error;
    throw error;
  }
  throw new Error('expected a parity error');
}

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

describe('checkLessonParity()', () => {
  test('accepts the two fixture languages, whose prose, comments and strings differ', () => {
    expect(() => checkLessonParity(parseLesson(es, { file: esFile }), parseLesson(en, { file: enFile }))).not.toThrow();
  });

  test('reports a code difference at its line in both files', () => {
    const error = parityError(es.replace('socket.pipe(socket)', 'socket.end()'));
    expect(error.code).toBe('ERR_LESSON_PARITY');
    expect([error.file, error.line]).toEqual([esFile, lineOf(es, 'socket.pipe(socket)')]);
    expect([error.otherFile, error.otherLine]).toEqual([enFile, lineOf(en, 'socket.pipe(socket)')]);
    expect(error.message).toMatch(/Code of cell 'server' differs between languages: 'end' here, 'pipe'/);
  });

  test('reports a different slide type with the cell line in both files', () => {
    const error = parityError(es.replace('<!-- fragment -->', '<!-- subslide -->'));
    expect(error.message).toMatch(/Cell 'cell-6' differs between languages in its slide type: subslide here, fragment/);
    expect([error.line, error.otherLine]).toEqual([lineOf(es, 'El puerto 0'), lineOf(en, 'Port 0 asks')]);
  });

  test('reports different exercise points and different ids', () => {
    expect(parityError(es.replace('points=1', 'points=2')).message).toMatch(/in its points: 2 here, 1/);
    expect(parityError(es.replace('id=imports', 'id=importaciones')).message).toMatch(/in its id: importaciones here, imports/);
  });

  test('reports a missing cell with the number of cells of each file', () => {
    const error = parityError(es.replace(/<!-- notebook-only -->[\s\S]*$/, ''));
    expect(error.file).toBe(enFile);
    expect(error.line).toBe(lineOf(en, '```ts id=cleanup'));
    expect(error.message).toMatch(/has 11 cells, .* has 10/);
  });
});

describe('codeTokens()', () => {
  test('drops comments, keeps string contents as text, and splits template literals into text and code', () => {
    const tokens = codeTokens("const x = f('hola', `n ${y + 1}!`); // saluda\n/* bloque */ x;");
    expect(tokens.map((token) => `${token.kind}:${token.text}`)).toEqual([
      'code:const', 'code:x', 'code:=', 'code:f', 'code:(', 'text:hola', 'code:,',
      'code:`', 'template:n ', 'code:${', 'code:y', 'code:+', 'code:1', 'code:}', 'template:!', 'code:)', 'code:;', 'code:x', 'code:;',
    ]);
    expect(tokens.at(-1)).toMatchObject({ text: ';', line: 1 });
  });
});

describe('checkLessonParity() on strings', () => {
  const pair = (esCode: string, enCode: string) => {
    const lesson = (lang: string, code: string) => `---\ntitle: T\nlesson: 99\nlang: ${lang}\nminutes: 5\nobjectives: [o]\n---\n\n# T\n\n\`\`\`ts id=c\n${code}\n\`\`\`\n`;
    return () => checkLessonParity(parseLesson(lesson('es', esCode), { file: 'notebooks/es/99-t.md' }), parseLesson(lesson('en', enCode), { file: 'notebooks/en/99-t.md' }));
  };

  test('accepts translated text in strings and templates, and each file passing its own language', () => {
    expect(pair("log('hola', `${n} paquetes`, { lang: 'es' });", "log('hello', `${n} packets`, { lang: 'en' });")).not.toThrow();
  });

  test.each([
    ["a Spanish file passing the English language code", "check('x', { lang: 'en' }, []);", "check('x', { lang: 'en' }, []);", /language code 'en' here \(a 'es' lesson\)/],
    ['a different import path', "import { a } from '../../lib/net/index.js';", "import { a } from 'socketbook/sockets';", /module path/],
    ['a different host', "connect({ host: '127.0.0.1' });", "connect({ host: '::1' });", /'127\.0\.0\.1' here, '::1'/],
    ['different code inside ${}', 'log(`${a} b`);', 'log(`${c} b`);', /'a' here, 'c' in the other language/],
    ['a different separator', "parts.join(', ');", "parts.join(' | ');", /separator/],
  ])('rejects %s', (_name, esCode, enCode, message) => {
    expect(pair(esCode, enCode)).toThrow(message);
  });
});
