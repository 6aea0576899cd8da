import { type Command } from '../command.js';
import { buildOptions, buildWithProgress, formatBuildTable } from './build.js';

export const command: Command = {
  name: 'start',
  summary: 'Build the course when it is out of date (student notebooks, executed solutions) and say where everything is.',
  usage: '[--jobs N] [--kernel tslab|deno]',
  options: {
    jobs: { type: 'string', short: 'j' },
    kernel: { type: 'string' },
  },
  help: {
    jobs: 'lessons executed at once (default 1)',
    kernel: 'kernel that executes the solutions: tslab or deno (default tslab)',
  },
  run: async ({ values }, io) => {
    const report = await buildWithProgress(io, { root: io.cwd, ...buildOptions(values) }, process.stderr.isTTY === true);
    io.stdout(formatBuildTable(report.results));
    for (const result of report.results) if (result.error) io.stderr(`${result.error}\n`);
    if (!report.ok) return 1;
    const lessons = report.results.map((result) => result.lesson);
    io.stdout([
      '',
      'The course is built.',
      '  Student notebooks: ' + lessons.map((lesson) => lesson.replace(/\.md$/, '.ipynb')).join(', '),
      '  Executed solutions (with outputs): .socketbook/build/<lang>/',
      '',
      'Open a notebook in Jupyter or VS Code with the tslab kernel (register it once: npx tslab install),',
      'or run one without Jupyter: npx socketbook run notebooks/en/04-tcp-echo.ipynb',
      '',
    ].join('\n'));
    return 0;
  },
};
