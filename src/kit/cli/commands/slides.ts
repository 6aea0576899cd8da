import { relative, resolve } from 'node:path';
import { runBrowserSteps } from '../../slides/browser-steps.js';
import { buildSlides } from '../../slides/build-slides.js';
import type { Command } from '../command.js';

export const command: Command = {
  name: 'slides',
  summary: 'Render lessons to reveal.js decks (slides/<lang>/NN-slug.html), check that every slide fits, optionally print PDFs.',
  usage: '[LESSON.md...] [--single-file] [--pdf [--notes]] [--no-check]',
  options: {
    'single-file': { type: 'boolean' },
    pdf: { type: 'boolean' },
    notes: { type: 'boolean' },
    'no-check': { type: 'boolean' },
  },
  help: {
    'single-file': 'inline reveal.js, styles and images: one HTML file per deck, to e-mail',
    pdf: 'also print each deck to NN-slug.pdf beside it, one page per slide (needs Chromium)',
    notes: 'with --pdf: print the speaker notes on each page',
    'no-check': 'do not measure the slides in headless Chromium',
  },
  run: async ({ values, positionals }, io) => {
    const decks = await buildSlides({
      root: io.cwd,
      lessons: positionals.map((path) => resolve(io.cwd, path)),
      singleFile: Boolean(values['single-file']),
    });
    for (const deck of decks) {
      io.stdout(`wrote ${relative(io.cwd, deck.path)} (${deck.slideCount} slides${deck.withOutputs ? ', with outputs' : ", no outputs yet: run 'socketbook build'"})\n`);
    }
    const report = await runBrowserSteps(decks, { check: !values['no-check'], pdf: Boolean(values['pdf']), notes: Boolean(values['notes']) });
    for (const pdf of report.pdfs) io.stdout(`wrote ${relative(io.cwd, pdf)}\n`);
    if (report.skipped) io.stderr(`${report.skipped}\n`);
    for (const error of report.overflows) io.stderr(`${error.message}\n`);
    return report.overflows.length > 0 ? 1 : 0;
  },
};
