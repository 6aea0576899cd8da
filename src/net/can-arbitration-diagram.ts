/**
 * Draws CAN arbitration as an SVG timing diagram: one waveform per node, bit by bit, and the bus below
 * them. A node that sends a recessive 1 while the bus carries a dominant 0 stops there: its lost bit is
 * marked in red. Made for slides: large type, black on white, every text escaped, no scripts.
 */
import { type AnyCanFrame } from './can-frame.js';
import { arbitrate, arbitrationField } from './can-arbitration.js';
import { escapeXml, INK, round, svgText as text } from './svg.js';
import type { Lang } from './lang.js';

/** Options of {@link renderArbitrationDiagram}. */
export interface ArbitrationDiagramOptions {
  /** One name per frame, drawn left of its waveform. @default 'node 1', 'node 2'… ('nodo 1'… in Spanish) */
  names?: readonly string[];
  /** A heading drawn above the diagram, also the image's `<title>`. @default no heading */
  title?: string;
  /** Language of the words the diagram adds (bus, wins, loses at…). @default 'en' */
  lang?: Lang;
  /** Width of the image in pixels. @default 1000 */
  width?: number;
  /** Size of the type in pixels. @default 18 */
  fontSize?: number;
}

const WORDS = {
  en: { title: 'CAN arbitration', node: 'node', bus: 'bus', wins: 'wins the bus', ties: 'ties', loses: 'loses at',
    legend: '0 = dominant, 1 = recessive: the bus carries 0 if any node sends 0' },
  es: { title: 'Arbitraje CAN', node: 'nodo', bus: 'bus', wins: 'gana el bus', ties: 'empata', loses: 'pierde en',
    legend: '0 = dominante, 1 = recesivo: el bus lleva 0 si algún nodo envía 0' },
};

const WAVE = '#0b3d91';
const WIN = '#0a6b2d';
const ALARM = '#a40000';
const MARGIN = 20;

/**
 * Renders the arbitration of frames that start sending at the same time as an SVG string, ready for
 * `showSvg` or a file. The same frames always give the same bytes.
 *
 * @example
 * const svg = renderArbitrationDiagram([canFrame(0x123, []), canFrame(0x120, [])], { names: ['brakes', 'engine'] });
 * await showSvg(svg);
 */
