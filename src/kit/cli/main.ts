import { parseArgs } from 'node:util';
import { type Command, type Io, UsageError } from './command.js';
import { describeError } from './describe-error.js';

/** Every command, loaded lazily so `socketbook --help` does not load the kernel client or the browser. */
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  export: {
    summary: 'Turn one lesson into a notebook (student or solutions)',
    load: async () => (await import('./commands/export.js')).command,
  },
  build: {
    summary: 'Build every lesson: student notebooks, executed solutions',
    load: async () => (await import('./commands/build.js')).command,
  },
  run: {
    summary: 'Execute a notebook headlessly on tslab or Deno',
    load: async () => (await import('./commands/run.js')).command,
  },
  sync: {
    summary: 'Write edits made in Jupyter back to the lesson Markdown',
    load: async () => (await import('./commands/sync.js')).command,
  },
  slides: {
    summary: 'Render lessons to reveal.js decks; check they fit; print PDFs',
    load: async () => (await import('./commands/slides.js')).command,
  },
  serve: {
    summary: 'Serve the course site; with --watch, rebuild a lesson when it changes',
    load: async () => (await import('./commands/serve.js')).command,
  },
  start: {
    summary: 'Build the course when out of date and serve it at http://127.0.0.1:4300 (PORT to change)',
    load: async () => (await import('./commands/start.js')).command,
  },
  example: {
    summary: "Run one of the lecture's programs (tcp-server, udp-client, ...)",
    load: async () => (await import('./commands/example.js')).command,
  },
  assign: {
    summary: 'Write the notebooks of an assignment (student or solutions), both languages',
    load: async () => (await import('./commands/assign.js')).command,
  },
  grade: {
    summary: 'Grade submitted notebooks in sandboxed kernels, with feedback',
    load: async () => (await import('./commands/grade.js')).command,
  },
  gradescope: {
    summary: 'Pack the grader and a lesson as a Gradescope autograder zip',
    load: async () => (await import('./commands/gradescope.js')).command,
  },
};

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
};

export function formatHelp(command: Command): string {
  const lines = [`Usage: socketbook ${command.name} ${command.usage}`, '', command.summary, ''];
  const names = Object.keys(command.options);
  if (names.length > 0) lines.push('Options:');
  for (const name of names) {
    const option = command.options[name]!;
    const short = option.short ? `-${option.short}, ` : '    ';
    const value = option.type === 'string' ? ` <${name.toUpperCase()}>` : '';
    const label = `  ${short}--${name}${value}`;
    // A long option name gets its description on the next line, still in the column.
    lines.push(label.length < 34 ? label.padEnd(34) + (command.help[name] ?? '') : `${label}\n${''.padEnd(34)}${command.help[name] ?? ''}`);
  }
  return lines.join('\n') + '\n';
}

function formatCommandList(): string {
  const lines = ['Usage: socketbook <command> [options]', '', 'Commands:'];
  for (const [name, { summary }] of Object.entries(commands)) lines.push(`  ${name.padEnd(12)}${summary}`);
  lines.push('', "Run 'socketbook <command> --help' for a command's options.");
  return lines.join('\n') + '\n';
}

/** Runs the CLI and returns the exit code: 0 success, 1 failure, 2 bad usage. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(formatCommandList());
    return name === undefined ? 2 : 0;
  }
  const entry = commands[name];
  if (!entry) {
    io.stderr(`Unknown command '${name}'.\n\n${formatCommandList()}`);
    return 2;
  }
  const command = await entry.load();
  if (!command.rawArgs && (rest.includes('--help') || rest.includes('-h'))) {
    io.stdout(formatHelp(command));
    return 0;
  }
  try {
    if (command.rawArgs) return await command.run({ values: {}, positionals: rest }, io);
    const parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    return await command.run({ values: parsed.values, positionals: parsed.positionals }, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`socketbook ${name}: ${(error as Error).message}\n${command.rawArgs ? '' : `\n${formatHelp(command)}`}`);
      return 2;
    }
    io.stderr(`socketbook ${name}: ${describeError(error)}\n`);
    return 1;
  }
}
