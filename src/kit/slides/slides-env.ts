import type { Env } from 'markdown-it';

/**
 * What the slide plugins need to know about the Markdown they render, passed as markdown-it's `env`:
 * where it comes from, so errors name the lesson file and line and relative paths resolve.
 */
export interface SlidesEnv extends Env {
  /** The lesson file, as shown in messages. */
  file: string;
  /** Lines of the file before the rendered text: a token on 0-based line `n` is on file line `lineOffset + n + 1`. */
  lineOffset: number;
  /** The folder relative paths are resolved against (the lesson's folder). */
  baseDir: string;
}

/**
 * The file line of a 0-based line of the rendered text.
 *
 * @example
 * fileLine({ file: 'a.md', lineOffset: 10, baseDir: '.' }, 0); // 11
 */
export function fileLine(env: SlidesEnv, line: number): number {
  return env.lineOffset + line + 1;
}
