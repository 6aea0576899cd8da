import { LIBRARY_FOLDER } from './library-files.js';
import { PRUNE_SCRIPT_NAME } from './prune-script.js';

/** What {@link starterManifest} needs. */
export interface StarterManifestOptions {
  /** The npm package name of the starter, such as `socketbook-04-tcp-echo`. */
  name: string;
  /** The tslab version to pin, the course's own. */
  tslabVersion: string;
  /** The Node.js versions the course supports (its `engines.node`). */
  node: string;
}

/**
 * The `package.json` of a student's folder: private, the library as a folder dependency
 * (`file:socketbook`, which both npm and `deno install` link) and tslab at the course's version. Its
 * `postinstall` prunes what the kernel never loads (see `PRUNE_SCRIPT`). `allowScripts` approves the
 * install script of zeromq, tslab's native dependency (it builds the addon where no prebuilt one fits):
 * npm 11.16+ warns about unapproved install scripts on every install, and npm 12 skips them.
 *
 * @example
 * starterManifest({ name: 'socketbook-04-tcp-echo', tslabVersion: '1.0.22', node: '>=20.19' });
 */
export function starterManifest(options: StarterManifestOptions): string {
  const manifest = {
    name: options.name,
    private: true,
    description: 'Notebooks of socketbook, a course on network sockets in TypeScript: see README.md',
    engines: { node: options.node },
    scripts: { postinstall: `node ${PRUNE_SCRIPT_NAME}` },
    dependencies: { socketbook: `file:${LIBRARY_FOLDER}`, tslab: options.tslabVersion },
    allowScripts: { zeromq: true },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
