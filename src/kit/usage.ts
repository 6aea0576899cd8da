import type { ParseArgsConfig } from 'node:util';
import { KitError } from './kit-error.js';

// The vocabulary of command-line arguments, shared by the CLI's commands and the examples' own options.

/** The options table of a command, as `node:util` `parseArgs` takes it, plus a description of each. */
export type OptionTable = NonNullable<ParseArgsConfig['options']>;

/** Arguments as `node:util` `parseArgs` returns them. */
export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** An error the CLI reports as one clear line and exit code 2 (bad usage) or 1 (failure). */
export class UsageError extends KitError<'ERR_USAGE'> {
  constructor(message: string) {
    super('ERR_USAGE', message);
  }
}
