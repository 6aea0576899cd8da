import { describe, expect, it } from 'vitest';
import { renderLayerDiagram } from '../../src/net/layer-diagram.js';

/** The text content of every `<text>` element, unescaped enough for these checks. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((match) => (match[1] ?? '').replace(/&amp;/g, '&'));
}

/** The `<text>` elements whose attributes say they are bold. */
function boldTexts(svg: string): string[] {
  return [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)]
    .filter((match) => (match[1] ?? '').includes('font-weight="bold"'))
    .map((match) => match[2] ?? '');
}

describe('renderLayerDiagram()', () => {
  it('draws the seven OSI layers, the four TCP/IP layers and an example for each OSI layer', () => {
    const all = texts(renderLayerDiagram());
    for (const name of ['7 · Application', '4 · Transport', '3 · Network', '1 · Physical']) expect(all).toContain(name);
    for (const name of ['Link', 'Internet', 'Transport', 'Application']) expect(all).toContain(name);
    expect(all).toContain('TCP, UDP');
    expect(all).toContain('IPv4, IPv6');
    expect(all.filter((line) => /^\d · /.test(line))).toHaveLength(7);
  });

  it('speaks Spanish with lang es', () => {
    const all = texts(renderLayerDiagram({ lang: 'es' }));
    expect(all).toContain('2 · Enlace de datos');
    expect(all).toContain('Acceso a la red');
    expect(all).toContain('API de sockets: arriba tu programa, abajo el sistema operativo');
  });

  it('makes the highlighted layers and their TCP/IP layer bold, and nothing else in the rows', () => {
    const bold = boldTexts(renderLayerDiagram({ highlight: [4] }));
    expect(bold).toContain('4 · Transport');
    expect(bold).toContain('TCP, UDP');
    expect(bold).toContain('Transport');
    expect(bold).not.toContain('3 · Network');
    expect(bold).not.toContain('Internet');
  });

  it('replaces the example of a layer given in examples', () => {
    const all = texts(renderLayerDiagram({ examples: { 2: 'CAN frames' } }));
    expect(all).toContain('CAN frames');
    expect(all).not.toContain('Ethernet, WiFi, Bluetooth, CAN');
  });

  it('draws the socket API line unless socketApi is false', () => {
    expect(renderLayerDiagram()).toContain('socket API');
    expect(renderLayerDiagram({ socketApi: false })).not.toContain('socket API');
  });

  it('uses the title as heading and as <title>, escaped', () => {
    const svg = renderLayerDiagram({ title: 'Layers <3 & 4>' });
    expect(svg).toContain('<title>Layers &lt;3 &amp; 4&gt;</title>');
    expect(svg).not.toContain('<3 &');
    expect(texts(svg)[0]).toBe('Layers &lt;3 & 4&gt;');
  });

  it('squeezes a label too long for its box with textLength instead of cutting it', () => {
    const long = 'a very long example that cannot possibly fit in its column';
    const svg = renderLayerDiagram({ examples: { 7: long } });
    const element = svg.split('\n').find((line) => line.includes(long));
    expect(element).toMatch(/textLength="[\d.]+" lengthAdjust="spacingAndGlyphs"/);
  });

  it('gives the same bytes for the same options', () => {
    expect(renderLayerDiagram({ lang: 'es', highlight: [3, 4] })).toBe(renderLayerDiagram({ lang: 'es', highlight: [3, 4] }));
  });

  it('rejects a layer number outside 1 to 7, in highlight or in examples', () => {
    expect(() => renderLayerDiagram({ highlight: [8] })).toThrow(/highlight names layer 8, which does not exist; use 1 to 7/);
    expect(() => renderLayerDiagram({ highlight: [2.5] })).toThrow(RangeError);
    expect(() => renderLayerDiagram({ examples: { 0: 'x' } })).toThrow(/examples names layer 0/);
  });

  it('is a standalone SVG sized by width, with no scripts', () => {
    const svg = renderLayerDiagram({ width: 640 });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="640" height="[\d.]+"/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/<script|href=/);
  });
});
