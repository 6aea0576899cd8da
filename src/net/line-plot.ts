/**
 * Draws numbers as an SVG line or dot plot: a sampled signal with the gaps its lost packets left, the
 * arrival time of each packet against its deadline. Made for slides: large type, black on white, every
 * text escaped, no scripts and no external files, and the same input always gives the same bytes.
 */
import { SocketbookError } from './errors.js';
import { escapeXml, INK, round, svgText as text } from './svg.js';

/**
 * One set of points. A `null` or non-finite y leaves a gap: the line stops there and starts again after.
 *
 * @example
 * const received: PlotSeries = { name: 'received', points: [[0, 1], [1, null], [2, 0.5]] };
 */
export interface PlotSeries {
  /** Shown in the legend. */
  name: string;
  /** `[x, y]` pairs in the order they are joined. */
  points: readonly (readonly [number, number | null])[];
  /** `'line'` joins neighbouring points (a lone point gets a dot); `'dots'` draws one dot per point. @default 'line' */
  style?: 'line' | 'dots';
  /** Any SVG colour. @default the next colour of a palette readable by colour-blind viewers */
  color?: string;
  /** Stroke width of a line, radius of a dot, in pixels. @default 3 for a line, 5 for dots */
  size?: number;
}

/**
 * A shaded stretch of the x axis, to mark where something happened (a lost packet, a stall).
 *
 * @example
 * const lost: PlotBand = { from: 40, to: 60 };
 */
export interface PlotBand {
  from: number;
  to: number;
}

/**
 * Options of {@link renderLinePlot}.
 *
 * @example
 * const options: LinePlotOptions = { title: 'Delay', xLabel: 'sent at (ms)', yLabel: 'ms', height: 300 };
 */
export interface LinePlotOptions {
  /** Width of the image in pixels. @default 800 */
  width?: number;
  /** Height of the image in pixels. @default 400 */
  height?: number;
  /** A heading above the plot, also the image's `<title>`. @default no heading */
  title?: string;
  /** The name of the x axis, under it. @default none */
  xLabel?: string;
  /** The name of the y axis, above it. @default none */
  yLabel?: string;
  /** The x values shown, `[min, max]`. @default the smallest and largest x of all points */
  xRange?: readonly [number, number];
  /**
   * The y values shown, `[min, max]`.
   * @default the smallest and largest finite y, plus 5% on each side and room for the legend above or below
   */
  yRange?: readonly [number, number];
  /** Stretches of x shaded behind the data. @default none */
  bands?: readonly PlotBand[];
  /** The legend entry of the bands. @default no entry */
  bandLabel?: string;
  /** Where the legend goes, inside the plot area, or `'none'`. @default 'top-right' */
  legend?: 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left' | 'none';
  /** Size of the type in pixels. @default 18 */
  fontSize?: number;
}

/**
 * The options cannot give a plot: a size too small for the axes, or an empty or inverted range.
 *
 * @example
 * try { renderLinePlot([], { width: 10 }); }
 * catch (error) { if (error instanceof PlotOptionsError) console.log(error.message); }
 */
export class PlotOptionsError extends SocketbookError {
  constructor(message: string) {
    super('ERR_PLOT_OPTIONS', message);
  }
}

const PALETTE = ['#0b3d91', '#d55e00', '#009e73', '#6a3bbf', '#444444'];
const GRID = '#d9d9d9';
const BAND = '#f6c8c8';
const MIN_SIZE = 200;

/**
 * Renders series of points as an SVG string, ready for `showSvg` or a file: axes with round ticks, a
 * legend, lines broken where y is missing, optional shaded bands.
 *
 * @example
 * const sent = [0, 1, 2, 3].map((x) => [x, Math.sin(x)] as const);
 * const received = sent.map(([x, y]) => [x, x === 2 ? null : y] as const);
 * await showSvg(renderLinePlot([
 *   { name: 'sent', points: sent },
 *   { name: 'received', points: received },
 * ], { title: 'A lost sample', xLabel: 'ms' }));
 */
