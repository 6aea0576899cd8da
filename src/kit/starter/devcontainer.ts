import { TSLAB_KERNEL_COMMAND } from './install-commands.js';

/** Where a dev container's configuration goes in a starter. */
export const DEVCONTAINER_PATH = '.devcontainer/devcontainer.json';

/**
 * The dev container of a starter, so that a GitHub Classroom or Codespaces template opens ready to run:
 * Python with JupyterLab, Node 20, the starter's `npm install`, and the tslab kernel registered for Jupyter;
 * VS Code gets its Jupyter extension.
 *
 * @example
 * devcontainerJson('socketbook-04-tcp-echo'); // the text of .devcontainer/devcontainer.json
 */
export function devcontainerJson(name: string): string {
  const config = {
    name,
    image: 'mcr.microsoft.com/devcontainers/python:3.12',
    features: { 'ghcr.io/devcontainers/features/node:1': { version: '20' } },
    postCreateCommand: ['python3 -m pip install --user jupyterlab', 'npm install --no-fund', TSLAB_KERNEL_COMMAND].join(' && '),
    forwardPorts: [8888],
    customizations: { vscode: { extensions: ['ms-toolsai.jupyter'] } },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
