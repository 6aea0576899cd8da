/**
 * Draws an IP address as the bits it is made of, with the network part (the first `prefixLength` bits)
 * shaded: the picture behind "192.168.1.10/24". Made for slides, like the sequence diagrams: large type,
 * black on white, every text escaped, no scripts and no external files.
 */
import { parseIPv4, parseIPv6 } from './address.js';
import { escapeXml, INK, round, svgText as text } from './svg.js';
import type { Lang } from './lang.js';

/**
 * Options of {@link renderAddressBits}.
 *
 * @example
 * const options: AddressBitsOptions = { prefixLength: 16, lang: 'es', title: 'Una red privada' };
 */
export interface AddressBitsOptions {
  /**
   * How many leading bits are the network part (0–32 for IPv4, 0–128 for IPv6); they are shaded and
   * bracketed apart from the host part.
   * @default no network part marked
   */
  prefixLength?: number;
  /** Language of the words the figure adds (network, host, bits). @default 'en' */
  lang?: Lang;
  /** A heading, also the image's `<title>`. @default the address, with `/prefixLength` when given */
  title?: string;
  /** Width of the image in pixels. @default 800 */
  width?: number;
  /** Size of the type in pixels. @default 20 */
  fontSize?: number;
}

const WORDS = {
  en: { network: 'network', host: 'host', bits: 'bits', bit: 'bit', address: 'address' },
  es: { network: 'red', host: 'host', bits: 'bits', bit: 'bit', address: 'dirección' },
};

const NETWORK = '#0b3d91';
const NETWORK_FILL = '#cfe0ff';
const HOST = '#555555';
const MARGIN = 20;
/** Space between groups of cells, in cell widths. */
const GROUP_GAP = 0.6;

/**
 * Renders an IPv4 or IPv6 address as an SVG string, ready for `showSvg` or a file. IPv4 shows its
 * 32 bits in 4 bytes, each byte's decimal value above it; IPv6 shows its 32 hexadecimal digits
 * (4 bits each) in 8 groups, each group as it is written in the short form above it.
 * Throws `InvalidAddressError` for a text that is not an address, `RangeError` for a bad prefix length.
 *
 * @example
 * await showSvg(renderAddressBits('192.168.1.10', { prefixLength: 24, lang: 'es' }));
 * await showSvg(renderAddressBits('2001:db8::1', { prefixLength: 64 }));
 */