export function renderLinePlot(series: readonly PlotSeries[], options: LinePlotOptions = {}): string {
  const width = options.width ?? 800;
  const height = options.height ?? 400;
  const fontSize = options.fontSize ?? 18;
  if (!(width >= MIN_SIZE && height >= MIN_SIZE)) {
    throw new PlotOptionsError(`Cannot draw plot: ${width}x${height} pixels is smaller than ${MIN_SIZE}x${MIN_SIZE}; raise width and height`);
  }
  const left = fontSize * 4;
  const right = width - fontSize;
  const top = fontSize * (options.title ? 2.6 : 1) + (options.yLabel ? fontSize * 1.4 : 0);
  const bottom = height - fontSize * (options.xLabel ? 3.4 : 2);
  const xRange = checkedRange('xRange', options.xRange ?? extent(series.flatMap((s) => s.points.map(([x]) => x)), 0));
  const dataY = extent(series.flatMap((s) => s.points.map(([, y]) => y)), 0.05);
  const yRange = checkedRange('yRange', options.yRange ?? roomForLegend(dataY, legendHeight(series, options, fontSize), bottom - top, options));
  const xOf = (x: number) => round(left + ((x - xRange[0]) / (xRange[1] - xRange[0])) * (right - left));
  const yOf = (y: number) => round(bottom - ((y - yRange[0]) / (yRange[1] - yRange[0])) * (bottom - top));

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="${fontSize}" role="img">`,
    `<title>${escapeXml(options.title ?? series.map((s) => s.name).join(', '))}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (options.title) parts.push(text(width / 2, fontSize * 1.5, options.title, { weight: 'bold', size: fontSize * 1.15 }));
  if (options.yLabel) parts.push(text(left, top - fontSize * 0.8, options.yLabel, { anchor: 'start' }));
  if (options.xLabel) parts.push(text((left + right) / 2, height - fontSize * 0.6, options.xLabel));
  const inside: string[] = [];
  for (const band of options.bands ?? []) {
    const x1 = xOf(Math.max(band.from, xRange[0]));
    const x2 = xOf(Math.min(band.to, xRange[1]));
    if (x2 > x1) inside.push(`<rect x="${x1}" y="${round(top)}" width="${round(x2 - x1)}" height="${round(bottom - top)}" fill="${BAND}"/>`);
  }
  for (const tick of niceTicks(yRange[0], yRange[1])) {
    const y = yOf(tick);
    parts.push(text(left - fontSize * 0.4, y + fontSize * 0.35, formatTick(tick), { anchor: 'end', size: fontSize * 0.85 }));
    inside.push(`<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="${GRID}" stroke-width="1"/>`);
  }
  for (const tick of niceTicks(xRange[0], xRange[1])) {
    const x = xOf(tick);
    parts.push(text(x, bottom + fontSize * 1.3, formatTick(tick), { size: fontSize * 0.85 }));
    parts.push(`<line x1="${x}" y1="${round(bottom)}" x2="${x}" y2="${round(bottom + 6)}" stroke="${INK}" stroke-width="2"/>`);
  }
  series.forEach((one, index) => inside.push(drawSeries(one, colorOf(one, index), xOf, yOf)));
  // Ids are global in a page that holds several inline SVGs: derive this one from what it clips.
  const area = `<rect x="${left}" y="${round(top)}" width="${round(right - left)}" height="${round(bottom - top)}"/>`;
  const clipId = `plot-${hash(area + inside.join('\n'))}`;
  parts.push(
    `<defs><clipPath id="${clipId}">${area}</clipPath></defs>`,
    `<g clip-path="url(#${clipId})">`, ...inside, '</g>',
  );
  parts.push(`<path d="M ${left} ${round(top)} L ${left} ${round(bottom)} L ${right} ${round(bottom)}" fill="none" stroke="${INK}" stroke-width="2"/>`);
  parts.push(drawLegend(series, options, { left, right, top, bottom, fontSize }));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function drawSeries(series: PlotSeries, color: string, xOf: (x: number) => number, yOf: (y: number) => number): string {
  const present = (y: number | null): y is number => y !== null && Number.isFinite(y);
  if (series.style === 'dots') {
    const radius = series.size ?? 5;
    return series.points
      .filter(([, y]) => present(y))
      .map(([x, y]) => `<circle cx="${xOf(x)}" cy="${yOf(y as number)}" r="${radius}" fill="${color}"/>`)
      .join('\n');
  }
  const runs: (readonly [number, number])[][] = [[]];
  for (const [x, y] of series.points) {
    if (present(y)) runs.at(-1)!.push([x, y]);
    else if (runs.at(-1)!.length > 0) runs.push([]);
  }
  const stroke = series.size ?? 3;
  return runs
    .filter((run) => run.length > 0)
    .map((run) => run.length === 1
      ? `<circle cx="${xOf(run[0]![0])}" cy="${yOf(run[0]![1])}" r="${stroke + 1}" fill="${color}"/>`
      : `<path d="${run.map(([x, y], i) => `${i === 0 ? 'M' : 'L'} ${xOf(x)} ${yOf(y)}`).join(' ')}" fill="none" stroke="${color}" ` +
        `stroke-width="${stroke}" stroke-linejoin="round" stroke-linecap="round"/>`)
    .join('\n');
}

interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
  fontSize: number;
}

