/**
 * What every figure of the library shares: escaping text for SVG, rounding coordinates, and one way to write
 * a `<text>` element. Pure string functions, no DOM.
 */

/** The colour of text and lines in every figure. */
export const INK = '#111111';

/**
 * Makes text safe inside XML content and attribute values: escapes `& < > " '` and replaces characters
 * XML 1.0 does not allow (most control characters, lone surrogates) with U+FFFD.
 *
 * @example
 * escapeXml('a < b & "c"'); // 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeXml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * A coordinate rounded to one decimal, so figures stay small and the same input gives the same bytes.
 *
 * @example
 * round(12.345); // 12.3
 */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** How {@link svgText} draws its text. */
export interface SvgTextStyle {
  /** @default 'middle' */
  anchor?: 'start' | 'middle' | 'end' | string;
  weight?: string | undefined;
  size?: number;
  /** @default INK */
  color?: string;
  family?: string;
  /** Rotate the text a quarter turn counter-clockwise around this point (a vertical axis label). */
  rotate?: { x: number; y: number };
  /** Squeeze the text into this width (`textLength`), when it is estimated not to fit. */
  fitWidth?: number;
}

/**
 * One `<text>` element at (x, y), its content escaped.
 *
 * @example
 * svgText(10, 20, 'a < b', { anchor: 'start', weight: 'bold' });
 * // '<text x="10" y="20" text-anchor="start" fill="#1f2933" font-weight="bold">a &lt; b</text>'
 */
export function svgText(x: number, y: number, content: string, style: SvgTextStyle = {}): string {
  const attributes = [
    `x="${round(x)}"`,
    `y="${round(y)}"`,
    `text-anchor="${style.anchor ?? 'middle'}"`,
    `fill="${style.color ?? INK}"`,
    ...(style.weight ? [`font-weight="${style.weight}"`] : []),
    ...(style.size ? [`font-size="${round(style.size)}"`] : []),
    ...(style.family ? [`font-family="${style.family}"`] : []),
    ...(style.rotate ? [`transform="rotate(-90 ${round(style.rotate.x)} ${round(style.rotate.y)})"`] : []),
    ...(style.fitWidth !== undefined ? [`textLength="${round(style.fitWidth)}"`, 'lengthAdjust="spacingAndGlyphs"'] : []),
  ];
  return `<text ${attributes.join(' ')}>${escapeXml(content)}</text>`;
}
