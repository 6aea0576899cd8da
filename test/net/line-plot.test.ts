import { describe, expect, it } from 'vitest';
import { PlotOptionsError, renderLinePlot, type PlotSeries } from '../../src/net/line-plot.js';
import { checkWellFormed } from '../support/well-formed-xml.js';

const sine: PlotSeries = { name: 'sent', points: [0, 1, 2, 3, 4, 5].map((x) => [x, Math.sin(x)] as const) };

/** The `<path d="...">` of the lines drawn inside the plot (the axes' path has fill none and is drawn in ink). */
function linePaths(svg: string): string[] {
  return [...svg.matchAll(/<path d="([^"]*)" fill="none" stroke="(?!#111111)/g)].map((match) => match[1]!);
}

describe('renderLinePlot()', () => {
  it('writes a well-formed SVG of the given size with the title as heading and <title>', () => {
    const svg = renderLinePlot([sine], { width: 640, height: 300, title: 'Señal & ruido' });
    checkWellFormed(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="640" height="300"/);
    expect(svg).toContain('<title>Señal &amp; ruido</title>');
    expect(svg).toContain('>Señal &amp; ruido</text>');
  });

  it('joins a series without gaps into one line', () => {
    const paths = linePaths(renderLinePlot([sine]));
    expect(paths).toHaveLength(1);
    expect(paths[0]!.match(/[ML]/g)).toHaveLength(6);
  });

  it('breaks the line at a null or NaN y, and marks a lone point between gaps with a dot', () => {
    const gappy: PlotSeries = { name: 'received', points: [[0, 1], [1, 2], [2, null], [3, 1], [4, Number.NaN], [5, 0], [6, 1]] };
    const svg = renderLinePlot([gappy], { legend: 'none' });
    expect(linePaths(svg)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(1);
  });

  it('draws one dot per present point with style dots', () => {
    const dots: PlotSeries = { name: 'arrivals', style: 'dots', points: [[0, 5], [1, null], [2, 7]] };
    const svg = renderLinePlot([dots], { legend: 'none' });
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(linePaths(svg)).toHaveLength(0);
  });

  it('shades each band inside the range and lists it in the legend', () => {
    const svg = renderLinePlot([sine], { bands: [{ from: 1, to: 2 }, { from: 9, to: 10 }], bandLabel: 'lost' });
    expect(svg.match(/fill="#f6c8c8"/g)).toHaveLength(2);
    expect(svg).toContain('>lost</text>');
  });

  it('puts round tick values on the axes', () => {
    const svg = renderLinePlot([{ name: 'ramp', points: [[0, 0], [1000, 20]] }], { yRange: [0, 20] });
    for (const tick of ['0', '200', '400', '600', '800', '1000']) expect(svg).toContain(`>${tick}</text>`);
    for (const tick of ['5', '10', '15', '20']) expect(svg).toContain(`>${tick}</text>`);
  });

  it('names each series in the legend in its colour, and leaves the legend out with legend none', () => {
    const svg = renderLinePlot([sine, { name: 'echo <1>', points: [[0, 0]], color: '#123456' }]);
    expect(svg).toContain('>sent</text>');
    expect(svg).toContain('>echo &lt;1&gt;</text>');
    expect(svg).toContain('stroke="#123456"');
    expect(renderLinePlot([sine], { legend: 'none' })).not.toContain('>sent</text>');
  });

  it('widens the y range so the data stays below a top legend and above a bottom one', () => {
    const ramp: PlotSeries = { name: 'ramp', points: [[0, 0], [10, 10]] };
    const legendBox = (svg: string) => {
      const match = /<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="#ffffff" fill-opacity/.exec(svg)!;
      return { top: Number(match[1]), bottom: Number(match[1]) + Number(match[2]) };
    };
    const ys = (svg: string) => linePaths(svg)[0]!.match(/-?[\d.]+ (-?[\d.]+)/g)!.map((pair) => Number(pair.split(' ')[1]));
    const topSvg = renderLinePlot([ramp], { legend: 'top-right' });
    expect(Math.min(...ys(topSvg))).toBeGreaterThan(legendBox(topSvg).bottom);
    const bottomSvg = renderLinePlot([ramp], { legend: 'bottom-left' });
    expect(Math.max(...ys(bottomSvg))).toBeLessThan(legendBox(bottomSvg).top);
  });

  it('gives the same bytes for the same input, and clip ids that differ between plots', () => {
    expect(renderLinePlot([sine], { title: 'a' })).toBe(renderLinePlot([sine], { title: 'a' }));
    const clipId = (svg: string) => /clipPath id="([^"]+)"/.exec(svg)?.[1];
    expect(clipId(renderLinePlot([sine]))).not.toBe(clipId(renderLinePlot([{ ...sine, points: sine.points.slice(1) }])));
  });

  it('draws axes even with no series and no points', () => {
    const svg = renderLinePlot([]);
    checkWellFormed(svg);
    expect(svg).toContain('<path d="M ');
  });

  it('refuses a plot smaller than 200x200 and an inverted range with PlotOptionsError (ERR_PLOT_OPTIONS)', () => {
    expect(() => renderLinePlot([sine], { width: 100 })).toThrow(PlotOptionsError);
    expect(() => renderLinePlot([sine], { width: 100 })).toThrow(/100x400 pixels is smaller than 200x200/);
    try {
      renderLinePlot([sine], { xRange: [5, 1] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PlotOptionsError);
      expect((error as PlotOptionsError).code).toBe('ERR_PLOT_OPTIONS');
      expect((error as Error).message).toBe('Cannot draw plot: xRange [5, 1] is empty or inverted; give [min, max] with min < max');
    }
  });
});
