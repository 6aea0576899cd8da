import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCourse, CourseLessonErrors, executedNotebookPath } from '../../../src/kit/build/build-course.js';
import { makeScratchFolder, projectRoot } from '../../support/jupyter.js';

const fixture = join(projectRoot, 'test', 'fixtures', 'course');

// A course of one lesson in two languages, copied into a scratch project that has the real
// node_modules above it, built and executed on the real tslab kernel.
describe('buildCourse() on a small course, on the real tslab kernel', () => {
  let scratch: Awaited<ReturnType<typeof makeScratchFolder>>;
  let root: string;
  const en = () => join(root, 'notebooks', 'en', '01-hello.md');
  const es = () => join(root, 'notebooks', 'es', '01-hello.md');

  beforeAll(async () => {
    scratch = await makeScratchFolder();
    root = scratch.path;
    await cp(join(fixture, 'notebooks'), join(root, 'notebooks'), { recursive: true });
    await mkdir(join(root, 'lib', 'net'), { recursive: true });
    await writeFile(join(root, 'lib', 'net', 'index.js'), 'export const version = 1;\n');
  });

  afterAll(async () => {
    await scratch?.remove();
  });

  it('writes both student notebooks and executes both solution notebooks', async () => {
    const report = await buildCourse({ root });
    expect(report.ok).toBe(true);
    expect(report.written.sort()).toEqual(['notebooks/en/01-hello.ipynb', 'notebooks/es/01-hello.ipynb']);
    expect(report.results.map((r) => [r.lesson, r.status])).toEqual([
      ['notebooks/en/01-hello.md', 'executed'],
      ['notebooks/es/01-hello.md', 'executed'],
    ]);
    const executed = JSON.parse(await readFile(executedNotebookPath(root, es()), 'utf8'));
    const texts = executed.cells.flatMap((cell: { outputs?: { text?: string[] }[] }) => cell.outputs ?? []).map((o: { text?: string[] }) => (o.text ?? []).join(''));
    expect(texts).toContain('escuchando\n');
    const student = await readFile(join(root, 'notebooks', 'es', '01-hello.ipynb'), 'utf8');
    expect(student).not.toContain('return 2 * n');
    expect(student).not.toContain('double(-3)');
  });

  it('executes nothing again when nothing changed', async () => {
    const report = await buildCourse({ root });
    expect(report.written).toEqual([]);
    expect(report.results.map((r) => r.status)).toEqual(['cached', 'cached']);
  });

  it('executes again only the lesson that changed, and every lesson when the library changes', async () => {
    await writeFile(en(), (await readFile(en(), 'utf8')).replace("console.log('closed');", "console.log('closed!');"));
    const one = await buildCourse({ root });
    expect(one.results.map((r) => r.status)).toEqual(['executed', 'cached']);
    expect(one.written).toEqual(['notebooks/en/01-hello.ipynb']);

    await writeFile(join(root, 'lib', 'net', 'index.js'), 'export const version = 2;\n');
    const both = await buildCourse({ root, jobs: 2 });
    expect(both.results.map((r) => r.status)).toEqual(['executed', 'executed']);
  });

  it('fails a lesson whose cell throws, naming the file, the line that threw and the cell', async () => {
    const text = await readFile(en(), 'utf8');
    await writeFile(en(), text.replace('server.close();\nconsole.log', "server.close();\nthrow new Error('boom');\nconsole.log"));
    const report = await buildCourse({ root, lessons: [en()] });
    expect(report.ok).toBe(false);
    const line = (await readFile(en(), 'utf8')).split('\n').indexOf("throw new Error('boom');") + 1;
    expect(report.results[0]?.status).toBe('failed');
    expect(report.results[0]?.error).toBe(`notebooks/en/01-hello.md:${line}: cell 8 (id "cleanup") failed: Error: boom`);
    await writeFile(en(), text);
  });

  it('names the fence line of an async cell that throws, since tslab does not say which line threw', async () => {
    const text = await readFile(en(), 'utf8');
    await writeFile(en(), text.replace("console.log('listening');", "console.log('listening');\nserver.close();\nthrow new Error('boom');"));
    const report = await buildCourse({ root, lessons: [en()] });
    const fence = text.split('\n').indexOf('```ts id=server') + 1;
    expect(report.results[0]?.error).toBe(`notebooks/en/01-hello.md:${fence}: cell 4 (id "server") failed: Error: boom`);
    await writeFile(en(), text);
  });

  it('writes nothing when a lesson is malformed, and says where', async () => {
    const studentEn = join(root, 'notebooks', 'en', '01-hello.ipynb');
    const before = await readFile(studentEn, 'utf8');
    const text = await readFile(en(), 'utf8');
    await writeFile(en(), text.replace('```ts id=cleanup', '```ts id=server').replace("console.log('closed');", "console.log('changed');"));
    const error = await buildCourse({ root }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CourseLessonErrors);
    expect((error as CourseLessonErrors).message).toMatch(/notebooks\/en\/01-hello\.md:\d+: .*server/);
    expect(await readFile(studentEn, 'utf8')).toBe(before);
    await writeFile(en(), text);
  });

  it('refuses a lesson whose other language has different cells, naming both files', async () => {
    const text = await readFile(es(), 'utf8');
    await writeFile(es(), text.replace('```ts id=cleanup', '```ts id=limpieza'));
    const error = await buildCourse({ root, execute: false }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CourseLessonErrors);
    expect((error as Error).message).toContain('notebooks/es/01-hello.md');
    expect((error as Error).message).toContain('notebooks/en/01-hello.md');
    await writeFile(es(), text);
    expect(existsSync(join(root, 'notebooks', 'es', '01-hello.ipynb'))).toBe(true);
  });
});
