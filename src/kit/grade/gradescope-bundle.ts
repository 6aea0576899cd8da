import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { counterpartPath } from '../lesson/lesson-paths.js';
import { readLesson } from '../lesson/read-lesson.js';
import { GradeError } from './grade-errors.js';
import { buildGradingPlan } from './grading-plan.js';
import { GRADESCOPE_VISIBILITIES, type GradescopeVisibility } from './results-json.js';
import { type ZipEntry, zipArchive } from './zip-writer.js';
import { pathExists } from '../fs/path-exists.js';

/** Options of {@link gradescopeBundle}. */
export interface GradescopeBundleOptions {
  /** The lesson to grade against (its other language is packed too, for the parity check). */
  lessonPath: string;
  /** Relative paths are resolved from here. @default process.cwd() */
  cwd?: string;
  /** The socketbook package to pack: `package.json`, `package-lock.json`, `bin/`, `lib/`. @default this package */
  packageRoot: string;
  /** Seconds one cell may run. @default 30 */
  cellTimeoutSeconds?: number;
  /**
   * When students see the hidden cases (under neutral names): with `visible` they would see each one's
   * verdict on every resubmission and could iterate against them.
   * @default 'after_published'
   */
  hiddenVisibility?: GradescopeVisibility;
}

/**
 * Builds a Gradescope autograder zip: `setup.sh` (Node 20, bubblewrap, the package's dependencies),
 * `run_autograder` (grades `/autograder/submission/*.ipynb` with this same grader and writes
 * `/autograder/results/results.json`), `grade.mjs`, the lesson in both languages and the compiled package.
 * `run_autograder` honours `SOCKETBOOK_AUTOGRADER_ROOT` (instead of `/autograder`) and
 * `SOCKETBOOK_PACKAGE_ROOT` (an installed socketbook instead of the packed one), so it can run locally.
 *
 * @example
 * await atomicWrite('autograder.zip', await gradescopeBundle({ lessonPath: 'notebooks/en/04-tcp-echo.md', packageRoot }));
 */
export async function gradescopeBundle(options: GradescopeBundleOptions): Promise<Buffer> {
  const cwd = options.cwd ?? process.cwd();
  const hiddenVisibility = options.hiddenVisibility ?? 'after_published';
  // It is written into run_autograder: only one of Gradescope's own words may get there.
  if (!GRADESCOPE_VISIBILITIES.includes(hiddenVisibility)) {
    throw new RangeError(`Cannot build the Gradescope bundle: hiddenVisibility must be one of ${GRADESCOPE_VISIBILITIES.join(', ')}, not '${String(hiddenVisibility)}'`);
  }
  // A lesson the grader cannot use fails here, not on Gradescope.
  buildGradingPlan(await readLesson(options.lessonPath, { cwd }));
  const lang = basename(dirname(options.lessonPath));
  const lessonInZip = `lesson/notebooks/${lang}/${basename(options.lessonPath)}`;
  const entries: ZipEntry[] = [
    { name: 'setup.sh', data: SETUP, mode: 0o755 },
    { name: 'run_autograder', data: runAutograder(lessonInZip, options.cellTimeoutSeconds ?? 30, hiddenVisibility), mode: 0o755 },
    { name: 'grade.mjs', data: GRADE_SCRIPT },
    { name: lessonInZip, data: await readFile(resolve(cwd, options.lessonPath)) },
  ];
  const other = counterpartPath(options.lessonPath);
  if (other !== undefined && (await pathExists(resolve(cwd, other)))) {
    entries.push({ name: `lesson/notebooks/${basename(dirname(other))}/${basename(other)}`, data: await readFile(resolve(cwd, other)) });
  }
  const root = options.packageRoot;
  if (!(await pathExists(join(root, 'lib', 'kit', 'grade', 'grade-run.js')))) {
    throw new GradeError('ERR_GRADE_LESSON', `Cannot build the Gradescope bundle: ${join(root, 'lib')} has no compiled grader. Run 'npm run build:lib' first`);
  }
  for (const file of ['package.json', 'package-lock.json']) {
    if (await pathExists(join(root, file))) entries.push({ name: `socketbook/${file}`, data: await readFile(join(root, file)) });
  }
  for (const folder of ['bin', 'lib']) {
    for (const file of await listFiles(join(root, folder))) {
      if (file.endsWith('.map')) continue;
      const { mode } = await stat(file);
      entries.push({ name: `socketbook/${relative(root, file).split('\\').join('/')}`, data: await readFile(file), mode: mode & 0o777 });
    }
  }
  return zipArchive(entries);
}

async function listFiles(folder: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

const SETUP = `#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image (Ubuntu, as root, with network).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends ca-certificates curl bubblewrap
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y -qq nodejs
fi
cd /autograder/source/socketbook
npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# Lessons import 'socketbook/sockets' (and /figures, /check): the package's link to itself, a dev
# dependency that --omit=dev leaves out, is what tslab's type checker resolves them through.
ln -sfn .. node_modules/socketbook
`;

const GRADE_SCRIPT = `// Grades one submission with socketbook's grader; run by run_autograder.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [lesson, submission, out, sandbox, timeout, hiddenVisibility] = process.argv.slice(2);
const root = process.env.SOCKETBOOK_PACKAGE_ROOT || join(import.meta.dirname, 'socketbook');
const { gradeRun } = await import(pathToFileURL(join(root, 'lib', 'kit', 'grade', 'grade-run.js')).href);
const summary = await gradeRun({
  lessonPath: lesson, submissions: [submission], outDir: out, jobs: 1, force: true, hiddenVisibility,
  sandbox: sandbox === 'sandbox', limits: { cellTimeoutMs: Number(timeout) * 1000, notebookTimeoutMs: 480_000 },
});
if (summary.failed.length > 0) {
  console.error(summary.failed.map((failure) => failure.error).join('\\n'));
  process.exitCode = 1;
}
`;

function runAutograder(lessonInZip: string, timeoutSeconds: number, hiddenVisibility: GradescopeVisibility): string {
  return `#!/usr/bin/env bash
# Gradescope runs this for every submission; it must leave results/results.json behind.
set -uo pipefail
ROOT="\${SOCKETBOOK_AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$ROOT/results"

fail() {
  MESSAGE="$1" node -e 'process.stdout.write(JSON.stringify({ score: 0, output: process.env.MESSAGE, output_format: "text", visibility: "visible", stdout_visibility: "hidden", tests: [] }, null, 2) + "\\n")' > "$ROOT/results/results.json"
  exit 0
}

submission="$(find "$ROOT/submission" -type f -name '*.ipynb' | sort | head -n 1)"
[ -n "$submission" ] || fail "No .ipynb file was submitted. Upload your notebook (File > Download in Jupyter) and submit again."
cp "$submission" "$WORK/submission.ipynb"

sandbox=sandbox
if ! bwrap --unshare-user --uid 1000 --gid 1000 --unshare-pid --unshare-net --ro-bind / / --proc /proc /bin/true 2>/dev/null; then
  echo "bubblewrap cannot run here; grading with --no-sandbox (the container isolates this run)" >&2
  sandbox=no-sandbox
fi

if ! node "$SOURCE/grade.mjs" "$SOURCE/${lessonInZip}" "$WORK/submission.ipynb" "$WORK/out" "$sandbox" ${timeoutSeconds} ${hiddenVisibility} > "$WORK/log" 2>&1; then
  fail "The autograder could not grade this submission: $(tail -n 5 "$WORK/log")"
fi
cp "$WORK/out/submission/results.json" "$ROOT/results/results.json" || fail "The autograder produced no results: $(tail -n 5 "$WORK/log")"
`;
}
