import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { projectRoot } from './jupyter.js';

/**
 * Imports `specifier` in a fresh Node process started in the project folder (so `socketbook/...` resolves
 * as a notebook there resolves it), with `env` added, and returns what `report` (an expression run after
 * the import, with the module as `entry`) printed as JSON.
 */
export async function importInChild(specifier: string, report: string, env: Record<string, string> = {}): Promise<unknown> {
  const script = `const entry = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(${report}));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: projectRoot, env: { ...process.env, ...env },
  });
  return JSON.parse(stdout);
}
