/**
 * What every example program shares: it reports what happens through a `log` function (one line of
 * English per call, so a class can follow along) and returns a handle the command waits on.
 */

/**
 * Where an example writes what happens; one line per call, without the trailing newline.
 *
 * @example
 * const log: ExampleLog = (line) => console.log(line);
 */
export type ExampleLog = (line: string) => void;

/**
 * A running example. A client finishes by itself; a server runs until `close()` (Ctrl-C).
 *
 * @example
 * const server = await startTcpServer({ port: 0 }, console.log);
 * process.once('SIGINT', () => void server.close());
 * await server.done;
 */
export interface ExampleHandle {
  /** Settles when the program has stopped: resolves on a clean stop, rejects with what went wrong. */
  readonly done: Promise<void>;
  /** Stops the program (closing its sockets) and resolves once it has stopped. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * A handle for a program whose whole work is one promise (a client): `close()` runs `stop` and waits.
 *
 * @example
 * const socket = await connect({ port });
 * return handleFor(talk(socket), async () => socket.destroy());
 */
export function handleFor(work: Promise<void>, stop: () => Promise<void>): ExampleHandle {
  let stopping: Promise<void> | undefined;
  const done = work;
  return {
    done,
    close() {
      stopping ??= stop().then(() => done.catch(() => {}));
      return stopping;
    },
  };
}

/**
 * `host:port`, with brackets around an IPv6 host, as a person writes it.
 *
 * @example
 * hostPort('::1', 9800); // '[::1]:9800'
 */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * A short, printable view of bytes received or sent: the text, quoted, cut after `maxChars`.
 *
 * @example
 * showBytes(Buffer.from('hola\n')); // '"hola\\n"'
 */
export function showBytes(bytes: Uint8Array, maxChars = 60): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const shown = JSON.stringify(text.length > maxChars ? text.slice(0, maxChars) : text);
  return text.length > maxChars ? `${shown}...` : shown;
}

/**
 * "1 byte" / "16384 bytes": the counts an example prints.
 *
 * @example
 * plural(1, 'byte'); // '1 byte'
 */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * A handle for a server: it runs until `close()`, which runs `stop` once; `done` settles after it.
 *
 * @example
 * const listener = await listen({ port: 0 }, echo);
 * return serverHandle(() => listener.close());
 */
export function serverHandle(stop: () => Promise<void>): ExampleHandle {
  let stopped: (result: Promise<void>) => void = () => {};
  const done = new Promise<void>((resolve) => (stopped = resolve));
  let closing: Promise<void> | undefined;
  return {
    done,
    close() {
      closing ??= stop();
      stopped(closing);
      return closing;
    },
  };
}
