/**
 * Draws a trace as an SVG sequence diagram: one lifeline per actor, time flowing down, one row per event.
 * Made for slides: large type, black on white, every text escaped, no scripts and no external files.
 */
import type { Trace, TraceEvent } from './trace.js';
import { escapeXml, INK, round, svgText as text } from './svg.js';
import type { Lang } from './lang.js';

/** Options of {@link renderSequenceDiagram}. */
export interface SequenceDiagramOptions {
  /** Width of the image in pixels. @default 800 */
  width?: number;
  /** A heading drawn above the actors, also the image's `<title>`. @default no heading */
  title?: string;
  /** Language of the words the diagram adds (FIN, lost, bytes...). @default 'en' */
  lang?: Lang;
  /**
   * What the left margin shows: the event's number (`'ordinal'`, the same on every run) or the
   * milliseconds since the trace started (`'elapsed'`, different on every run).
   * @default 'ordinal'
   */
  time?: 'ordinal' | 'elapsed';
  /** Label data arrows with a preview of the data and its size, or with the size only. @default 'preview' */
  labels?: 'preview' | 'bytes';
  /** Lifelines from left to right; actors not listed follow in order of appearance. @default order of appearance */
  actors?: readonly string[];
  /** Size of the type in pixels. @default 20 */
  fontSize?: number;
}

const WORDS = {
  en: { title: 'Sequence diagram', connect: 'connect', accept: 'accept', listen: 'listen', close: 'close',
    timeout: 'timeout', lost: 'lost', error: 'error', byte: 'byte', bytes: 'bytes', more: 'more events not shown' },
  es: { title: 'Diagrama de secuencia', connect: 'conecta', accept: 'acepta', listen: 'escucha', close: 'cierra',
    timeout: 'tiempo agotado', lost: 'perdido', error: 'error', byte: 'byte', bytes: 'bytes', more: 'eventos más no mostrados' },
};
type Words = (typeof WORDS)['en'];

const ARROW = '#0b3d91';
const ALARM = '#a40000';
const MARGIN = 20;
const GUTTER = 90;

/**
 * Renders a trace (or a list of events) as an SVG string, ready for `showSvg` or a file.
 * With the default `time: 'ordinal'`, the same events in the same order always give the same bytes.
 *
 * @example
 * const svg = renderSequenceDiagram(trace, { title: 'TCP echo', lang: 'es' });
 * await showSvg(svg);
 */
