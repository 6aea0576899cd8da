import { resolve } from 'node:path';
import { createDeckQueue } from '../../slides/deck-queue.js';
import { buildOptions, buildWithProgress, formatBuildTable, reportDecks } from '../build-output.js';
import { type Command } from '../command.js';

export const command: Command = {
  name: 'build',
  summary: 'Check every lesson, write the student notebooks beside them, and execute the solution notebooks (unchanged lessons are not executed again).',
  usage: '[LESSON.md...] [--jobs N] [--kernel tslab|deno] [--force] [--no-execute] [--no-slides]',
  options: {
    jobs: { type: 'string', short: 'j' },
    kernel: { type: 'string' },
    timeout: { type: 'string' },
    force: { type: 'boolean' },
    'no-execute': { type: 'boolean' },
    'no-slides': { type: 'boolean' },
  },
  help: {
    jobs: 'lessons executed at once, each in its own kernel (default 1)',
    kernel: 'kernel that executes the solutions: tslab or deno (default tslab)',
    timeout: 'seconds a cell may run before it is interrupted (default 60)',
    force: 'execute every lesson, even unchanged ones',
    'no-execute': 'only check the lessons and write the student notebooks',
    'no-slides': 'do not render the decks (slides/<lang>/NN-slug.html) after executing',
  },
  run: async ({ values, positionals }, io) => {
    const options = buildOptions(values);
    const decks = values['no-slides'] ? undefined : createDeckQueue({ root: io.cwd, jobs: options.jobs });
    const report = await buildWithProgress(io, {
      root: io.cwd,
      lessons: positionals.map((path) => resolve(io.cwd, path)),
      ...options,
      execute: !values['no-execute'],
      force: Boolean(values['force']),
    }, process.stderr.isTTY === true, decks);
    for (const path of report.written) io.stdout(`wrote ${path}\n`);
    io.stdout(formatBuildTable(report.results));
    for (const result of report.results) if (result.error) io.stderr(`${result.error}\n`);
    if (!report.ok) return 1;
    return decks === undefined ? 0 : reportDecks(io, decks, report.results);
  },
};
