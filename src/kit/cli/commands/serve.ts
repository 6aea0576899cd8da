import { relative } from 'node:path';
import { buildCourse } from '../../build/build-course.js';
import { buildSlides } from '../../slides/build-slides.js';
import { serveCourse } from '../../site/serve-course.js';
import { type Command, type Io } from '../command.js';
import { describeError } from '../describe-error.js';
import { SOLUTIONS_HELP, servingLine, sitePort } from '../site-options.js';

/** Rebuilds one changed lesson: its notebooks (executed when changed) and its deck. Errors are printed, not thrown. */
async function rebuildLesson(io: Io, file: string): Promise<void> {
  const name = relative(io.cwd, file);
  try {
    const report = await buildCourse({ root: io.cwd, lessons: [file] });
    for (const result of report.results) io.stderr(`${result.status.padEnd(8)} ${result.lesson}${result.error ? `\n${result.error}` : ''}\n`);
  } catch (error) {
    io.stderr(`${describeError(error)}\n`);
  }
  try {
    await buildSlides({ root: io.cwd, lessons: [file] });
    io.stderr(`slides   ${name}\n`);
  } catch (error) {
    io.stderr(`${describeError(error)}\n`);
  }
}

export const command: Command = {
  name: 'serve',
  summary: 'Serve the course site (lessons to read, decks, student notebooks) on 127.0.0.1 until Ctrl-C.',
  usage: '[--watch] [--solutions] [--port N]',
  options: {
    watch: { type: 'boolean', short: 'w' },
    solutions: { type: 'boolean' },
    port: { type: 'string', short: 'p' },
  },
  help: {
    watch: 'rebuild a lesson (notebooks, deck) and reload the page when its Markdown changes',
    solutions: SOLUTIONS_HELP,
    port: 'port on 127.0.0.1; 0 picks a free one (default: PORT, else 4300)',
  },
  run: async ({ values }, io) => {
    const port = sitePort(values['port']);
    try {
      await buildSlides({ root: io.cwd });
    } catch (error) {
      io.stderr(`${describeError(error)}\n`);
    }
    const watch = Boolean(values['watch']);
    const showSolutions = Boolean(values['solutions']);
    await serveCourse({
      root: io.cwd,
      port,
      watch,
      showSolutions,
      rebuild: (file) => rebuildLesson(io, file),
      onListening: (url) => io.stdout(servingLine(url, { watch, showSolutions })),
    });
    return 0;
  },
};
