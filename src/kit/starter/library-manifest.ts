/** The fields of the course's `package.json` that the student's copy of the library keeps. */
const KEPT_FIELDS = ['name', 'version', 'license', 'type', 'engines', 'exports', 'typesVersions'] as const;

/**
 * The `package.json` of the library as a student's folder holds it: the package's name, version, license,
 * module type, engines, `exports` (for Node and Deno) and `typesVersions` (for tslab's type checker, which
 * resolves like Node 10 and ignores `exports`). The course's commands, scripts and dependencies are dropped:
 * the library has no dependencies, and the tooling is not part of what a student installs.
 *
 * @example
 * libraryManifest({ name: 'socketbook', version: '0.1.0', bin: { socketbook: 'bin/socketbook.js' } });
 * // { name: 'socketbook', version: '0.1.0' }
 */
export function libraryManifest(course: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const field of KEPT_FIELDS) if (course[field] !== undefined) kept[field] = course[field];
  return kept;
}
