import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atomicWrite } from '../../fs/atomic-write.js';
import { gradescopeBundle } from '../../grade/gradescope-bundle.js';
import { type Command, UsageError } from '../command.js';
import { GRADESCOPE_VISIBILITIES } from '../../grade/results-json.js';
import { hiddenVisibility } from '../hidden-visibility.js';

/** This package's root, packed into the bundle. */
const PACKAGE_ROOT = resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..', '..');

/**
 * `socketbook gradescope --lesson LESSON.md --out autograder.zip`: a Gradescope autograder bundle.
 *
 * @example
 * await main(['gradescope', '--lesson', 'notebooks/en/04-tcp-echo.md', '--out', 'autograder.zip']);
 */
export const command: Command = {
  name: 'gradescope',
  summary: 'Pack the grader and a lesson as a Gradescope autograder zip (setup.sh, run_autograder)',
  usage: '--lesson LESSON.md --out autograder.zip [--timeout SECONDS] [--hidden-visibility V]',
  options: {
    lesson: { type: 'string', short: 'l' },
    out: { type: 'string', short: 'o' },
    timeout: { type: 'string' },
    'hidden-visibility': { type: 'string' },
  },
  help: {
    lesson: 'the lesson Markdown to grade against (its other language is packed too)',
    out: 'the zip file to write',
    timeout: 'seconds one cell may run (default 30)',
    'hidden-visibility': `when students see hidden cases: ${GRADESCOPE_VISIBILITIES.join(', ')} (default after_published: once you publish grades)`,
  },
  run: async ({ values }, io) => {
    if (typeof values.lesson !== 'string') throw new UsageError('Missing --lesson LESSON.md');
    if (typeof values.out !== 'string') throw new UsageError('Missing --out autograder.zip');
    const timeout = values.timeout === undefined ? 30 : Number(values.timeout);
    if (!(timeout > 0)) throw new UsageError(`--timeout must be a number of seconds greater than 0, not '${String(values.timeout)}'`);
    const visibility = hiddenVisibility(values);
    const zip = await gradescopeBundle({ lessonPath: values.lesson, cwd: io.cwd, packageRoot: PACKAGE_ROOT, cellTimeoutSeconds: timeout, hiddenVisibility: visibility });
    await atomicWrite(resolve(io.cwd, values.out), zip);
    io.stdout(`Wrote ${values.out} (${zip.length} bytes, hidden tests ${visibility}): upload it as the assignment's autograder on Gradescope\n`);
    return 0;
  },
};
