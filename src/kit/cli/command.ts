import type { OptionTable, ParsedArgs } from '../usage.js';

export { UsageError, type OptionTable, type ParsedArgs } from '../usage.js';

/** Where a command writes: injected so tests can capture what a command prints. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Current working folder, used to resolve relative paths given on the command line. */
  cwd: string;
}

/** One CLI command: a declarative table of options and a function that calls the library and prints. */
export interface Command {
  name: string;
  summary: string;
  /** Usage line after `socketbook NAME`, e.g. `LESSON.md [--student | --solutions] -o OUT.ipynb`. */
  usage: string;
  options: OptionTable;
  /** One line of help per option name. */
  help: Record<string, string>;
  /**
   * True for a command that parses its own arguments (it has subcommands with options of their own):
   * `main` then passes everything after the command's name as `positionals`, `--help` included.
   */
  rawArgs?: boolean;
  /** Returns the process exit code. Never calls process.exit. */
  run: (args: ParsedArgs, io: Io) => Promise<number>;
}

