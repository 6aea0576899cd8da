import { describe, expect, it } from 'vitest';
import * as figures from '../../src/net/figures.js';

describe('socketbook/figures', () => {
  it('exports every figure and the display helpers, and no socket code', () => {
    for (const name of ['renderSequenceDiagram', 'renderLinePlot', 'renderBarChart', 'renderLayerDiagram', 'renderAddressBits',
      'renderArbitrationDiagram', 'showSvg', 'showHtml', 'escapeXml', 'PlotOptionsError']) {
      expect(figures, name).toHaveProperty(name);
    }
    for (const name of ['connect', 'listen', 'check', 'createTrace']) expect(figures, name).not.toHaveProperty(name);
  });

  it('draws a figure from plain data, as SVG text', () => {
    const svg = figures.renderBarChart([{ label: 'a < b', value: 3 }], { title: 'Bars' });
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('a &lt; b');
  });
});
