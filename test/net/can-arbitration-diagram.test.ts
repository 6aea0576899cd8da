import { describe, expect, it } from 'vitest';
import { renderArbitrationDiagram } from '../../src/net/can-arbitration-diagram.js';
import { CanArbitrationError } from '../../src/net/can-arbitration.js';
import { canFrame } from '../../src/net/can-frame.js';

/** The texts of the SVG, in order, unescaped enough for these tests. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((match) => (match[1] ?? '').replace(/&amp;/g, '&').replace(/&lt;/g, '<'));
}

/** The bit values written in the bus row: the digits drawn after the word "bus". */
function busDigits(svg: string): string {
  const words = texts(svg);
  return words.slice(words.indexOf('bus') + 1).filter((word) => word === '0' || word === '1').join('');
}

const brakes = canFrame(0x123, [1]);
const engine = canFrame(0x120, [2]);
const lights = canFrame(0x124, [3]);

describe('renderArbitrationDiagram()', () => {
  it('writes an SVG whose title is the heading, with a row per node and one for the bus', () => {
    const svg = renderArbitrationDiagram([brakes, engine], { title: 'Two nodes', names: ['brakes', 'engine'] });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title>Two nodes</title>');
    expect(texts(svg)).toEqual(expect.arrayContaining(['brakes · 0x123', 'engine · 0x120', 'bus']));
    expect(svg.match(/<polyline /g)).toHaveLength(3);
  });

  it('names the winner and, for each loser, the bit where it read a dominant 0', () => {
    const svg = renderArbitrationDiagram([brakes, engine, lights], { names: ['brakes', 'engine', 'lights'] });
    const words = texts(svg);
    expect(words[words.indexOf('brakes · 0x123') + 1]).toBe('loses at ID1');
    expect(words[words.indexOf('engine · 0x120') + 1]).toBe('wins the bus');
    expect(words[words.indexOf('lights · 0x124') + 1]).toBe('loses at ID2');
    expect(svg.match(/stroke="#a40000" stroke-width="3"/g)).toHaveLength(2);
  });

  it('draws the bus as the wired AND of the nodes still sending: here the winner\'s 13 bits', () => {
    const svg = renderArbitrationDiagram([brakes, engine]);
    // 0x120 = 001 0010 0000, then RTR 0 and IDE 0.
    expect(busDigits(svg)).toBe('0010010000000');
  });

  it('says "ties" for identical arbitration fields, and speaks Spanish when asked', () => {
    const svg = renderArbitrationDiagram([engine, canFrame(0x120, [9])], { lang: 'es' });
    const words = texts(svg);
    expect(words.filter((word) => word === 'empata')).toHaveLength(2);
    expect(words).toEqual(expect.arrayContaining(['nodo 1 · 0x120', 'nodo 2 · 0x120']));
    expect(words.at(-1)).toContain('dominante');
  });

  it('gives the same bytes for the same frames and escapes the names', () => {
    const options = { names: ['<script>', 'a & b'] };
    const first = renderArbitrationDiagram([brakes, engine], options);
    expect(renderArbitrationDiagram([brakes, engine], options)).toBe(first);
    expect(first).toContain('&lt;script&gt; · 0x123');
    expect(first).toContain('a &amp; b · 0x120');
    expect(first).not.toContain('<script>');
  });

  it('lets a standard frame beat an extended one with the same base id at SRR', () => {
    const svg = renderArbitrationDiagram([canFrame(0x120 << 18, [], { extended: true }), engine]);
    const words = texts(svg);
    expect(words[words.indexOf('node 1 · 0x4800000') + 1]).toBe('loses at SRR');
    expect(words[words.indexOf('node 2 · 0x120') + 1]).toBe('wins the bus');
  });

  it('throws CanArbitrationError for an empty list', () => {
    expect(() => renderArbitrationDiagram([])).toThrow(CanArbitrationError);
  });
});
