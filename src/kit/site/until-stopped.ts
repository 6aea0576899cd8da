/**
 * Resolves when the process is asked to stop (Ctrl-C's SIGINT, or SIGTERM), so a server command can close
 * what it opened and return its exit code instead of being killed.
 *
 * @example
 * const site = await startSiteServer({ root });
 * try { await untilStopped(); } finally { await site.close(); }
 */
export function untilStopped(signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handlers = signals.map((signal) => {
      const handler = (): void => {
        for (const [index, name] of signals.entries()) process.off(name, handlers[index]!);
        resolve(signal);
      };
      process.on(signal, handler);
      return handler;
    });
  });
}
