import { expect, test } from 'vitest';
import { STARTER_INSTALL_COMMANDS, TSLAB_KERNEL_COMMAND, TSLAB_KERNEL_COMMAND_WINDOWS } from '../../../src/kit/starter/install-commands.js';

test("the install commands register the starter's own tslab, not a tslab command that PATH may not have", () => {
  expect(STARTER_INSTALL_COMMANDS).toEqual(['npm install', TSLAB_KERNEL_COMMAND]);
  expect(TSLAB_KERNEL_COMMAND).toBe('npx tslab install --python=python3 --binary="$PWD/node_modules/.bin/tslab"');
  expect(TSLAB_KERNEL_COMMAND_WINDOWS).toContain('--binary="$PWD\\node_modules\\.bin\\tslab.cmd"');
});
