import { describe, expect, it } from 'vitest';
import { renderBarChart } from '../../src/net/bar-chart.js';

/** The widths of the bars, in the order they are drawn. */
function barWidths(svg: string): number[] {
  return [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"/g)].map((match) => Number(match[1]));
}

/** The contents of every <text> element, in order. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((match) => match[1] ?? '');
}

describe('renderBarChart()', () => {
  it('draws bars proportional to their values, the largest filling the room', () => {
    const svg = renderBarChart([{ label: 'a', value: 50 }, { label: 'b', value: 100 }, { label: 'c', value: 0 }]);
    const [half, full, none] = barWidths(svg);
    expect(full).toBeGreaterThan(0);
    expect(half).toBeCloseTo((full ?? 0) / 2, 0);
    expect(none).toBe(0);
  });

  it('writes each label and each value with its unit and decimals', () => {
    const svg = renderBarChart([{ label: 'raw', value: 1234.567 }], { unit: 'MB/s', digits: 1 });
    expect(texts(svg)).toEqual(['raw', '1\u202f234.6 MB/s']);
  });

  it('puts the title above the bars and in the <title> element', () => {
    const svg = renderBarChart([{ label: 'x', value: 1 }], { title: 'Transfer' });
    expect(svg).toContain('<title>Transfer</title>');
    expect(texts(svg)[0]).toBe('Transfer');
  });

  it('escapes labels and titles', () => {
    const svg = renderBarChart([{ label: '<b>&', value: 1 }], { title: 'a "b"' });
    expect(svg).toContain('&lt;b&gt;&amp;');
    expect(svg).toContain('a &quot;b&quot;');
    expect(svg).not.toContain('<b>');
  });

  it('draws all bars with zero length when every value is 0', () => {
    expect(barWidths(renderBarChart([{ label: 'a', value: 0 }, { label: 'b', value: 0 }]))).toEqual([0, 0]);
  });

  it('gives the same bytes for the same bars', () => {
    const bars = [{ label: 'one', value: 3 }, { label: 'two', value: 7 }];
    expect(renderBarChart(bars, { title: 't' })).toBe(renderBarChart(bars, { title: 't' }));
  });

  it('grows in height with the number of bars and keeps the given width', () => {
    const heightOf = (svg: string) => Number(/height="(\d+)"/.exec(svg)?.[1]);
    const one = renderBarChart([{ label: 'a', value: 1 }], { width: 640 });
    const three = renderBarChart([1, 2, 3].map((value) => ({ label: String(value), value })), { width: 640 });
    expect(heightOf(three)).toBeGreaterThan(heightOf(one));
    expect(one).toContain('width="640"');
  });

  it('cuts a label too long for 40 % of the width with an ellipsis', () => {
    const svg = renderBarChart([{ label: 'x'.repeat(200), value: 1 }], { width: 400 });
    const label = texts(svg)[0] ?? '';
    expect(label.endsWith('…')).toBe(true);
    expect([...label].length).toBeLessThan(200);
  });

  it('rejects no bars, and a negative or non-finite value', () => {
    expect(() => renderBarChart([])).toThrow(/no bars/);
    expect(() => renderBarChart([{ label: 'a', value: -1 }])).toThrow(/"a" is -1/);
    expect(() => renderBarChart([{ label: 'b', value: Number.NaN }])).toThrow(RangeError);
    expect(() => renderBarChart([{ label: 'c', value: Number.POSITIVE_INFINITY }])).toThrow(RangeError);
  });
});