export function renderAddressBits(address: string, options: AddressBitsOptions = {}): string {
  const ipv6 = address.includes(':');
  const bytes = ipv6 ? parseIPv6(address) : parseIPv4(address);
  const totalBits = bytes.length * 8;
  const { prefixLength } = options;
  if (prefixLength !== undefined && !(Number.isInteger(prefixLength) && prefixLength >= 0 && prefixLength <= totalBits)) {
    throw new RangeError(`Cannot draw address ${address}: prefix length ${prefixLength} is not a whole number from 0 to ${totalBits}`);
  }
  const words = WORDS[options.lang ?? 'en'];
  const width = options.width ?? 800;
  const fontSize = options.fontSize ?? 20;
  const layout = ipv6 ? ipv6Layout(bytes) : ipv4Layout(bytes);
  const groups = layout.labels.length;
  const perGroup = layout.cells.length / groups;
  const cellWidth = (width - 2 * MARGIN) / (layout.cells.length + (groups - 1) * GROUP_GAP);
  const cellHeight = Math.max(cellWidth * 1.4, fontSize * 1.5);
  const xOf = (cell: number) => MARGIN + (cell + Math.floor(cell / perGroup) * GROUP_GAP) * cellWidth;
  const title = options.title ?? (prefixLength === undefined ? address : `${address}/${prefixLength}`);
  const labelsY = MARGIN + fontSize * 2.8;
  const cellsY = labelsY + fontSize * 0.6;
  const bracketY = cellsY + cellHeight + fontSize * 0.6;
  const height = round(bracketY + fontSize * 2.2 + MARGIN);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="${fontSize}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    text(width / 2, MARGIN + fontSize, title, { weight: 'bold', size: fontSize * 1.2 }),
  ];
  layout.labels.forEach((label, group) => {
    const start = xOf(group * perGroup);
    const end = xOf((group + 1) * perGroup - 1) + cellWidth;
    parts.push(text((start + end) / 2, labelsY, label, { weight: 'bold' }));
  });
  layout.cells.forEach((digit, cell) => {
    const x = xOf(cell);
    const covered = prefixLength === undefined ? 0 : clamp(prefixLength - cell * layout.bitsPerCell, 0, layout.bitsPerCell);
    parts.push(`<rect x="${round(x)}" y="${round(cellsY)}" width="${round(cellWidth)}" height="${round(cellHeight)}" fill="#ffffff"/>`);
    if (covered > 0) {
      const shaded = (cellWidth * covered) / layout.bitsPerCell;
      parts.push(`<rect x="${round(x)}" y="${round(cellsY)}" width="${round(shaded)}" height="${round(cellHeight)}" fill="${NETWORK_FILL}"/>`);
    }
    parts.push(
      `<rect x="${round(x)}" y="${round(cellsY)}" width="${round(cellWidth)}" height="${round(cellHeight)}" fill="none" stroke="${INK}" stroke-width="1.5"/>`,
      text(x + cellWidth / 2, cellsY + cellHeight / 2 + fontSize * 0.33, digit, { family: 'DejaVu Sans Mono, monospace', size: fontSize * 0.85 }),
    );
  });
  // A label under a narrow bracket (a /10, say) may be wider than it: keep it inside the image.
  const keepInside = (center: number, label: string) => {
    const half = (label.length * fontSize * 0.62) / 2;
    return clamp(center, MARGIN + half, width - MARGIN - half);
  };
  const count = (bits: number) => `${bits} ${bits === 1 ? words.bit : words.bits}`;
  const bracket = (fromBit: number, toBit: number, label: string, color: string) => {
    const startCell = Math.floor(fromBit / layout.bitsPerCell);
    const endCell = Math.ceil(toBit / layout.bitsPerCell) - 1;
    const x1 = xOf(startCell) + ((fromBit % layout.bitsPerCell) / layout.bitsPerCell) * cellWidth;
    const endFraction = toBit % layout.bitsPerCell === 0 ? 1 : (toBit % layout.bitsPerCell) / layout.bitsPerCell;
    const x2 = xOf(endCell) + endFraction * cellWidth;
    parts.push(
      `<path d="M ${round(x1 + 2)} ${round(bracketY)} V ${round(bracketY + fontSize * 0.5)} H ${round(x2 - 2)} V ${round(bracketY)}" ` +
        `fill="none" stroke="${color}" stroke-width="3"/>`,
      text(keepInside((x1 + x2) / 2, label), bracketY + fontSize * 1.6, label, { color, weight: 'bold' }),
    );
  };
  if (prefixLength === undefined) {
    bracket(0, totalBits, `${words.address}: ${count(totalBits)}`, INK);
  } else {
    if (prefixLength > 0) bracket(0, prefixLength, `${words.network}: ${count(prefixLength)}`, NETWORK);
    if (prefixLength < totalBits) bracket(prefixLength, totalBits, `${words.host}: ${count(totalBits - prefixLength)}`, HOST);
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

interface Layout {
  /** One text per group of cells: a byte in decimal, or an IPv6 group in its short form. */
  labels: string[];
  /** One character per cell: a bit, or a hexadecimal digit. */
  cells: string[];
  bitsPerCell: number;
}

function ipv4Layout(bytes: Uint8Array): Layout {
  const labels = [...bytes].map(String);
  const cells = [...bytes].flatMap((byte) => [...byte.toString(2).padStart(8, '0')]);
  return { labels, cells, bitsPerCell: 1 };
}

function ipv6Layout(bytes: Uint8Array): Layout {
  const groups = Array.from({ length: 8 }, (_, index) => ((bytes[2 * index] ?? 0) << 8) | (bytes[2 * index + 1] ?? 0));
  const labels = groups.map((group) => group.toString(16));
  const cells = groups.flatMap((group) => [...group.toString(16).padStart(4, '0')]);
  return { labels, cells, bitsPerCell: 4 };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
