/** The file name of {@link PRUNE_SCRIPT} in a starter, run by its `postinstall`. */
export const PRUNE_SCRIPT_NAME = 'prune-tslab.cjs';

/**
 * A script a starter's `npm install` runs afterwards (`"postinstall"`): it deletes what tslab's dependencies
 * install but a notebook kernel never loads, about half of `node_modules` (90 MB → 44 MB with tslab 1.0.22):
 * the TypeScript fork's server, compiler command line and message translations (tslab loads only
 * `lib/typescript.js` and the `lib.*.d.ts` files), and zeromq's prebuilt binaries for other systems and
 * processors. The folder then runs only where it was installed; `npm install` again elsewhere restores it.
 * CommonJS, with no dependencies, so it runs before anything else is usable.
 */
export const PRUNE_SCRIPT = `// Run by "npm install" (postinstall): deletes files of tslab's dependencies that a notebook kernel
// never loads, about half of node_modules. Run "npm install" again to get them back.
const { existsSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const modules = join(__dirname, 'node_modules');
const remove = (path) => rmSync(path, { recursive: true, force: true });

// The TypeScript that tslab type-checks cells with: keep lib/typescript.js and the lib.*.d.ts files;
// drop the language server, the tsc command line and the translated messages (one folder per locale).
const typescript = join(modules, '@tslab', 'typescript-for-tslab', 'lib');
const unused = /^(tsserver|tsserverlibrary|tsc|typingsInstaller|cancellationToken|watchGuard)\\./;
if (existsSync(typescript)) {
  for (const entry of readdirSync(typescript, { withFileTypes: true })) {
    if (entry.isDirectory() || unused.test(entry.name)) remove(join(typescript, entry.name));
  }
}

// zeromq (tslab talks to Jupyter through it) ships prebuilt binaries for every system: keep this one's.
const builds = join(modules, 'zeromq', 'build');
if (existsSync(join(builds, process.platform, process.arch))) {
  for (const entry of readdirSync(builds, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== process.platform) remove(join(builds, entry.name));
  }
  for (const arch of readdirSync(join(builds, process.platform))) {
    if (arch !== process.arch) remove(join(builds, process.platform, arch));
  }
}
`;
