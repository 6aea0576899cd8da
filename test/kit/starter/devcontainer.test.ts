import { expect, test } from 'vitest';
import { DEVCONTAINER_PATH, devcontainerJson } from '../../../src/kit/starter/devcontainer.js';
import { TSLAB_KERNEL_COMMAND } from '../../../src/kit/starter/install-commands.js';

test('devcontainerJson() sets up Python with Jupyter, Node 20 and the tslab kernel, and VS Code’s Jupyter extension', () => {
  expect(DEVCONTAINER_PATH).toBe('.devcontainer/devcontainer.json');
  const config = JSON.parse(devcontainerJson('socketbook-04-tcp-echo')) as {
    name: string; image: string; features: Record<string, { version?: string }>; postCreateCommand: string;
    customizations: { vscode: { extensions: string[] } };
  };
  expect(config.name).toBe('socketbook-04-tcp-echo');
  expect(config.image).toMatch(/^mcr\.microsoft\.com\/devcontainers\/python:3/);
  expect(config.features['ghcr.io/devcontainers/features/node:1']).toEqual({ version: '20' });
  expect(config.postCreateCommand.split(' && ')).toEqual(['python3 -m pip install --user jupyterlab', 'npm install --no-fund', TSLAB_KERNEL_COMMAND]);
  expect(config.customizations.vscode.extensions).toContain('ms-toolsai.jupyter');
});
