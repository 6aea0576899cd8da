import { resolve } from 'node:path';
import { atomicWrite } from '../../fs/atomic-write.js';
import { exportLessonNotebook } from '../../notebook/export-notebook.js';
import { type Command, UsageError } from '../command.js';

/**
 * `socketbook export LESSON.md [--student | --solutions] -o OUT.ipynb`: one lesson to one notebook.
 *
 * @example
 * await main(['export', 'notebooks/en/04-tcp-echo.md', '--solutions', '-o', 'build/04.ipynb']);
 */
export const command: Command = {
  name: 'export',
  summary: 'Turn one lesson into a notebook (student or solutions)',
  usage: 'LESSON.md [--student | --solutions] -o OUT.ipynb',
  options: {
    student: { type: 'boolean' },
    solutions: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
  },
  help: {
    student: 'Stubs instead of solutions, no hidden tests (the default)',
    solutions: 'Solutions and hidden tests included',
    output: 'The .ipynb file to write',
  },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError(`Expected one lesson file, got ${positionals.length}`);
    if (values.student && values.solutions) throw new UsageError('Give --student or --solutions, not both');
    if (typeof values.output !== 'string') throw new UsageError('Missing -o OUT.ipynb');
    const variant = values.solutions ? 'solutions' : 'student';
    const { notebook, json } = await exportLessonNotebook(positionals[0]!, { variant, outputPath: values.output, cwd: io.cwd });
    await atomicWrite(resolve(io.cwd, values.output), json);
    io.stdout(`Wrote ${values.output} (${variant}, ${notebook.cells.length} cells)\n`);
    return 0;
  },
};
