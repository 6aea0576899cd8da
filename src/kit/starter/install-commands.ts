/**
 * Registers the starter's own tslab as Jupyter's *TypeScript* kernel. `--binary` names this folder's
 * tslab: without it the kernelspec runs a `tslab` command from PATH, which a local install does not
 * provide, and Jupyter then fails to start the kernel. Any folder's tslab will do: tslab hands over to the
 * copy in the `node_modules` nearest to the notebook.
 */
export const TSLAB_KERNEL_COMMAND = 'npx tslab install --python=python3 --binary="$PWD/node_modules/.bin/tslab"';

/** The same on Windows, in PowerShell: Python is `python` there, and npm's command shims end in `.cmd`. */
export const TSLAB_KERNEL_COMMAND_WINDOWS = 'npx tslab install --python=python --binary="$PWD\\node_modules\\.bin\\tslab.cmd"';

/** Registers Deno's kernel for Jupyter (Deno is installed separately: https://deno.com). */
export const DENO_KERNEL_COMMAND = 'deno jupyter --install';

/**
 * What a student runs once in the starter folder, in order, as its README gives them: install the library
 * and tslab, then register the tslab kernel.
 */
export const STARTER_INSTALL_COMMANDS: readonly string[] = ['npm install', TSLAB_KERNEL_COMMAND];
