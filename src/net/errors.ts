/**
 * The base of every error the course library throws. Each condition a caller may want to catch has its
 * own subclass with a stable `code` (match on `code`, never on the message). An operating-system error
 * is kept as `cause`, not replaced.
 *
 * @example
 * try { await connect({ port }); }
 * catch (error) { if (error instanceof SocketbookError && error.code === 'ERR_CONNECT') ... }
 */
export class SocketbookError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
