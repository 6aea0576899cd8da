import { assignNotebooks } from '../../grade/assign.js';
import { type Command, UsageError } from '../command.js';

/**
 * `socketbook assign [LESSON.md...] --out DIR [--solutions]`: the notebooks to hand out, both languages.
 *
 * @example
 * await main(['assign', 'notebooks/en/04-tcp-echo.md', '--out', 'assignment']);
 */
export const command: Command = {
  name: 'assign',
  summary: 'Write an assignment as a starter folder that runs anywhere: notebooks of both languages, the library, package.json, README',
  usage: '[LESSON.md...] --out DIR [--solutions]',
  options: {
    out: { type: 'string', short: 'o' },
    solutions: { type: 'boolean' },
  },
  help: {
    out: 'folder for the starter: <lang>/NN-slug.ipynb, the library in socketbook/, package.json and a README (npm install there)',
    solutions: 'write the solution notebooks (solutions and hidden tests included) instead',
  },
  run: async ({ values, positionals }, io) => {
    if (typeof values.out !== 'string') throw new UsageError('Missing --out DIR');
    const variant = values.solutions === true ? 'solutions' : 'student';
    const written = await assignNotebooks({ lessons: positionals, outDir: values.out, variant, cwd: io.cwd });
    if (written.length === 0) throw new UsageError('No lessons found: give LESSON.md files, or run it where notebooks/<lang>/NN-slug.md are');
    for (const notebook of written) io.stdout(`Wrote ${notebook.path} (${variant}, ${notebook.cells} cells)\n`);
    return 0;
  },
};
