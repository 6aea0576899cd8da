import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { PRUNE_SCRIPT, PRUNE_SCRIPT_NAME } from '../../../src/kit/starter/prune-script.js';

const run = promisify(execFile);
let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'prune-'));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

async function touch(...paths: string[]): Promise<void> {
  for (const path of paths) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), 'x');
  }
}

const other = process.arch === 'arm64' ? 'x64' : 'arm64';
const typescript = 'node_modules/@tslab/typescript-for-tslab/lib';
const builds = 'node_modules/zeromq/build';

test("the prune script deletes TypeScript's server, compiler CLI and translations, and zeromq's builds for other systems", async () => {
  await touch(
    `${typescript}/typescript.js`, `${typescript}/lib.es2022.d.ts`, `${typescript}/tsserver.js`, `${typescript}/tsserverlibrary.d.ts`,
    `${typescript}/tsc.js`, `${typescript}/typingsInstaller.js`, `${typescript}/de/diagnosticMessages.generated.json`,
    `${builds}/manifest.json`, `${builds}/${process.platform}/${process.arch}/zeromq.node`, `${builds}/${process.platform}/${other}/zeromq.node`,
    `${builds}/${process.platform === 'win32' ? 'darwin' : 'win32'}/x64/zeromq.node`,
  );
  await writeFile(join(folder, PRUNE_SCRIPT_NAME), PRUNE_SCRIPT);
  await run(process.execPath, [PRUNE_SCRIPT_NAME], { cwd: folder });
  const kept = [`${typescript}/typescript.js`, `${typescript}/lib.es2022.d.ts`, `${builds}/manifest.json`, `${builds}/${process.platform}/${process.arch}/zeromq.node`];
  const gone = [`${typescript}/tsserver.js`, `${typescript}/tsserverlibrary.d.ts`, `${typescript}/tsc.js`, `${typescript}/typingsInstaller.js`,
    `${typescript}/de`, `${builds}/${process.platform}/${other}`, `${builds}/${process.platform === 'win32' ? 'darwin' : 'win32'}`];
  expect(kept.filter((path) => !existsSync(join(folder, path)))).toEqual([]);
  expect(gone.filter((path) => existsSync(join(folder, path)))).toEqual([]);
});

test("the prune script keeps every zeromq build when there is none for this system, and runs with nothing installed", async () => {
  await touch(`${builds}/plan9/mips/zeromq.node`);
  await writeFile(join(folder, PRUNE_SCRIPT_NAME), PRUNE_SCRIPT);
  await run(process.execPath, [PRUNE_SCRIPT_NAME], { cwd: folder });
  expect(existsSync(join(folder, `${builds}/plan9/mips/zeromq.node`))).toBe(true);
  await rm(join(folder, 'node_modules'), { recursive: true });
  await run(process.execPath, [PRUNE_SCRIPT_NAME], { cwd: folder });
});
