import { LocatedError } from '../kit-error.js';

/** The stable codes of {@link SlidesError}: match on these, never on the message text. */
export type SlidesErrorCode =
  | 'ERR_SLIDES_MISSING_FILE'
  | 'ERR_SLIDES_BAD_LINE_RANGE'
  | 'ERR_SLIDES_OVERFLOW'
  | 'ERR_SLIDES_DECK_NOT_READY'
  | 'ERR_SLIDES_BROWSER_CLOSED'
  | 'ERR_SLIDES_NO_CHROMIUM'
  | 'ERR_SLIDES_MISSING_ASSET';

/**
 * A deck cannot be made: where (`file`, 1-based `line`), what is wrong and how to fix it.
 * The message reads `FILE:LINE: What is wrong. How to fix it.`, like a lesson error.
 *
 * @example
 * throw new SlidesError('ERR_SLIDES_MISSING_FILE', 'notebooks/en/04-tcp-echo.md', 41,
 *   "Cannot find image '../figures/handshake.svg' (looked for notebooks/figures/handshake.svg)",
 *   'Fix the path or add the file');
 */
export class SlidesError extends LocatedError<SlidesErrorCode> {}