export function renderArbitrationDiagram(frames: readonly AnyCanFrame[], options: ArbitrationDiagramOptions = {}): string {
  const result = arbitrate(frames);
  const fields = frames.map(arbitrationField);
  const winnerField = fields[result.winner] ?? [];
  const words = WORDS[options.lang ?? 'en'];
  const width = options.width ?? 1000;
  const fontSize = options.fontSize ?? 18;
  const names = frames.map((frame, index) => `${options.names?.[index] ?? `${words.node} ${index + 1}`} · 0x${frame.id.toString(16).toUpperCase()}`);
  const labelWidth = Math.max(fontSize * 8, ...names.map((name) => [...name].length * fontSize * 0.62 + fontSize));
  const bitWidth = (width - labelWidth - 2 * MARGIN) / winnerField.length;
  const rowHeight = fontSize * 3.2;
  const top = MARGIN + (options.title ? fontSize * 2 : 0);
  const headerHeight = fontSize * 3;
  const firstRow = top + headerHeight;
  const height = round(firstRow + (frames.length + 1) * rowHeight + fontSize * 2 + MARGIN);
  const xOf = (position: number) => round(MARGIN + labelWidth + position * bitWidth);
  const lostAt = new Map(result.losers.map((loser) => [loser.index, loser]));

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="${fontSize}" role="img">`,
    `<title>${escapeXml(options.title ?? words.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (options.title) parts.push(text(width / 2, MARGIN + fontSize, options.title, { weight: 'bold', size: fontSize * 1.2 }));

  winnerField.forEach((bit, position) => {
    const x = xOf(position + 0.5);
    const y = firstRow - fontSize * 0.4;
    parts.push(text(x, y, bit.name, { size: fontSize * 0.7, anchor: 'start', rotate: { x, y } }));
    if (position % 2 === 0) {
      const bottom = firstRow + (frames.length + 1) * rowHeight;
      parts.push(`<rect x="${xOf(position)}" y="${round(firstRow)}" width="${round(bitWidth)}" height="${round(bottom - firstRow)}" fill="#f4f4f4"/>`);
    }
  });

  frames.forEach((_, index) => {
    const rowTop = firstRow + index * rowHeight;
    const lost = lostAt.get(index);
    const sent = lost === undefined ? winnerField.length : lost.position + 1;
    parts.push(text(MARGIN, rowTop + rowHeight * 0.42, names[index] ?? '', { anchor: 'start', weight: 'bold' }));
    const verdict = lost !== undefined
      ? { label: `${words.loses} ${lost.bit}`, color: ALARM }
      : { label: result.tied.length > 0 ? words.ties : words.wins, color: WIN };
    parts.push(text(MARGIN, rowTop + rowHeight * 0.8, verdict.label, { anchor: 'start', size: fontSize * 0.8, color: verdict.color }));
    const levels = (fields[index] ?? []).slice(0, sent).map((bit) => bit.level);
    parts.push(waveform(levels, rowTop, rowHeight, xOf, WAVE, 3));
    levels.forEach((level, position) => {
      const failed = lost !== undefined && position === lost.position;
      parts.push(text(xOf(position + 0.5), rowTop + rowHeight * 0.55, String(level), {
        size: fontSize * 0.8, color: failed ? ALARM : INK, weight: failed ? 'bold' : undefined,
      }));
    });
    if (lost !== undefined) {
      const x = xOf(lost.position);
      parts.push(`<rect x="${x}" y="${round(rowTop + 4)}" width="${round(bitWidth)}" height="${round(rowHeight - 8)}" fill="none" stroke="${ALARM}" stroke-width="3"/>`);
    }
  });

  const busTop = firstRow + frames.length * rowHeight;
  const busLevels = winnerField.map((_, position) => busLevelAt(fields, position, lostAt));
  parts.push(`<line x1="${MARGIN}" y1="${round(busTop)}" x2="${width - MARGIN}" y2="${round(busTop)}" stroke="${INK}" stroke-width="1"/>`);
  parts.push(text(MARGIN, busTop + rowHeight * 0.6, words.bus, { anchor: 'start', weight: 'bold' }));
  parts.push(waveform(busLevels, busTop, rowHeight, xOf, INK, 4));
  busLevels.forEach((level, position) => {
    parts.push(text(xOf(position + 0.5), busTop + rowHeight * 0.55, String(level), { size: fontSize * 0.8, weight: 'bold' }));
  });
  parts.push(text(MARGIN, height - MARGIN - fontSize * 0.3, words.legend, { anchor: 'start', size: fontSize * 0.8, color: '#444444' }));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** What the bus carries at `position`: 0 if any node still sending sends 0 (a wired AND). */
function busLevelAt(fields: ReturnType<typeof arbitrationField>[], position: number, lostAt: Map<number, { position: number }>): 0 | 1 {
  const sending = fields.filter((field, index) => (lostAt.get(index)?.position ?? Infinity) >= position && position < field.length);
  return sending.some((field) => field[position]?.level === 0) ? 0 : 1;
}

/** A square wave: high (recessive 1) near the top of the row, low (dominant 0) near its bottom. */
function waveform(levels: readonly (0 | 1)[], rowTop: number, rowHeight: number, xOf: (position: number) => number, color: string, stroke: number): string {
  if (levels.length === 0) return '';
  const yOf = (level: 0 | 1) => round(level === 1 ? rowTop + rowHeight * 0.15 : rowTop + rowHeight * 0.85);
  const points: string[] = [];
  levels.forEach((level, position) => {
    points.push(`${xOf(position)},${yOf(level)}`, `${xOf(position + 1)},${yOf(level)}`);
  });
  return `<polyline points="${points.join(' ')}" fill="none" stroke="${color}" stroke-width="${stroke}" stroke-linejoin="round" opacity="0.5"/>`;
}
