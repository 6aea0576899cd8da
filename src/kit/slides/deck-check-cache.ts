import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { atomicWrite } from '../fs/atomic-write.js';
import { hashFolder } from '../build/content-hash.js';

/**
 * What the overflow check measures, as part of every fingerprint: change it when the check itself changes,
 * so decks that passed the old check are measured again.
 */
const CHECK = 'overflow at 1280x720, v1';

/** Local files a deck loads: `src` and `href` values that are not URLs, fragments or data. */
const LOCAL_REFERENCE = /\s(?:src|href)="(?![a-z][a-z0-9+.-]*:|#|\/\/)([^"?#]+)/gi;

/**
 * Remembers which decks passed the overflow check, so a build that renders a deck identical to one that
 * passed does not open it in Chromium again (a second `npm start` of an unchanged course then starts no
 * browser at all). A deck's fingerprint covers its HTML, the files it loads (reveal.js, styles, images)
 * and the check; only a pass is remembered, so a deck that did not fit is measured every time.
 *
 * @example
 * const checks = new DeckCheckCache(root);
 * const fingerprint = await checks.fingerprint(deck.path);
 * if (!(await checks.passed(deck.path, fingerprint))) { ...measure...; await checks.remember(deck.path, fingerprint); }
 */
export class DeckCheckCache {
  readonly #root: string;
  /** `slides/assets/`, which every deck loads: hashed once, as a whole. */
  readonly #assetsFolder: string;
  /** The digest of `slides/assets/`, read once: every deck loads the same assets. */
  #assets: Promise<string> | undefined;

  constructor(root: string) {
    this.#root = root;
    this.#assetsFolder = join(root, 'slides', 'assets');
  }

  /** The fingerprint of a deck as it is on disk now. */
  async fingerprint(deckPath: string): Promise<string> {
    this.#assets ??= existsSync(this.#assetsFolder) ? hashFolder(this.#assetsFolder) : Promise.resolve('no assets');
    const html = await readFile(deckPath, 'utf8');
    const hash = createHash('sha256').update(CHECK).update('\0').update(await this.#assets).update('\0').update(html);
    const folder = dirname(deckPath);
    const loaded = new Set([...html.matchAll(LOCAL_REFERENCE)].map((match) => resolve(folder, decodePath(match[1]!))));
    for (const file of [...loaded].sort()) {
      if (file.startsWith(this.#assetsFolder + sep)) continue;
      hash.update('\0').update(file).update('\0').update(existsSync(file) ? await readFile(file) : 'missing');
    }
    return hash.digest('hex');
  }

  /** True if a deck with this fingerprint passed the check before. */
  async passed(deckPath: string, fingerprint: string): Promise<boolean> {
    const stamped = await readFile(this.#stampPath(deckPath), 'utf8').catch(() => undefined);
    return stamped === fingerprint;
  }

  /** Records that the deck with this fingerprint passed. */
  async remember(deckPath: string, fingerprint: string): Promise<void> {
    await atomicWrite(this.#stampPath(deckPath), fingerprint);
  }

  /** Forgets a deck, after it failed the check. */
  async forget(deckPath: string): Promise<void> {
    await rm(this.#stampPath(deckPath), { force: true });
  }

  #stampPath(deckPath: string): string {
    return join(this.#root, '.socketbook', 'deck-checks', `${relative(join(this.#root, 'slides'), deckPath)}.sha256`);
  }
}

/** A path as written in an attribute, `%20` and the like decoded; kept as written if it is not valid percent-encoding. */
function decodePath(written: string): string {
  try {
    return decodeURIComponent(written);
  } catch {
    return written;
  }
}