export function renderSequenceDiagram(source: Trace | readonly TraceEvent[], options: SequenceDiagramOptions = {}): string {
  const events = 'events' in source ? source.events : source;
  const dropped = 'dropped' in source ? source.dropped : 0;
  const words = WORDS[options.lang ?? 'en'];
  const width = options.width ?? 800;
  const fontSize = options.fontSize ?? 20;
  const rowHeight = Math.round(fontSize * 2.6);
  const actors = actorOrder(events, options.actors ?? []);
  const columnWidth = (width - GUTTER - 2 * MARGIN) / Math.max(actors.length, 1);
  const xOf = (actor: string) => round(GUTTER + MARGIN + columnWidth * (actors.indexOf(actor) + 0.5));
  const top = MARGIN + (options.title ? fontSize * 2 : 0);
  const boxHeight = fontSize * 2;
  const firstRow = top + boxHeight + fontSize;
  const rows = events.length + (dropped > 0 ? 1 : 0);
  const height = firstRow + rows * rowHeight + MARGIN;
  const fit = (text: string, room: number) => fitText(text, room, fontSize);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="${fontSize}" role="img">`,
    `<title>${escapeXml(options.title ?? words.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (options.title) {
    parts.push(text(width / 2, MARGIN + fontSize, fit(options.title, width - 2 * MARGIN), { weight: 'bold', size: fontSize * 1.2 }));
  }
  for (const actor of actors) {
    const x = xOf(actor);
    const boxWidth = columnWidth - 16;
    parts.push(
      `<line x1="${x}" y1="${top + boxHeight}" x2="${x}" y2="${height - MARGIN}" stroke="${INK}" stroke-width="2" stroke-dasharray="6 6"/>`,
      `<rect x="${round(x - boxWidth / 2)}" y="${top}" width="${round(boxWidth)}" height="${boxHeight}" rx="6" fill="#f2f2f2" stroke="${INK}" stroke-width="2"/>`,
      text(x, top + boxHeight * 0.68, fit(actor, boxWidth - 10), { weight: 'bold' }),
    );
  }
  events.forEach((event, index) => {
    const y = firstRow + index * rowHeight + rowHeight * 0.62;
    const time = options.time === 'elapsed' ? `${event.t.toFixed(1)} ms` : String(index + 1);
    parts.push(text(MARGIN, y + fontSize * 0.35, time, { anchor: 'start', size: fontSize * 0.8, color: '#444444' }));
    const { from, to } = event;
    if (isArrow(event) && from !== undefined && to !== undefined) {
      parts.push(drawArrow(event, xOf(from), xOf(to), y, { words, labels: options.labels ?? 'preview', fit, fontSize }));
    } else {
      parts.push(drawNote(event, xOf(event.actor), y, columnWidth - 16, { words, fit, fontSize }));
    }
  });
  if (dropped > 0) {
    const y = firstRow + events.length * rowHeight + rowHeight * 0.62;
    parts.push(text(width / 2, y, `… ${dropped} ${words.more}`, { color: ALARM }));
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

interface DrawContext {
  words: Words;
  fit: (text: string, room: number) => string;
  fontSize: number;
}

/** Kinds drawn as an arrow between two lifelines when the event names a `from` and a different `to`. */
function isArrow(event: TraceEvent): boolean {
  const arrowKinds = ['connect', 'accept', 'data', 'datagram', 'end', 'lost'];
  return arrowKinds.includes(event.kind) && event.from !== event.to;
}

function drawArrow(event: TraceEvent, x1: number, x2: number, y: number, context: DrawContext & { labels: 'preview' | 'bytes' }): string {
  const { words, fit, fontSize } = context;
  const lost = event.kind === 'lost';
  const dashed = event.kind === 'end';
  const color = lost ? ALARM : ARROW;
  const end = lost ? round(x1 + (x2 - x1) * 0.6) : x2;
  const direction = Math.sign(x2 - x1);
  const label = fit(arrowLabel(event, context.labels, words), Math.abs(x2 - x1) - 8);
  const parts = [
    `<line x1="${x1}" y1="${y}" x2="${end}" y2="${y}" stroke="${color}" stroke-width="3"${dashed ? ' stroke-dasharray="10 6"' : ''}/>`,
    text((x1 + x2) / 2, y - fontSize * 0.6, label, { color: lost ? ALARM : INK }),
  ];
  if (lost) {
    const size = fontSize * 0.4;
    parts.push(
      `<path d="M ${round(end - size)} ${round(y - size)} L ${round(end + size)} ${round(y + size)} ` +
        `M ${round(end - size)} ${round(y + size)} L ${round(end + size)} ${round(y - size)}" stroke="${ALARM}" stroke-width="4"/>`,
    );
  } else {
    const back = round(end - direction * fontSize * 0.7);
    const side = round(fontSize * 0.35);
    parts.push(`<polygon points="${end},${y} ${back},${round(y - side)} ${back},${round(y + side)}" fill="${color}"/>`);
  }
  return parts.join('\n');
}

function arrowLabel(event: TraceEvent, labels: 'preview' | 'bytes', words: Words): string {
  const size = event.bytes === undefined ? '' : `${event.bytes} ${event.bytes === 1 ? words.byte : words.bytes}`;
  const named: Partial<Record<TraceEvent['kind'], string>> = { connect: words.connect, accept: words.accept, end: 'FIN' };
  const base = named[event.kind] ?? (labels === 'preview' && event.label && size ? `${event.label} (${size})` : size || event.label || '');
  if (event.kind !== 'lost') return base;
  return base === '' ? words.lost : `${base} — ${words.lost}`;
}

function drawNote(event: TraceEvent, x: number, y: number, room: number, context: DrawContext): string {
  const { words, fit, fontSize } = context;
  const named: Partial<Record<TraceEvent['kind'], string>> = {
    listen: words.listen, accept: words.accept, close: words.close, timeout: words.timeout, error: words.error, lost: words.lost,
  };
  const name = named[event.kind];
  const wording = [name, event.label].filter((part) => part !== undefined && part !== '').join(': ');
  const label = fit(wording || event.kind, room - 16);
  const alarm = event.kind === 'error' || event.kind === 'lost' || event.kind === 'timeout';
  const noteWidth = Math.min(room, [...label].length * fontSize * 0.6 + 24);
  const noteHeight = fontSize * 1.6;
  return [
    `<rect x="${round(x - noteWidth / 2)}" y="${round(y - noteHeight / 2)}" width="${round(noteWidth)}" height="${round(noteHeight)}" ` +
      `rx="4" fill="${alarm ? '#fff0f0' : '#fffbe6'}" stroke="${alarm ? ALARM : INK}" stroke-width="2"/>`,
    text(x, y + fontSize * 0.35, label, { color: alarm ? ALARM : INK }),
  ].join('\n');
}

/** Shortens text to what fits in `room` pixels, assuming an average character is 0.6 em wide. */
function fitText(content: string, room: number, fontSize: number): string {
  const characters = [...content];
  const fits = Math.max(1, Math.floor(room / (fontSize * 0.6)));
  return characters.length <= fits ? content : `${characters.slice(0, fits - 1).join('')}…`;
}

function actorOrder(events: readonly TraceEvent[], given: readonly string[]): string[] {
  const actors = [...given];
  for (const event of events) {
    for (const name of [event.actor, event.from, event.to]) {
      if (name !== undefined && !actors.includes(name)) actors.push(name);
    }
  }
  return actors;
}
