import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';

/** Limits of a {@link ProcessGroup}. */
export interface ProcessGroupLimits {
  /** Most processes and threads alive at once (the kernel alone has about a dozen threads). */
  maxTasks: number;
  /** Most memory of all its processes together, in bytes. */
  memoryBytes: number;
}

/** A Linux control group that caps one sandbox: its processes and their memory, all counted together. */
export interface ProcessGroup {
  /** Files a process writes its pid to in order to join the group (one per cgroup v1 hierarchy). */
  joinFiles: string[];
  /** Kills what is left in the group and deletes it. */
  remove: () => Promise<void>;
}

/**
 * The shell commands that move the shell itself into the group (its children then belong to it too), to
 * put before `exec` in a `sh -c` script; a shell that cannot join exits with 125. Empty without a group.
 *
 * @example
 * spawn('/bin/sh', ['-c', `${joinGroupScript(group)}exec "$0" "$@"`, 'node', 'kernel.js']);
 */
export function joinGroupScript(group: ProcessGroup | undefined): string {
  return (group?.joinFiles ?? []).map((file) => `echo $$ > '${file}' || exit 125; `).join('');
}

/** Where the cgroup file systems are mounted. */
const CGROUP_ROOT = '/sys/fs/cgroup';

/** The two layouts: one unified tree (v2), or one tree per controller (v1). */
interface Layout {
  /** Folders to create, one per tree. */
  trees: string[];
  /** The limits to write, as file (relative to its tree's group folder) and value. */
  limits: (limits: ProcessGroupLimits) => Array<[tree: number, file: string, value: string]>;
}

function layoutOf(root: string): Layout | undefined {
  const unified = join(root, 'cgroup.subtree_control');
  if (existsSync(unified)) {
    return {
      trees: [root],
      limits: ({ maxTasks, memoryBytes }) => [[0, 'pids.max', String(maxTasks)], [0, 'memory.max', String(memoryBytes)], [0, 'memory.swap.max', '0']],
    };
  }
  if (existsSync(join(root, 'pids', 'cgroup.procs')) && existsSync(join(root, 'memory', 'cgroup.procs'))) {
    return {
      trees: [join(root, 'pids'), join(root, 'memory')],
      limits: ({ maxTasks, memoryBytes }) => [[0, 'pids.max', String(maxTasks)], [1, 'memory.limit_in_bytes', String(memoryBytes)]],
    };
  }
  return undefined;
}

/**
 * Makes a control group with these limits, when the machine lets this process make one (as root, with the
 * pids and memory controllers, cgroup v1 or v2); resolves undefined otherwise, having left nothing behind.
 * A process joins it by writing its pid to each of `joinFiles`; its children then belong to it too.
 *
 * @example
 * const group = await createProcessGroup({ maxTasks: 128, memoryBytes: 1536 * 1024 * 1024 });
 * spawn('/bin/sh', ['-c', `${joinGroupScript(group)}exec node kernel.js`]);
 */
export async function createProcessGroup(limits: ProcessGroupLimits, root = CGROUP_ROOT): Promise<ProcessGroup | undefined> {
  const layout = layoutOf(root);
  if (layout === undefined) return undefined;
  const name = `socketbook-${randomBytes(6).toString('hex')}`;
  const folders: string[] = [];
  const group: ProcessGroup = {
    joinFiles: layout.trees.map((tree) => join(tree, name, 'cgroup.procs')),
    remove: () => removeFolders(folders),
  };
  try {
    for (const tree of layout.trees) {
      await mkdir(join(tree, name));
      folders.push(join(tree, name));
    }
    for (const [tree, file, value] of layout.limits(limits)) {
      const path = join(folders[tree]!, file);
      // memory.swap.max only exists where swap accounting is on; without it there is no swap to limit.
      if (file === 'memory.swap.max' && !existsSync(path)) continue;
      await writeFile(path, value);
    }
    return group;
  } catch {
    await group.remove();
    return undefined;
  }
}

/** Kills the processes still in each group folder, waits until they are gone, and removes the folders. */
async function removeFolders(folders: readonly string[]): Promise<void> {
  for (const folder of folders) {
    for (let attempt = 0; ; attempt += 1) {
      const pids = await readPids(join(folder, 'cgroup.procs'));
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      try {
        await rmdir(folder);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') break;
        if (code !== 'EBUSY' || attempt >= 50) throw new Error(`Cannot remove the control group ${folder}: ${(error as Error).message}`, { cause: error });
        await sleep(20);
      }
    }
  }
}

async function readPids(path: string): Promise<number[]> {
  try {
    return (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '').map(Number);
  } catch {
    return [];
  }
}

/**
 * Whether this machine lets socketbook make control groups (tries one and removes it).
 *
 * @example
 * if (!(await canMakeProcessGroups())) console.warn('processes of a submission will not be counted');
 */
export async function canMakeProcessGroups(root = CGROUP_ROOT): Promise<boolean> {
  const group = await createProcessGroup({ maxTasks: 64, memoryBytes: 1_073_741_824 }, root);
  await group?.remove();
  return group !== undefined;
}
