import { afterEach, describe, expect, it } from 'vitest';
import { showHtml, showSvg } from '../../src/net/show.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>A dot</title>' +
  '<circle cx="5" cy="5" r="4"/></svg>';

type Sent = { bundle: Record<string, string>; options: unknown };
type Global = { Deno?: unknown; __tslab__?: unknown };
const global = globalThis as Global;

afterEach(() => {
  delete global.Deno;
  delete global.__tslab__;
});

function fakeDeno(): Sent[] {
  const sent: Sent[] = [];
  global.Deno = {
    jupyter: {
      display: async (bundle: Record<string, string>, options: unknown) => {
        sent.push({ bundle, options });
      },
    },
  };
  return sent;
}

function fakeTslab(): Array<[string, string]> {
  const sent: Array<[string, string]> = [];
  const module = { display: { raw: (type: string, data: string) => sent.push([type, data]) } };
  global.__tslab__ = { require: (id: string) => (id === 'tslab' ? module : undefined) };
  return sent;
}

describe('showSvg()', () => {
  it('prints one line with the SVG title outside a notebook', async () => {
    const lines: string[] = [];
    await showSvg(SVG, { write: (text) => lines.push(text) });
    expect(lines).toEqual([`[SVG: A dot (${Buffer.byteLength(SVG)} bytes), shown as a figure in a notebook]`]);
  });

  it('sends a raw MIME bundle with a plain-text alternative to Deno.jupyter.display', async () => {
    const sent = fakeDeno();
    await showSvg(SVG, { alt: 'handshake' });
    expect(sent).toEqual([{ bundle: { 'image/svg+xml': SVG, 'text/plain': 'handshake' }, options: { raw: true } }]);
  });

  it('sends the SVG through the display of the tslab module the kernel hooked', async () => {
    const sent = fakeTslab();
    await showSvg(SVG);
    expect(sent).toEqual([['image/svg+xml', SVG]]);
  });

  it('falls back to text when Deno is not running as a Jupyter kernel', async () => {
    global.Deno = {
      get jupyter(): never {
        throw new Error('Deno.jupyter is only available in `deno jupyter`');
      },
    };
    const lines: string[] = [];
    await showSvg('<svg/>', { write: (text) => lines.push(text) });
    expect(lines).toEqual(['[SVG: figure (6 bytes), shown as a figure in a notebook]']);
  });

  it('falls back to text when tslab is loaded but not running a cell', async () => {
    const module = { display: { raw: () => { throw new Error('Not ready'); } } };
    global.__tslab__ = { require: () => module };
    const lines: string[] = [];
    await showSvg(SVG, { write: (text) => lines.push(text) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[SVG: A dot /);
  });

  it('falls back to text when neither the hook nor the installed tslab can display', async () => {
    global.__tslab__ = { require: () => undefined };
    const lines: string[] = [];
    await showSvg(SVG, { write: (text) => lines.push(text) });
    expect(lines).toHaveLength(1);
  });
});

describe('showHtml()', () => {
  it('prints the alt text outside a notebook', async () => {
    const lines: string[] = [];
    await showHtml('<b>hi</b>', { alt: 'a greeting', write: (text) => lines.push(text) });
    expect(lines).toEqual(['[HTML: a greeting (9 bytes), shown as a figure in a notebook]']);
  });

  it('sends text/html to the tslab kernel', async () => {
    const sent = fakeTslab();
    await showHtml('<b>hi</b>');
    expect(sent).toEqual([['text/html', '<b>hi</b>']]);
  });

  it('sends text/html to the Deno kernel', async () => {
    const sent = fakeDeno();
    await showHtml('<b>hi</b>');
    expect(sent[0]?.bundle).toEqual({ 'text/html': '<b>hi</b>', 'text/plain': 'HTML output' });
  });
});
