import { SocketbookError } from './errors.js';

/**
 * An operation did not finish in time. Socket operations that time out also destroy their socket, so a
 * timeout really closes the connection instead of leaving it half-used.
 *
 * @example
 * try { await reader.readLine({ timeoutMs: 2000 }); }
 * catch (error) { if (error instanceof TimeoutError) console.log('too slow:', error.message); }
 */
export class TimeoutError extends SocketbookError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_TIMEOUT', message, options);
  }
}

/**
 * The socket was closed (by us or by an error) before the operation could finish.
 *
 * @example
 * try { await sendAll(socket, 'hello\n'); }
 * catch (error) { if (error instanceof SocketClosedError) console.log('gone:', error.message); }
 */
export class SocketClosedError extends SocketbookError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_SOCKET_CLOSED', message, options);
  }
}
