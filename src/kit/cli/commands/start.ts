import { serveCourse } from '../../site/serve-course.js';
import { TSLAB_KERNEL_COMMAND } from '../../starter/install-commands.js';
import { createDeckQueue } from '../../slides/deck-queue.js';
import { buildOptions, buildWithProgress, formatBuildTable, reportDecks } from '../build-output.js';
import { type Command } from '../command.js';
import { SOLUTIONS_HELP, servingLine, sitePort } from '../site-options.js';

export const command: Command = {
  name: 'start',
  summary: 'Build the course when it is out of date (student notebooks, executed solutions, decks) and serve it at http://127.0.0.1:4300 until Ctrl-C.',
  usage: '[--jobs N] [--kernel tslab|deno] [--solutions] [--port N]',
  options: {
    jobs: { type: 'string', short: 'j' },
    kernel: { type: 'string' },
    solutions: { type: 'boolean' },
    port: { type: 'string', short: 'p' },
  },
  help: {
    jobs: 'lessons executed at once (default 1)',
    kernel: 'kernel that executes the solutions: tslab or deno (default tslab)',
    solutions: SOLUTIONS_HELP,
    port: 'port on 127.0.0.1; 0 picks a free one (default: PORT, else 4300)',
  },
  run: async ({ values }, io) => {
    const port = sitePort(values['port']);
    const options = buildOptions(values);
    const decks = createDeckQueue({ root: io.cwd, jobs: options.jobs });
    const report = await buildWithProgress(io, { root: io.cwd, ...options }, process.stderr.isTTY === true, decks);
    io.stdout(formatBuildTable(report.results));
    for (const result of report.results) if (result.error) io.stderr(`${result.error}\n`);
    if (!report.ok) return 1;
    // A slide that does not fit fails `socketbook build`; here it is only reported, so the course can be seen.
    await reportDecks(io, decks, report.results, { overflowFails: false });
    io.stdout([
      '',
      'The course is built.',
      `  Student notebooks: notebooks/<lang>/NN-slug.ipynb (open them in Jupyter or VS Code with the tslab kernel, registered once with: ${TSLAB_KERNEL_COMMAND})`,
      '  Executed solutions (with outputs): .socketbook/build/<lang>/',
      '  Slides: slides/<lang>/NN-slug.html (they open from disk too)',
      '',
    ].join('\n'));
    const showSolutions = Boolean(values['solutions']);
    await serveCourse({
      root: io.cwd, port, watch: false, showSolutions,
      onListening: (url) => io.stdout(servingLine(url, { watch: false, showSolutions })),
    });
    return 0;
  },
};
