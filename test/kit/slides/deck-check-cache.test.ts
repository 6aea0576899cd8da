import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeckCheckCache } from '../../../src/kit/slides/deck-check-cache.js';

describe('DeckCheckCache', () => {
  let root: string;
  let deck: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'socketbook-deck-checks-'));
    await mkdir(join(root, 'slides', 'en'), { recursive: true });
    await mkdir(join(root, 'slides', 'assets'), { recursive: true });
    await mkdir(join(root, 'notebooks', 'figures'), { recursive: true });
    await writeFile(join(root, 'slides', 'assets', 'reveal.css'), '.reveal { font-size: 40px }');
    await writeFile(join(root, 'notebooks', 'figures', 'wire.svg'), '<svg width="10"/>');
    deck = join(root, 'slides', 'en', '01-deck.html');
    await writeFile(deck, '<link href="../assets/reveal.css"><img src="../../notebooks/figures/wire.svg"><a href="https://example.org/">x</a>');
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('remembers a pass under .socketbook/deck-checks/, and forgets it', async () => {
    const checks = new DeckCheckCache(root);
    const fingerprint = await checks.fingerprint(deck);
    expect(await checks.passed(deck, fingerprint)).toBe(false);
    await checks.remember(deck, fingerprint);
    expect(existsSync(join(root, '.socketbook', 'deck-checks', 'en', '01-deck.html.sha256'))).toBe(true);
    expect(await new DeckCheckCache(root).passed(deck, fingerprint)).toBe(true);
    await checks.forget(deck);
    expect(await checks.passed(deck, fingerprint)).toBe(false);
  });

  it('gives the same deck the same fingerprint, and a new one when its HTML, an image it shows or an asset changes', async () => {
    const before = await new DeckCheckCache(root).fingerprint(deck);
    expect(await new DeckCheckCache(root).fingerprint(deck)).toBe(before);

    await writeFile(join(root, 'notebooks', 'figures', 'wire.svg'), '<svg width="900"/>');
    const imageChanged = await new DeckCheckCache(root).fingerprint(deck);
    expect(imageChanged).not.toBe(before);

    await writeFile(join(root, 'slides', 'assets', 'reveal.css'), '.reveal { font-size: 60px }');
    const assetChanged = await new DeckCheckCache(root).fingerprint(deck);
    expect(assetChanged).not.toBe(imageChanged);

    await writeFile(deck, '<link href="../assets/reveal.css"><p>more text</p><img src="bad%zzname.svg">');
    expect(await new DeckCheckCache(root).fingerprint(deck)).not.toBe(assetChanged);
  });
});
