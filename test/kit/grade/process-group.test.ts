import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, test } from 'vitest';
import { canMakeProcessGroups, createProcessGroup, joinGroupScript, type ProcessGroup } from '../../../src/kit/grade/process-group.js';
import { toolTestsRun } from '../../support/optional-tools.js';

/**
 * Control groups need root and the pids and memory controllers. CI runs as root on a machine that has them;
 * elsewhere the test is skipped when they cannot be made.
 */
const available = await canMakeProcessGroups();
const run = toolTestsRun('control groups', available);

/** Runs a command inside the group, joined by a shell first as the sandbox does; resolves with what it printed. */
function inGroup(group: ProcessGroup, argv: readonly string[]): Promise<string> {
  const child = spawn('/bin/sh', ['-c', `${joinGroupScript(group)}exec "$0" "$@"`, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.on('close', () => resolve(out)));
}

describe.skipIf(!run)('createProcessGroup() on this machine', () => {
  test('makes a group here (CI runs as root with the pids and memory controllers)', () => {
    expect(available).toBe(true);
  });

  test('a process that keeps starting processes inside the group is refused past maxTasks', async () => {
    const group = (await createProcessGroup({ maxTasks: 40, memoryBytes: 512 * 1_048_576 }))!;
    const bomb = [
      "const { spawn } = require('node:child_process');",
      'const children = [];',
      "let refused = 'nothing';",
      '(async () => {',
      '  for (let i = 0; i < 100; i++) {',
      "    const child = spawn('sleep', ['30'], { stdio: 'ignore' });",
      "    const started = await new Promise((resolve) => child.once('spawn', () => resolve(true)).once('error', (error) => { refused = error.code; resolve(false); }));",
      '    if (!started) break;',
      '    children.push(child);',
      '  }',
      '  for (const child of children) child.kill();',
      '  console.log(`started ${children.length}, then ${refused}`);',
      '})();',
    ].join('\n');
    try {
      const printed = await inGroup(group, [process.execPath, '-e', bomb]);
      expect(printed).toMatch(/^started \d+, then EAGAIN\n$/);
      expect(Number(/started (\d+)/.exec(printed)![1])).toBeLessThan(40);
    } finally {
      await group.remove();
    }
  });

  test('remove() kills what is still in the group and deletes it', async () => {
    const group = (await createProcessGroup({ maxTasks: 20, memoryBytes: 512 * 1_048_576 }))!;
    const sleeper = spawn('/bin/sh', ['-c', `${joinGroupScript(group)}exec sleep 424243`], { stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readFileSync(`/proc/${sleeper.pid}/cgroup`, 'utf8')).toContain(dirname(group.joinFiles[0]!).split('/').at(-1));
    const exited = new Promise((resolve) => sleeper.on('exit', (_code, signal) => resolve(signal)));
    await group.remove();
    expect(await exited).toBe('SIGKILL');
    for (const file of group.joinFiles) expect(existsSync(dirname(file))).toBe(false);
    expect(spawnSync('pgrep', ['-f', 'sleep 424243']).stdout.toString()).toBe('');
  });
});
