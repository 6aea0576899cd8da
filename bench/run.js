// `npm run bench [-- SECTION...]`: every benchmark prints its figures and a ratio against a peer measured
// in the same run. Sections: notebook, build, files, many, many-instructions, udp, slides, grade, regrade
// (default: all).
// `regrade` is a check rather than a race: the same submissions graded quiet and under load, same totals.
import { cpus, loadavg } from 'node:os';
import { benchBuildJobs, benchNotebookRun } from './notebook-run.js';
import { benchSlides } from './slides.js';
import { benchFiles } from './net-files.js';
import { benchMany } from './net-many.js';
import { benchManyInstructions } from './net-many-instructions.js';
import { benchUdp } from './net-udp.js';
import { benchGrade } from './grade.js';
import { benchRegrade } from './regrade.js';

const sections = { notebook: benchNotebookRun, build: benchBuildJobs, files: benchFiles, many: benchMany, 'many-instructions': benchManyInstructions, udp: benchUdp, slides: benchSlides, grade: benchGrade, regrade: benchRegrade };
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(sections);

console.log(`socketbook benchmarks on ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const name of wanted) {
  const section = sections[name];
  if (!section) {
    console.error(`Unknown benchmark section '${name}'. Sections: ${Object.keys(sections).join(', ')}`);
    process.exitCode = 2;
    continue;
  }
  await section();
}
