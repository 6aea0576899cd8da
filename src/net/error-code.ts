/**
 * The code of a system error (`'ECONNREFUSED'`, `'EADDRINUSE'`…), also when the library wrapped it: the
 * library's errors keep the system error as their `cause`, and have a code of their own
 * (`'ERR_CONNECT'`), so the system's code is looked for first. Anything else is turned into text.
 *
 * @example
 * try {
 *   await connect({ host: '127.0.0.1', port: closedPort });
 * } catch (error) {
 *   console.log(errorCode(error)); // 'ECONNREFUSED'
 * }
 */
export function errorCode(error: unknown): string {
  const { code, cause } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; cause?: { code?: unknown } };
  if (typeof cause === 'object' && cause !== null && typeof cause.code === 'string') return cause.code;
  if (typeof code === 'string') return code;
  return String(error);
}
