import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeScratchFolder, projectRoot } from '../../../support/jupyter.js';
import { browserTestsEnabled } from '../../slides/browser-support.js';

const bin = join(projectRoot, 'bin', 'socketbook.js');

/** Starts `socketbook ARGS` in `cwd` and resolves with the process and the address it prints. */
async function startCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed within 90 s:\n${output}`)), 90_000);
    const look = () => {
      const match = /Serving the course at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before serving:\n${output}`)));
  });
  return { child, url, output: () => output };
}

describe('socketbook serve and start', () => {
  let scratch: Awaited<ReturnType<typeof makeScratchFolder>> | undefined;
  let child: ChildProcess | undefined;

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    await scratch?.remove();
  });

  it('serve --watch prints its address, rebuilds a changed lesson and reloads the page, and stops on Ctrl-C', async () => {
    scratch = await makeScratchFolder();
    await cp(join(projectRoot, 'test', 'fixtures', 'slides', 'course', 'notebooks'), join(scratch.path, 'notebooks'), { recursive: true });
    const started = await startCli(['serve', '--watch'], scratch.path);
    child = started.child;
    expect(await (await fetch(new URL('/en/01-deck/', started.url))).text()).toContain('A deck of every kind of slide');
    expect((await fetch(new URL('/en/01-deck/solutions.html', started.url))).status).toBe(404);
    const events = await fetch(new URL('/__reload', started.url));
    const reader = events.body!.getReader();
    await reader.read();
    const lesson = join(scratch.path, 'notebooks', 'en', '01-deck.md');
    await writeFile(lesson, (await readFile(lesson, 'utf8')).replace('## Code and its output', '## Code, changed'));
    let received = '';
    while (!received.includes('event: reload')) received += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(await readFile(join(scratch.path, 'slides', 'en', '01-deck.html'), 'utf8')).toContain('<h2>Code, changed</h2>');
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('serve --solutions also serves each lesson\'s solutions page', async () => {
    scratch = await makeScratchFolder();
    await cp(join(projectRoot, 'test', 'fixtures', 'slides', 'course', 'notebooks'), join(scratch.path, 'notebooks'), { recursive: true });
    const started = await startCli(['serve', '--solutions'], scratch.path);
    child = started.child;
    expect(started.output()).toContain(', with the solutions');
    expect(await (await fetch(new URL('/en/01-deck/', started.url))).text()).toContain('href="/en/01-deck/solutions.html"');
    expect((await fetch(new URL('/en/01-deck/solutions.html', started.url))).status).toBe(200);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('start builds the course, renders the decks and serves them at the address it prints', async () => {
    scratch = await makeScratchFolder();
    await cp(join(projectRoot, 'test', 'fixtures', 'course', 'notebooks'), join(scratch.path, 'notebooks'), { recursive: true });
    await mkdir(join(scratch.path, 'lib', 'net'), { recursive: true });
    await writeFile(join(scratch.path, 'lib', 'net', 'index.js'), 'export const version = 1;\n');
    const started = await startCli(['start'], scratch.path);
    child = started.child;
    expect(started.output()).toContain('slides/en/01-hello.html');
    const deck = await fetch(new URL('/slides/es/01-hello.html', started.url));
    expect(deck.status).toBe(200);
    expect(await deck.text()).toContain('<pre class="output stream">escuchando</pre>');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    if (!browserTestsEnabled) return;
    // Started again with nothing changed, it opens no deck in Chromium: with none to start, it would say
    // that the overflow check was skipped.
    const again = await startCli(['start'], scratch.path, { CHROME_PATH: '/nonexistent/chromium' });
    child = again.child;
    expect(again.output()).toContain('slides/en/01-hello.html');
    expect(again.output()).not.toContain('Skipped the overflow check');
    child.kill('SIGTERM');
    expect((await once(child, 'exit'))[0]).toBe(0);
  });
});
