/**
 * Draws the OSI model beside the TCP/IP model as an SVG figure, with an example technology per layer and
 * the line where the socket API sits: your program above it, the operating system below. Made for
 * slides: large type, black on white, every text escaped, no scripts and no external files.
 */
import { escapeXml, INK, round, svgText } from './svg.js';
import type { Lang } from './lang.js';

/** An OSI layer number, 1 (physical) to 7 (application). @example const transport: OsiLayer = 4; */
export type OsiLayer = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Options of {@link renderLayerDiagram}. */
export interface LayerDiagramOptions {
  /** Language of the layer names and the built-in examples. @default 'en' */
  lang?: Lang;
  /** A heading drawn above the columns, also the image's `<title>`. @default no heading */
  title?: string;
  /** OSI layers drawn highlighted, with their TCP/IP layer and examples. @default none */
  highlight?: readonly number[];
  /** Example text of some OSI layers, replacing the built-in one (`{ 2: 'CAN' }`). @default built-in examples */
  examples?: Readonly<Partial<Record<number, string>>>;
  /** Draw the socket API line between layers 4 and 5. @default true */
  socketApi?: boolean;
  /** Width of the image in pixels. @default 800 */
  width?: number;
  /** Size of the type in pixels. @default 18 */
  fontSize?: number;
}

const WORDS = {
  en: {
    title: 'OSI and TCP/IP layers',
    osi: 'OSI', tcpip: 'TCP/IP', examples: 'Examples',
    layers: ['Physical', 'Data link', 'Network', 'Transport', 'Session', 'Presentation', 'Application'],
    tcpipLayers: ['Link', 'Internet', 'Transport', 'Application'],
    sample: ['cable, radio, CAN bus', 'Ethernet, WiFi, Bluetooth, CAN', 'IPv4, IPv6', 'TCP, UDP', 'sessions (TLS, RPC)',
      'UTF-8, JSON, compression', 'HTTP, your program'],
    api: 'socket API: your program above, the operating system below',
  },
  es: {
    title: 'Capas OSI y TCP/IP',
    osi: 'OSI', tcpip: 'TCP/IP', examples: 'Ejemplos',
    layers: ['Física', 'Enlace de datos', 'Red', 'Transporte', 'Sesión', 'Presentación', 'Aplicación'],
    tcpipLayers: ['Acceso a la red', 'Internet', 'Transporte', 'Aplicación'],
    sample: ['cable, radio, bus CAN', 'Ethernet, WiFi, Bluetooth, CAN', 'IPv4, IPv6', 'TCP, UDP', 'sesiones (TLS, RPC)',
      'UTF-8, JSON, compresión', 'HTTP, tu programa'],
    api: 'API de sockets: arriba tu programa, abajo el sistema operativo',
  },
};

/** The TCP/IP layers as spans of OSI layers, bottom to top: link = 1–2, internet = 3, transport = 4, application = 5–7. */
const TCPIP_SPANS: ReadonlyArray<readonly [OsiLayer, OsiLayer]> = [[1, 2], [3, 3], [4, 4], [5, 7]];

const LIGHT = '#f2f2f2';
const MARK = '#ffd966';
const API = '#0b3d91';
const MARGIN = 16;

/**
 * Renders the OSI and TCP/IP layers as an SVG string, ready for `showSvg` or a file. The same options
 * always give the same bytes. Throws a `RangeError` for a layer number outside 1–7.
 *
 * @example
 * const svg = renderLayerDiagram({ lang: 'es', highlight: [3, 4], title: 'Capas 3 y 4' });
 * await showSvg(svg);
 */