function drawLegend(series: readonly PlotSeries[], options: LinePlotOptions, area: PlotArea): string {
  const { fontSize } = area;
  const corner = options.legend ?? 'top-right';
  const entries: { name: string; swatch: (x: number, y: number) => string }[] = series.map((one, index) => {
    const color = colorOf(one, index);
    return {
      name: one.name,
      swatch: (x, y) => one.style === 'dots'
        ? `<circle cx="${round(x + 14)}" cy="${round(y)}" r="6" fill="${color}"/>`
        : `<line x1="${round(x)}" y1="${round(y)}" x2="${round(x + 28)}" y2="${round(y)}" stroke="${color}" stroke-width="4"/>`,
    };
  });
  if (options.bandLabel && (options.bands?.length ?? 0) > 0) {
    entries.push({ name: options.bandLabel, swatch: (x, y) => `<rect x="${round(x)}" y="${round(y - 8)}" width="28" height="16" fill="${BAND}"/>` });
  }
  if (entries.length === 0 || corner === 'none') return '';
  const rowHeight = fontSize * 1.35;
  const boxWidth = Math.max(...entries.map((entry) => [...entry.name].length)) * fontSize * 0.6 + 60;
  const boxHeight = rowHeight * entries.length + 8;
  const x = corner.endsWith('left') ? area.left + 8 : area.right - boxWidth - 8;
  const y = corner.startsWith('top') ? area.top + 8 : area.bottom - boxHeight - 8;
  const rows = entries.map((entry, index) => {
    const rowY = y + rowHeight * (index + 0.5) + 4;
    return `${entry.swatch(x + 10, rowY)}\n${text(x + 48, rowY + fontSize * 0.35, entry.name, { anchor: 'start' })}`;
  });
  return [
    `<rect x="${round(x)}" y="${round(y)}" width="${round(boxWidth)}" height="${round(boxHeight)}" ` +
      `fill="#ffffff" fill-opacity="0.9" stroke="${INK}" stroke-width="1"/>`,
    ...rows,
  ].join('\n');
}

/** Height in pixels of the legend box (0 when there is none), as {@link drawLegend} draws it. */
function legendHeight(series: readonly PlotSeries[], options: LinePlotOptions, fontSize: number): number {
  const entries = series.length + (options.bandLabel && (options.bands?.length ?? 0) > 0 ? 1 : 0);
  if (entries === 0 || options.legend === 'none') return 0;
  return fontSize * 1.35 * entries + 8;
}

/** Widens a y range so the data stays clear of a legend drawn in a top or bottom corner. */
function roomForLegend(range: [number, number], legend: number, plotHeight: number, options: LinePlotOptions): [number, number] {
  const free = plotHeight - legend - 16;
  if (legend === 0 || free <= plotHeight / 3) return range;
  const [min, max] = range;
  const span = ((max - min) * plotHeight) / free;
  return (options.legend ?? 'top-right').startsWith('top') ? [min, min + span] : [max - span, max];
}

function colorOf(series: PlotSeries, index: number): string {
  return series.color ?? PALETTE[index % PALETTE.length]!;
}

/** Smallest and largest finite value, widened by `margin` of the span; [0, 1] when there is none. */
function extent(values: readonly (number | null)[], margin: number): [number, number] {
  const finite = values.filter((value): value is number => value !== null && Number.isFinite(value));
  if (finite.length === 0) return [0, 1];
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  if (min === max) return [min - 1, max + 1];
  const pad = (max - min) * margin;
  return [min - pad, max + pad];
}

function checkedRange(name: string, range: readonly [number, number]): readonly [number, number] {
  const [min, max] = range;
  if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) {
    throw new PlotOptionsError(`Cannot draw plot: ${name} [${min}, ${max}] is empty or inverted; give [min, max] with min < max`);
  }
  return range;
}

/** About five round tick values (1, 2 or 5 times a power of ten apart) inside [min, max]. */
function niceTicks(min: number, max: number): number[] {
  const rough = (max - min) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step) * step; tick <= max + step * 1e-9; tick += step) {
    ticks.push(Number(tick.toPrecision(12)));
  }
  return ticks;
}

function formatTick(value: number): string {
  return String(Object.is(value, -0) ? 0 : value);
}

/** FNV-1a of a string's UTF-16 code units, in base 36: short, stable, and different for different plots. */
function hash(content: string): string {
  let value = 0x811c9dc5;
  for (let index = 0; index < content.length; index++) {
    value = Math.imul(value ^ content.charCodeAt(index), 0x01000193) >>> 0;
  }
  return value.toString(36);
}
