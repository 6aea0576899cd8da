import { basename, dirname, extname } from 'node:path';

/**
 * The student id of a submission: the file's name without extension, or its folder's name when the file
 * is named after the lesson (`ana/04-tcp-echo.ipynb`, as a Gradescope or LMS export lays them out).
 * Characters other than letters, digits, `.`, `_` and `-` become `_`, so the id is safe as a folder name.
 *
 * @example
 * studentId('subs/ana.ipynb', '04-tcp-echo');              // 'ana'
 * studentId('subs/ana-lopez/04-tcp-echo.ipynb', '04-tcp-echo'); // 'ana-lopez'
 */
export function studentId(submissionPath: string, lessonName: string): string {
  const name = basename(submissionPath, extname(submissionPath));
  const folder = basename(dirname(submissionPath));
  const id = name === lessonName && folder !== '' && folder !== '.' && folder !== '/' ? folder : name;
  const safe = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return safe === '' ? '_' : safe;
}
