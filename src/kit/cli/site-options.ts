import { UsageError } from './command.js';

/** The help line of `--solutions`, shared by `serve` and `start`. */
export const SOLUTIONS_HELP = 'also show each lesson\'s executed solutions, for a self-paced course with no grades (hidden tests never appear)';

/** The port to serve on: `--port`, else the PORT environment variable, else 4300. */
export function sitePort(value: unknown, env: NodeJS.ProcessEnv = process.env): number {
  const text = value ?? env['PORT'] ?? '4300';
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`The port must be a whole number from 0 to 65535, not '${String(text)}'`);
  return port;
}

/** The line printed once the course is served. */
export function servingLine(url: string, options: { watch: boolean; showSolutions: boolean }): string {
  const extras = `${options.showSolutions ? ', with the solutions' : ''}${options.watch ? ', rebuilding lessons when they change' : ''}`;
  return `Serving the course at ${url} (Ctrl-C to stop)${extras}\n`;
}
