import { KitError } from '../kit-error.js';

/** Stable codes of {@link NotebookError}. */
export type NotebookErrorCode = 'ERR_NOTEBOOK_READ' | 'ERR_NOTEBOOK_NOT_JSON' | 'ERR_NOTEBOOK_INVALID' | 'ERR_NOTEBOOK_SYNC';

/**
 * A notebook that cannot be read, is not a valid nbformat 4.5 notebook, or cannot be synced back to
 * its lesson. `file` is the notebook's path as given.
 *
 * @example
 * try { await readNotebook(path); }
 * catch (error) { if (error instanceof NotebookError && error.code === 'ERR_NOTEBOOK_NOT_JSON') ... }
 */
export class NotebookError extends KitError<NotebookErrorCode> {
  readonly file: string;

  constructor(code: NotebookErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.file = file;
  }
}
