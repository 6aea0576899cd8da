import { KitError } from '../kit-error.js';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atomicWrite } from '../fs/atomic-write.js';
import { DECK_CSS } from './deck-css.js';

/** The files every deck loads, in the order the page loads them: name in `slides/assets/` and kind. */
export const DECK_ASSETS = [
  { name: 'reveal.css', kind: 'css' },
  { name: 'theme.css', kind: 'css' },
  { name: 'socketbook.css', kind: 'css' },
  { name: 'reveal.js', kind: 'js' },
  { name: 'notes.js', kind: 'js' },
] as const;

/** The name of a deck asset. */
export type DeckAssetName = (typeof DECK_ASSETS)[number]['name'];

/** reveal.js is not installed where socketbook runs from. */
export class MissingRevealError extends KitError<'ERR_SLIDES_MISSING_ASSET'> {
  constructor(path: string, options?: { cause?: unknown }) {
    super('ERR_SLIDES_MISSING_ASSET', `Cannot find reveal.js's file ${path}. Run 'npm install' (reveal.js 6 is a dependency of socketbook)`, options);
  }
}

/** Where reveal.js's `dist/` folder is, resolved from socketbook's own dependencies. */
function revealDist(): string {
  try {
    return dirname(fileURLToPath(import.meta.resolve('reveal.js')));
  } catch (error) {
    throw new MissingRevealError('reveal.js', { cause: error });
  }
}

/**
 * Reads the deck assets: reveal.js's script, styles, high-contrast theme (its font embedded, so nothing is
 * fetched) and speaker notes plugin from node_modules, and socketbook's own stylesheet.
 *
 * @example
 * const assets = await readDeckAssets();
 * assets.get('reveal.js'); // the UMD build of reveal.js
 */
export async function readDeckAssets(): Promise<Map<DeckAssetName, string>> {
  const dist = revealDist();
  const sources: Record<Exclude<DeckAssetName, 'socketbook.css'>, string> = {
    'reveal.css': join(dist, 'reveal.css'),
    'theme.css': join(dist, 'theme', 'white-contrast.css'),
    'reveal.js': join(dist, 'reveal.js'),
    'notes.js': join(dist, 'plugin', 'notes.js'),
  };
  const assets = new Map<DeckAssetName, string>([['socketbook.css', DECK_CSS]]);
  for (const [name, path] of Object.entries(sources) as [DeckAssetName, string][]) {
    if (!existsSync(path)) throw new MissingRevealError(path);
    assets.set(name, await readFile(path, 'utf8'));
  }
  return assets;
}

/**
 * Copies the deck assets into `folder` (`slides/assets/`, never committed), rewriting only files whose
 * content changed. Returns the assets, for callers that also inline them.
 *
 * @example
 * await copyDeckAssets(join(root, 'slides', 'assets'));
 */
export async function copyDeckAssets(folder: string): Promise<Map<DeckAssetName, string>> {
  const assets = await readDeckAssets();
  for (const [name, content] of assets) {
    const path = join(folder, name);
    const current = existsSync(path) ? await readFile(path, 'utf8') : undefined;
    if (current !== content) await atomicWrite(path, content);
  }
  return assets;
}
