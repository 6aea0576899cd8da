import { errorCode } from './error-code.js';
import type { Lang } from './lang.js';

/** Options of {@link preferPort}. */
export interface PreferPortOptions {
  /**
   * The language of the line printed when the port is taken: the lesson's.
   * @default 'en'
   */
  lang?: Lang;
  /**
   * Where that line goes.
   * @default console.log
   */
  write?: (line: string) => void;
}

/**
 * Opens something on `port` (the lecture's 9800, say); if the port is taken (`EADDRINUSE`: another
 * notebook, a cell run twice), opens it on port 0 instead, a free port the system chooses, and says so.
 * Any other error is thrown as it came.
 *
 * @example
 * const server = net.createServer(handle);
 * const port = await preferPort(9800, (port) => listenOn(server, port));
 */
export async function preferPort<T>(port: number, open: (port: number) => Promise<T>, options: PreferPortOptions = {}): Promise<T> {
  try {
    return await open(port);
  } catch (error) {
    if (errorCode(error) !== 'EADDRINUSE') throw error;
    const write = options.write ?? ((line: string) => console.log(line));
    write(options.lang === 'es'
      ? `El puerto ${port} está ocupado (EADDRINUSE): uso el puerto 0, uno libre que elige el sistema.`
      : `Port ${port} is taken (EADDRINUSE): using port 0, a free one chosen by the system.`);
    return open(0);
  }
}
