import { DECK_ASSETS, type DeckAssetName } from './deck-assets.js';
import { DECK_SCRIPT } from './deck-script.js';
import { escapeHtml } from './escape-html.js';
import { interfaceWords } from './interface-words.js';
import type { Lang } from '../lang.js';

/** What {@link renderDeckPage} puts in the page. */
export interface DeckPage {
  lang: Lang;
  title: string;
  /** The `<section>` elements of the deck. */
  sections: string;
  /**
   * Where the assets are: a folder URL relative to the page (`../assets/`), or their contents to inline
   * for a single-file deck.
   */
  assets: string | ReadonlyMap<DeckAssetName, string>;
}

/**
 * The whole HTML page of a deck: reveal.js and the theme linked from `assets` (or inlined), the sections,
 * the theme switch and the start script. It loads nothing from the network.
 *
 * @example
 * renderDeckPage({ lang: 'en', title: 'TCP echo', sections, assets: '../assets/' });
 */
export function renderDeckPage(page: DeckPage): string {
  const words = interfaceWords(page.lang);
  const head: string[] = [];
  const scripts: string[] = [];
  for (const { name, kind } of DECK_ASSETS) {
    const target = kind === 'css' ? head : scripts;
    if (typeof page.assets === 'string') {
      const href = escapeHtml(page.assets + name);
      target.push(kind === 'css' ? `<link rel="stylesheet" href="${href}">` : `<script src="${href}"></script>`);
    } else {
      const content = page.assets.get(name) ?? '';
      // A script's text must not close its own element early.
      target.push(kind === 'css' ? `<style>\n${content}\n</style>` : `<script>\n${content.replace(/<\/script/gi, '<\\/script')}\n</script>`);
    }
  }
  return `<!doctype html>
<html lang="${page.lang}" data-theme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(page.title)}</title>
${head.join('\n')}
</head>
<body>
<div class="reveal">
<div class="slides">
${page.sections}</div>
</div>
<button type="button" class="theme-switch" title="${escapeHtml(words.theme)}" aria-label="${escapeHtml(words.theme)}">◐</button>
${scripts.join('\n')}
<script>
${DECK_SCRIPT}</script>
</body>
</html>
`;
}
