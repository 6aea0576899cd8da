import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import type { Token } from 'markdown-it';
import { SlidesError } from './slides-error.js';
import { fileLine, type SlidesEnv } from './slides-env.js';

/** A local file an image or a link of the lesson refers to. */
export interface AssetReference {
  kind: 'image' | 'link';
  /** The path as written, without `#fragment` or `?query`. */
  path: string;
  /** The `#fragment` or `?query` that followed it, kept when rewriting. */
  suffix: string;
  /** The absolute path of the file. */
  absolute: string;
}

/** Options of {@link assetPlugin}. */
export interface AssetPluginOptions {
  /**
   * The URL the deck uses for a local file that exists: a path relative to the deck's folder, or a
   * `data:` URL when the deck is one self-contained file. @default the path as written
   */
  rewrite?: (reference: AssetReference) => string;
}

/** True for a reference to a file next to the lesson: no scheme, no leading `/` or `#`. */
function isLocal(url: string): boolean {
  return url !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('#') && !url.startsWith('/');
}

/**
 * markdown-it plugin: every image and link to a local file must exist (relative to `env.baseDir`), or
 * rendering fails with a {@link SlidesError} `ERR_SLIDES_MISSING_FILE` at the lesson's file and line;
 * existing ones are rewritten with `options.rewrite`.
 *
 * @example
 * const md = new MarkdownIt().use(assetPlugin, { rewrite: (ref) => relative(deckFolder, ref.absolute) });
 */
export function assetPlugin(md: MarkdownIt, options: AssetPluginOptions = {}): void {
  md.core.ruler.push('socketbook_assets', (state) => {
    const env = state.env as SlidesEnv;
    for (const token of state.tokens) {
      if (token.type !== 'inline' || !token.children) continue;
      let line = token.map?.[0] ?? 0;
      for (const child of token.children) {
        if (child.type === 'softbreak' || child.type === 'hardbreak') line++;
        else if (child.type === 'image') checkReference(child, 'src', 'image', env, line, options);
        else if (child.type === 'link_open') checkReference(child, 'href', 'link', env, line, options);
      }
    }
  });
}

function checkReference(token: Token, attribute: string, kind: AssetReference['kind'], env: SlidesEnv, line: number, options: AssetPluginOptions): void {
  const url = String(token.attrGet(attribute) ?? '');
  if (!isLocal(url)) return;
  const cut = url.search(/[?#]/);
  const path = cut === -1 ? url : url.slice(0, cut);
  const suffix = cut === -1 ? '' : url.slice(cut);
  const absolute = resolve(env.baseDir, decodeURI(path));
  if (!existsSync(absolute)) {
    throw new SlidesError('ERR_SLIDES_MISSING_FILE', env.file, fileLine(env, line),
      `Cannot find the ${kind === 'image' ? 'image' : 'linked file'} '${path}'`,
      'Fix the path (relative to the lesson\'s folder) or add the file');
  }
  if (options.rewrite) token.attrSet(attribute, options.rewrite({ kind, path, suffix, absolute }));
}
