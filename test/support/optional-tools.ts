import { appendFileSync } from 'node:fs';

/** The system tools some tests need, and how to install each on Debian. */
export const TOOLS = {
  jupyter: 'apt-get install jupyter-nbconvert jupyter-client python3-nbclient python3-nbformat python3-ipython',
  chromium: 'apt-get install chromium (or set CHROME_PATH)',
  bubblewrap: 'apt-get install bubblewrap',
  'control groups': 'run the tests as root on a machine with cgroup v1 or v2',
  socat: 'apt-get install socat',
  nc: 'apt-get install netcat-openbsd',
  unzip: 'apt-get install unzip',
} as const;

export type Tool = keyof typeof TOOLS;

/**
 * Whether the tests that need `tool` run: always under `CI=true` (a missing tool then fails loudly),
 * elsewhere only when it is `present`. When they do not run, the run's end says so, with the install
 * command (test/support/report-skipped-tools.ts).
 *
 * @example
 * describe.runIf(toolTestsRun('socat', hasTool('socat')))('...', () => {});
 */
export function toolTestsRun(tool: Tool, present: boolean): boolean {
  if (process.env['CI'] === 'true' || present) return true;
  const log = process.env['SOCKETBOOK_SKIPPED_TOOLS_LOG'];
  if (log) appendFileSync(log, `${JSON.stringify({ tool, file: callerTestFile() })}\n`);
  return false;
}

/** The test file that asked, from the stack: the first frame in a `*.test.ts` file. */
function callerTestFile(): string {
  const frame = (new Error().stack ?? '').split('\n').find((line) => /\/test\/.*\.test\.ts/.test(line)) ?? '';
  return /(test\/[^:)\s]*\.test\.ts)/.exec(frame)?.[1] ?? 'a test file';
}
