/**
 * The self-checks of the exercises, `socketbook/check`: `check`, `test` and `hiddenTest`, and the report
 * protocol the grader reads (`socketbook grade` imports it from here).
 *
 * Importing it has one documented effect, and it must happen before any student code runs, which is why a
 * lesson imports it in its first cell: under the grader, it reads and deletes the file holding the grader's
 * key (and the environment variable naming it), and installs the seal the grader's tests run with
 * (check-seal.ts). Outside the grader there is no such file and nothing happens.
 *
 * @example
 * import { check, hiddenTest, test } from 'socketbook/check';
 */
export {
  CheckFailedError,
  check,
  hiddenTest,
  test,
  type CaseOptions,
  type CaseResult,
  type CheckCase,
  type CheckLang,
  type CheckOptions,
  type CheckSummary,
} from './check.js';
export {
  CHECK_NONCE_FILE_ENV,
  CHECK_REPORT_MIME,
  reportMac,
  type CheckReport,
  type ReportMessage,
} from './check-report.js';
export { sealGlobalName, sealToken } from './check-seal.js';
