/**
 * Turning the text of command-line options into the numbers and addresses the examples take, with a
 * usage error that says which option was wrong and what it must be.
 */
import { type ParsedArgs, UsageError } from '../usage.js';

/** The port every example uses unless told otherwise, as in the lecture. */
export const DEFAULT_PORT = 9800;

/** The address every server listens on unless told otherwise: this machine only. */
export const DEFAULT_HOST = '127.0.0.1';

/**
 * A TCP/UDP port from option text: an integer 0..65535 (0 = let the OS choose).
 *
 * @example
 * parsePort('9800', '--port'); // 9800
 */
export function parsePort(text: string, what: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`${what} must be a port number 0..65535, not '${text}'`);
  return port;
}

/**
 * A number greater than zero from option text.
 *
 * @example
 * parsePositive('2.5', '--timeout'); // 2.5
 */
export function parsePositive(text: string, what: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value > 0) || !Number.isFinite(value)) throw new UsageError(`${what} must be a number greater than 0, not '${text}'`);
  return value;
}

/**
 * A size in bytes from option text: a whole number, 1 or more.
 *
 * @example
 * parseSize('16384', '--buffer'); // 16384
 */
export function parseSize(text: string, what: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${what} must be a whole number of bytes, 1 or more, not '${text}'`);
  return Number(text);
}

/**
 * A whole number, zero or more, from option text.
 *
 * @example
 * parseCount('3', '--retries'); // 3
 */
export function parseCount(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${what} must be a whole number 0 or more, not '${text}'`);
  return Number(text);
}

/**
 * `--host` and `--port` of a server, with their defaults.
 *
 * @example
 * serverAddress({ values: { port: '0' }, positionals: [] }); // { host: '127.0.0.1', port: 0 }
 */
export function serverAddress({ values }: ParsedArgs): { host: string; port: number } {
  return {
    host: stringValue(values, 'host') ?? DEFAULT_HOST,
    port: parsePort(stringValue(values, 'port') ?? String(DEFAULT_PORT), '--port'),
  };
}

/**
 * The `HOST PORT` positionals of a client.
 *
 * @example
 * clientAddress({ values: {}, positionals: ['127.0.0.1', '9800'] }); // { host: '127.0.0.1', port: 9800 }
 */
export function clientAddress({ positionals }: ParsedArgs): { host: string; port: number } {
  const [host, port, ...extra] = positionals;
  if (host === undefined || port === undefined || extra.length > 0) {
    throw new UsageError(`expected HOST PORT, got ${positionals.length === 0 ? 'nothing' : positionals.map((p) => `'${p}'`).join(' ')}`);
  }
  return { host, port: parsePort(port, 'PORT') };
}

/**
 * The value of a string option, or undefined when it was not given.
 *
 * @example
 * stringValue({ message: 'hola' }, 'message'); // 'hola'
 */
export function stringValue(values: ParsedArgs['values'], name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}
