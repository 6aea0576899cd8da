import { describe, expect, test } from 'vitest';
import { escapeXml, round, svgText } from '../../src/net/svg.js';

describe('svg helpers', () => {
  test('escapeXml() escapes markup and replaces characters XML 1.0 forbids', () => {
    expect(escapeXml(`a < b & "c" 'd' >`)).toBe('a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt;');
    expect(escapeXml('bell\u0007 lone\uD800 ok ñ')).toBe('bell\uFFFD lone\uFFFD ok ñ');
    expect(escapeXml(`<a href="x">'&'</a>\u0000`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;\uFFFD');
  });

  test('round() keeps one decimal', () => {
    expect([round(12.345), round(-0.04), round(7)]).toEqual([12.3, -0, 7]);
  });

  test('svgText() writes the attributes it is given, in one order, and escapes the content', () => {
    expect(svgText(10.26, 20, 'a < b')).toBe('<text x="10.3" y="20" text-anchor="middle" fill="#111111">a &lt; b</text>');
    expect(svgText(1, 2, 'y', { anchor: 'end', weight: 'bold', size: 14.44, color: '#f00', family: 'monospace', rotate: { x: 1, y: 2 }, fitWidth: 50 }))
      .toBe('<text x="1" y="2" text-anchor="end" fill="#f00" font-weight="bold" font-size="14.4" font-family="monospace" ' +
        'transform="rotate(-90 1 2)" textLength="50" lengthAdjust="spacingAndGlyphs">y</text>');
  });
});
