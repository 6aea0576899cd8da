import { createRequire } from 'node:module';

/**
 * Options of {@link showSvg} and {@link showHtml}.
 *
 * @example
 * const options: ShowOptions = { alt: 'three-way handshake' };
 */
export interface ShowOptions {
  /**
   * A short description of the figure: the plain-text alternative sent with it to Deno, and the text
   * printed outside a notebook.
   * @default for an SVG its `<title>`, else "figure"; for HTML "HTML output"
   */
  alt?: string;
  /**
   * Where the text fallback goes when no notebook kernel is running.
   * @default writes a line to standard output
   */
  write?: (text: string) => void;
}

/** What the Deno kernel exposes as `Deno.jupyter` (only the part used here). */
interface DenoJupyter {
  display(bundle: Record<string, string>, options: { raw: true }): Promise<void>;
}

/** What tslab's public module exports (only the part used here). */
interface TslabModule {
  display: { raw(contentType: string, data: string): void };
}

/** What tslab puts on `globalThis.__tslab__` while it runs a cell. */
interface TslabGlobal {
  require(id: string): unknown;
}

/**
 * Shows an SVG image as a figure in the cell's output, on the tslab and Deno kernels alike. Outside a
 * notebook it prints one line of text instead, so a script or test that calls it still runs.
 *
 * @example
 * await showSvg('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">' +
 *   '<circle cx="20" cy="20" r="15"/></svg>', { alt: 'a dot' });
 */
export async function showSvg(svg: string, options: ShowOptions = {}): Promise<void> {
  const alt = options.alt ?? svgTitle(svg) ?? 'figure';
  await show('image/svg+xml', svg, alt, options.write);
}

/**
 * Shows HTML (a table, a coloured message) in the cell's output, on the tslab and Deno kernels alike.
 * Outside a notebook it prints one line of text instead.
 *
 * @example
 * await showHtml('<b>3</b> clients connected', { alt: '3 clients connected' });
 */
export async function showHtml(html: string, options: ShowOptions = {}): Promise<void> {
  const alt = options.alt ?? 'HTML output';
  await show('text/html', html, alt, options.write);
}

async function show(
  contentType: string,
  data: string,
  alt: string,
  write: ((text: string) => void) | undefined,
): Promise<void> {
  const deno = denoJupyter();
  if (deno) {
    await deno.display({ [contentType]: data, 'text/plain': alt }, { raw: true });
    return;
  }
  const tslab = tslabModule();
  if (tslab && displayedByTslab(tslab, contentType, data)) return;
  const kind = contentType === 'image/svg+xml' ? 'SVG' : 'HTML';
  const line = `[${kind}: ${alt} (${Buffer.byteLength(data)} bytes), shown as a figure in a notebook]`;
  (write ?? ((text: string) => process.stdout.write(`${text}\n`)))(line);
}

/** `Deno.jupyter` when running in Deno's kernel, else undefined. */
function denoJupyter(): DenoJupyter | undefined {
  const deno = (globalThis as { Deno?: { jupyter?: DenoJupyter } }).Deno;
  if (deno === undefined) return undefined;
  try {
    // Deno throws on this property access when it is not running as a Jupyter kernel.
    return typeof deno.jupyter?.display === 'function' ? deno.jupyter : undefined;
  } catch {
    return undefined;
  }
}

/**
 * tslab's public module, the very instance the kernel hooked, when running in tslab, else undefined.
 * A cell's `require('tslab')` is redirected to the kernel's own copy; `__tslab__.require` is that same
 * redirected function, so it works even when the kernel runs from another tslab install than the one
 * beside this library. Resolving from here is the fallback for a kernel that does not set it.
 */
function tslabModule(): TslabModule | undefined {
  const hook = (globalThis as { __tslab__?: TslabGlobal }).__tslab__;
  if (hook === undefined) return undefined;
  const candidates = [() => hook.require('tslab'), () => createRequire(import.meta.url)('tslab')];
  for (const load of candidates) {
    try {
      const module = load();
      if (isTslabModule(module)) return module;
    } catch {
      // Not loadable this way: try the next one.
    }
  }
  return undefined;
}

/** False when tslab is loaded but not serving a cell (its display throws "Not ready"). */
function displayedByTslab(tslab: TslabModule, contentType: string, data: string): boolean {
  try {
    tslab.display.raw(contentType, data);
    return true;
  } catch {
    return false;
  }
}

function isTslabModule(value: unknown): value is TslabModule {
  const display = (value as { display?: { raw?: unknown } } | null | undefined)?.display;
  return typeof display?.raw === 'function';
}

function svgTitle(svg: string): string | undefined {
  const match = /<title>([^<]*)<\/title>/.exec(svg);
  return match?.[1]?.trim() || undefined;
}