export function renderLayerDiagram(options: LayerDiagramOptions = {}): string {
  const words = WORDS[options.lang ?? 'en'];
  const highlighted = new Set<number>((options.highlight ?? []).map((layer) => checkLayer(layer, 'highlight')));
  const examples = new Map<number, string>();
  for (const [key, value] of Object.entries(options.examples ?? {})) {
    if (value !== undefined) examples.set(checkLayer(Number(key), 'examples'), value);
  }
  const width = options.width ?? 800;
  const fontSize = options.fontSize ?? 18;
  const rowHeight = Math.round(fontSize * 2.3);
  const top = MARGIN + (options.title ? fontSize * 2 : 0);
  const headerHeight = Math.round(fontSize * 1.8);
  const firstRow = top + headerHeight;
  const api = options.socketApi ?? true;
  const labelSize = fontSize * 0.8;
  // The socket API gets a band of its own between layers 5 and 4, so its label covers no layer.
  const band = api ? Math.round(labelSize * 2) : 0;
  const height = firstRow + 7 * rowHeight + band + MARGIN;
  const inner = width - 2 * MARGIN;
  const columns = [
    { x: MARGIN, width: inner * 0.34 },
    { x: MARGIN + inner * 0.34, width: inner * 0.24 },
    { x: MARGIN + inner * 0.58, width: inner * 0.42 },
  ] as const;
  const [osiColumn, tcpipColumn, exampleColumn] = columns;
  /** The top edge of the row of OSI layer `layer` (7 at the top, layers 4 to 1 below the API band). */
  const rowTop = (layer: number) => firstRow + (7 - layer) * rowHeight + (layer <= 4 ? band : 0);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${round(height)}" viewBox="0 0 ${width} ${round(height)}" ` +
      `font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="${fontSize}" role="img">`,
    `<title>${escapeXml(options.title ?? words.title)}</title>`,
    `<rect width="${width}" height="${round(height)}" fill="#ffffff"/>`,
  ];
  if (options.title) {
    parts.push(text(width / 2, MARGIN + fontSize, options.title, inner, fontSize * 1.2, 'bold'));
  }
  const headers = [words.osi, words.tcpip, words.examples];
  columns.forEach((column, index) => {
    parts.push(text(column.x + column.width / 2, top + headerHeight * 0.65, headers[index] ?? '', column.width - 8, fontSize, 'bold'));
  });
  for (let layer = 7; layer >= 1; layer--) {
    const y = rowTop(layer);
    const marked = highlighted.has(layer);
    const name = `${layer} · ${words.layers[layer - 1] ?? ''}`;
    const example = examples.get(layer) ?? words.sample[layer - 1] ?? '';
    parts.push(
      box(osiColumn.x, y, osiColumn.width, rowHeight, marked),
      text(osiColumn.x + osiColumn.width / 2, y + rowHeight * 0.62, name, osiColumn.width - 24, fontSize, marked ? 'bold' : undefined),
      box(exampleColumn.x, y, exampleColumn.width, rowHeight, marked),
      text(exampleColumn.x + exampleColumn.width / 2, y + rowHeight * 0.62, example, exampleColumn.width - 24, fontSize, marked ? 'bold' : undefined),
    );
  }
  TCPIP_SPANS.forEach(([low, high], index) => {
    const y = rowTop(high);
    const spanHeight = rowTop(low) + rowHeight - y;
    const marked = [...highlighted].some((layer) => layer >= low && layer <= high);
    const name = words.tcpipLayers[index] ?? '';
    parts.push(
      box(tcpipColumn.x, y, tcpipColumn.width, spanHeight, marked),
      text(tcpipColumn.x + tcpipColumn.width / 2, y + spanHeight / 2 + fontSize * 0.35, name, tcpipColumn.width - 24, fontSize, marked ? 'bold' : undefined),
    );
  });
  if (api) {
    const y = rowTop(4) - band / 2;
    const labelWidth = Math.min(inner - 20, [...words.api].length * labelSize * 0.66 + 16);
    parts.push(
      `<line x1="${MARGIN}" y1="${round(y)}" x2="${round(width - MARGIN)}" y2="${round(y)}" stroke="${API}" stroke-width="4" stroke-dasharray="12 6"/>`,
      `<rect x="${round(width / 2 - labelWidth / 2)}" y="${round(y - labelSize * 0.75)}" width="${round(labelWidth)}" ` +
        `height="${round(labelSize * 1.5)}" rx="4" fill="#ffffff" stroke="${API}" stroke-width="2"/>`,
      text(width / 2, y + labelSize * 0.35, words.api, labelWidth - 8, labelSize, 'bold', API),
    );
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function checkLayer(layer: number, option: string): OsiLayer {
  if (!Number.isInteger(layer) || layer < 1 || layer > 7) {
    throw new RangeError(`Cannot draw the layer diagram: ${option} names layer ${layer}, which does not exist; use 1 to 7`);
  }
  return layer as OsiLayer;
}

function box(x: number, y: number, width: number, height: number, marked: boolean): string {
  return `<rect x="${round(x + 2)}" y="${round(y + 2)}" width="${round(width - 4)}" height="${round(height - 4)}" rx="6" ` +
    `fill="${marked ? MARK : LIGHT}" stroke="${INK}" stroke-width="${marked ? 3 : 1.5}"/>`;
}

/**
 * A centred line of text. When it would be wider than `room` (an average character taken as 0.6 em,
 * 0.66 em in bold),
 * `textLength` squeezes it to fit instead of cutting it: every word of a label matters on a slide.
 */
/** A label that must fit `room` wide: squeezed with `textLength` when its estimated width is larger. */
function text(x: number, y: number, content: string, room: number, size: number, weight?: string, color = INK): string {
  const estimated = [...content].length * size * (weight === 'bold' ? 0.66 : 0.6);
  return svgText(x, y, content, { size, weight, color, ...(estimated > room ? { fitWidth: room } : {}) });
}
