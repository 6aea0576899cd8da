import { parseArgs } from 'node:util';
import type { ExampleHandle } from '../../examples/example-handle.js';
import { examples, type Example } from '../../examples/example-table.js';
import { type Command, type OptionTable, type ParsedArgs, UsageError } from '../command.js';

/**
 * The help of every example: its usage line, what it does, its options.
 *
 * @example
 * formatExampleHelp('tcp-server'); // 'Usage: socketbook example tcp-server [--host H] ...'
 */
export function formatExampleHelp(name: string): string {
  const example = examples[name];
  if (example === undefined) throw new UsageError(`unknown example '${name}'; examples: ${Object.keys(examples).join(', ')}`);
  const lines = [`Usage: socketbook example ${name} ${example.usage}`, '', example.summary, ''];
  if (Object.keys(example.options).length > 0) lines.push('Options:');
  for (const [option, spec] of Object.entries(example.options)) {
    const value = spec.type === 'string' ? ` <${option.toUpperCase()}>` : '';
    lines.push(`  --${option}${value}`.padEnd(24) + (example.help[option] ?? ''));
  }
  return lines.join('\n') + '\n';
}

function exampleList(): string {
  const lines = [
    "Runs one of the lecture's programs and prints what happens (who connected, how many bytes, what was",
    'echoed). Servers print the address and port they really listen on and stop with Ctrl-C.',
    '',
    'Examples:',
  ];
  for (const [name, example] of Object.entries(examples)) {
    lines.push(`  ${name.padEnd(13)}${example.usage}`, `  ${''.padEnd(13)}${example.summary}`);
  }
  return lines.join('\n');
}

/** Parses the example's own command line with its own options table, as `main` does for commands. */
function parseExampleArgs(name: string, example: Example, args: string[]): ParsedArgs {
  try {
    const parsed = parseArgs({ args, options: example.options, allowPositionals: true, strict: true });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`${message} for ${name}\n\n${formatExampleHelp(name).trimEnd()}`);
  }
}

/**
 * Runs `start` until the program ends by itself or Ctrl-C (SIGINT) or SIGTERM stops it; a stop by
 * signal is a clean exit.
 */
async function runUntilStopped(start: () => Promise<ExampleHandle>): Promise<number> {
  // Listen for the signals first: a Ctrl-C that comes while the program starts still stops it cleanly.
  let handle: ExampleHandle | undefined;
  let interrupted = false;
  const stop = (): void => {
    interrupted = true;
    void handle?.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    handle = await start();
    if (interrupted) await handle.close();
    await handle.done;
  } catch (error) {
    if (!interrupted) throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  await handle?.close();
  return 0;
}

export const command: Command = {
  name: 'example',
  summary: exampleList(),
  usage: 'NAME [ARGS] [options]   (socketbook example NAME --help for its options)',
  options: {},
  help: {},
  rawArgs: true,
  run: async ({ positionals }, io) => {
    const [name, ...rest] = positionals;
    if (name === undefined || name === '--help' || name === '-h') {
      io.stdout(`Usage: socketbook example NAME [ARGS] [options]\n\n${exampleList()}\n`);
      return name === undefined ? 2 : 0;
    }
    const example = examples[name];
    if (example === undefined) throw new UsageError(`unknown example '${name}'; examples: ${Object.keys(examples).join(', ')}`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(formatExampleHelp(name));
      return 0;
    }
    const args = parseExampleArgs(name, example, rest);
    return runUntilStopped(() => example.start(args, (line) => io.stdout(`${line}\n`)));
  },
};
