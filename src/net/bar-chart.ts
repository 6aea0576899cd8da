/**
 * Draws a few measured numbers as a horizontal bar chart in SVG: one row per bar, its label on the left,
 * the bar, and the value with its unit at the end. Made for slides and benchmark cells (large type, black
 * on white, every text escaped, no scripts); the same bars always give the same bytes.
 */
import { escapeXml, INK, round, svgText } from './svg.js';

/**
 * One bar: what was measured and its value (0 or more).
 *
 * @example
 * const bar: Bar = { label: 'raw protocol', value: 412 };
 */
export interface Bar {
  label: string;
  value: number;
}

/**
 * Options of {@link renderBarChart}.
 *
 * @example
 * const options: BarChartOptions = { title: 'File transfer, 16 MiB', unit: 'MB/s' };
 */
export interface BarChartOptions {
  /** A heading above the bars, also the image's `<title>`. @default no heading, title "Bar chart" */
  title?: string;
  /** Written after each value, e.g. `'MB/s'`. @default no unit */
  unit?: string;
  /** Decimals shown for each value. @default 0 */
  digits?: number;
  /** Width of the image in pixels. @default 800 */
  width?: number;
  /** Size of the type in pixels. @default 20 */
  fontSize?: number;
  /** Colour of the bars. @default '#0b3d91' */
  color?: string;
}

const MARGIN = 20;

/**
 * Renders bars as an SVG string, ready for `showSvg` or a file. Bar lengths are proportional to the
 * values, the longest bar filling the room left by the labels and values. Throws a RangeError for no bars
 * or a value that is negative or not a finite number.
 *
 * @example
 * const svg = renderBarChart(
 *   [{ label: 'raw', value: 412 }, { label: 'robust', value: 305 }],
 *   { title: 'File transfer on this machine', unit: 'MB/s' },
 * );
 * await showSvg(svg);
 */
export function renderBarChart(bars: readonly Bar[], options: BarChartOptions = {}): string {
  if (bars.length === 0) throw new RangeError('Cannot draw bar chart: there are no bars; give at least one');
  for (const { label, value } of bars) {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`Cannot draw bar chart: the value of ${JSON.stringify(label)} is ${value}; give a finite number of 0 or more`);
    }
  }
  const width = options.width ?? 800;
  const fontSize = options.fontSize ?? 20;
  const digits = options.digits ?? 0;
  const color = options.color ?? '#0b3d91';
  const charWidth = fontSize * 0.6;
  const valueText = (value: number) => (options.unit ? `${formatNumber(value, digits)} ${options.unit}` : formatNumber(value, digits));

  // Columns from left to right: labels, bars, values; the labels take at most 40 % of the width.
  const labelRoom = Math.min(width * 0.4, Math.max(...bars.map((bar) => [...bar.label].length)) * charWidth);
  const valueRoom = Math.max(...bars.map((bar) => valueText(bar.value).length)) * charWidth + 10;
  const barLeft = MARGIN + labelRoom + 12;
  const barRoom = Math.max(width - barLeft - valueRoom - MARGIN, 10);
  const largest = Math.max(...bars.map((bar) => bar.value));
  const rowHeight = Math.round(fontSize * 2.2);
  const top = MARGIN + (options.title ? fontSize * 2 : 0);
  const height = top + bars.length * rowHeight + MARGIN;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="${fontSize}" role="img">`,
    `<title>${escapeXml(options.title ?? 'Bar chart')}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (options.title) {
    parts.push(svgText(width / 2, MARGIN + fontSize, fit(options.title, width - 2 * MARGIN, charWidth), { weight: 'bold' }));
  }
  bars.forEach((bar, index) => {
    const y = top + index * rowHeight;
    const middle = y + rowHeight / 2 + fontSize * 0.35;
    const length = largest === 0 ? 0 : round((bar.value / largest) * barRoom);
    parts.push(
      svgText(barLeft - 12, middle, fit(bar.label, labelRoom, charWidth), { anchor: 'end' }),
      `<rect x="${round(barLeft)}" y="${round(y + rowHeight * 0.15)}" width="${length}" height="${round(rowHeight * 0.7)}" fill="${escapeXml(color)}"/>`,
      svgText(barLeft + length + 8, middle, valueText(bar.value), { anchor: 'start' }),
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Shortens text to what fits in `room` pixels, cutting with `…`. */
function fit(content: string, room: number, charWidth: number): string {
  const characters = [...content];
  const fits = Math.max(1, Math.floor(room / charWidth));
  return characters.length <= fits ? content : `${characters.slice(0, fits - 1).join('')}…`;
}

/** A number with a fixed count of decimals and thin groups of thousands: 12 345.6. */
function formatNumber(value: number, digits: number): string {
  const [whole = '0', fraction] = value.toFixed(digits).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
