import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CHECK_NONCE_FILE_ENV } from '../../net/checker.js';
import type { KernelSpec } from '../kernel/kernelspec.js';
import { libraryManifest } from '../starter/library-manifest.js';
import { GradeError } from './grade-errors.js';
import { createProcessGroup, joinGroupScript, type ProcessGroup } from './process-group.js';

/**
 * The namespaces every sandbox gets (user, pid, network), shared by the sandbox and the probe that checks
 * bubblewrap can make them here.
 */
const SANDBOX_NAMESPACES = ['--unshare-user', '--uid', '1000', '--gid', '1000', '--unshare-pid', '--unshare-net'];

/**
 * Where the course sits inside the sandbox: a notebook in `notebooks/submission/` imports `socketbook/sockets`
 * (and /figures, /check) through `node_modules/socketbook`, the package's link to this folder.
 */
export const SANDBOX_COURSE = '/course';

/** Options of {@link createWorkspace}. */
export interface WorkspaceOptions {
  /** The socketbook project (or installed package) whose `node_modules` and `lib` the kernel uses. */
  projectRoot: string;
  /** The kernel to start, before it is wrapped in the sandbox. */
  kernelSpec: KernelSpec;
  /**
   * Run the kernel inside bubblewrap. Without it student code runs with the grader's rights.
   * @default true
   */
  sandbox?: boolean;
  /**
   * Memory of the kernel, in MiB: its V8 heap may grow to this (`--max-old-space-size`), and all its data
   * (heap, buffers, native allocations) to twice this (`prlimit --data`, in the sandbox).
   * @default 512
   */
  memoryMb?: number;
  /**
   * Largest file student code may write, in bytes (`prlimit --fsize`).
   * @default 104_857_600
   */
  maxFileBytes?: number;
  /**
   * Where temporary folders are made.
   * @default os.tmpdir()
   */
  tempRoot?: string;
  /** @default 'bwrap' */
  bwrapPath?: string;
}

/** A fresh folder for one submission's kernel, and how to start that kernel in it. */
export interface Workspace {
  /** The kernel's working folder on this machine. */
  cwd: string;
  /** The kernel spec to give the kernel client: wrapped in bwrap unless the sandbox is off. */
  kernelSpec: KernelSpec;
  /** Extra environment of the kernel (the sandbox passes its own, clean environment instead). */
  env: Record<string, string>;
  /**
   * How the client reaches the kernel: Unix sockets, since a sandboxed kernel has no network of its own to
   * share; loopback ports only for Deno's kernel without the sandbox (Deno's kernel has no Unix sockets).
   */
  transport: 'ipc' | 'tcp';
  /** Where the kernel client puts connection files and sockets: a folder the sandbox shares with this machine. */
  connectionParent: string;
  /** The secret a report from this kernel must carry. */
  nonce: string;
  /** Whether a control group caps the sandbox's processes and their memory all together (root only). */
  grouped: boolean;
  /** Deletes the folder and everything student code wrote in it. */
  remove: () => Promise<void>;
}

/**
 * Makes a fresh workspace: `ROOT/package.json` (`"type": "module"`), `node_modules` and `lib` of the
 * project, a writable `notebooks/submission/` working folder and `tmp/`, a `kernel/` folder for the
 * connection file and its Unix sockets, and a nonce file the course library reads and deletes when a
 * notebook imports it. With the sandbox on, the kernel sees only `/usr`, `/etc`, those folders (read-only
 * but for its own) and a private `/proc`: never the lesson sources nor other submissions; it runs as an
 * unprivileged user in its own pid namespace and its own network namespace (a loopback of its own, so
 * submissions graded side by side can all listen on the lecture's port, and none can reach this
 * machine's servers), with no environment but PATH, HOME, LANG and its limits.
 *
 * @example
 * const workspace = await createWorkspace({ projectRoot, kernelSpec: resolveKernelSpec('tslab') });
 * const client = createKernelClient({ kernel: workspace.kernelSpec, cwd: workspace.cwd, env: workspace.env });
 */
export async function createWorkspace(options: WorkspaceOptions): Promise<Workspace> {
  const root = await mkdtemp(join(options.tempRoot ?? tmpdir(), 'socketbook-grade-'));
  const memoryMb = options.memoryMb ?? 512;
  let group: ProcessGroup | undefined;
  try {
    const cwd = join(root, 'notebooks', 'submission');
    await mkdir(cwd, { recursive: true });
    await mkdir(join(root, 'tmp'));
    const connectionParent = join(root, 'kernel');
    await mkdir(connectionParent);
    await writeFile(join(root, 'package.json'), await sandboxPackageJson(options.projectRoot));
    const nonce = randomBytes(16).toString('hex');
    await writeFile(join(cwd, '.socketbook-nonce'), nonce);
    const nodeOptions = kernelNodeOptions(memoryMb);
    const remove = (): Promise<void> => rm(root, { recursive: true, force: true, maxRetries: 3 });
    const transport = options.sandbox === false && options.kernelSpec.name === 'deno' ? 'tcp' as const : 'ipc' as const;
    const connection = { transport, connectionParent };
    if (options.sandbox === false) {
      await symlink(join(options.projectRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
      await symlink(join(options.projectRoot, 'lib'), join(root, 'lib'), 'dir');
      const env = { NODE_OPTIONS: nodeOptions, [CHECK_NONCE_FILE_ENV]: join(cwd, '.socketbook-nonce') };
      const kernelSpec = { ...options.kernelSpec, argv: withKernelFlags(options.kernelSpec.argv) };
      return { cwd, kernelSpec, env, nonce, remove, grouped: false, ...connection };
    }
    group = await createProcessGroup({ maxTasks: MAX_TASKS, memoryBytes: memoryMb * GROUP_MEMORY_FACTOR * 1_048_576 });
    const inside = `${SANDBOX_COURSE}/notebooks/submission`;
    const kernelSpec = { ...options.kernelSpec, argv: sandboxArgv(options, { root, inside, connectionParent, nodeOptions, memoryMb, group }) };
    const removeAll = async (): Promise<void> => {
      try {
        await group?.remove();
      } finally {
        await remove();
      }
    };
    return { cwd, kernelSpec, env: {}, nonce, remove: removeAll, grouped: group !== undefined, ...connection };
  } catch (error) {
    await group?.remove();
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Processes and threads a sandbox may have at once: the kernel has about a dozen threads, a Node child
 * process (lesson 09 starts one) as many again; a fork bomb stops here.
 */
const MAX_TASKS = 128;

/** The memory of all of a sandbox's processes together, in multiples of `memoryMb`. */
const GROUP_MEMORY_FACTOR = 3;

/** The heap limit of a grading kernel, as NODE_OPTIONS (which student code's own node processes inherit too). */
function kernelNodeOptions(memoryMb: number): string {
  return `--max-old-space-size=${memoryMb}`;
}

/**
 * V8 flags for a grading kernel, which lives for a few seconds and spends most of them in tslab's
 * TypeScript compiler. Kernels are graded side by side on every core, so CPU time is what counts: one
 * V8 worker thread instead of one per core, and functions optimized only once they are really hot.
 * Measured on tslab's start-up and lesson 04's cells: the same 1.9 s of wall time for a lone kernel, and
 * 2.35 CPU seconds instead of 2.9 (one worker thread alone) or 3.5 (Node's defaults). These flags are not
 * allowed in NODE_OPTIONS, so they go on node's command line, when the kernel is started through node.
 * `--expose-gc` lets the checker free what a case that ran out of memory dropped, before the next cell
 * (check-intrinsics.ts, `freeMemoryAfter`).
 */
const KERNEL_V8_FLAGS = ['--v8-pool-size=1', '--interrupt-budget=524288', '--expose-gc'];

/** The kernel's command with {@link KERNEL_V8_FLAGS} after node, or unchanged when it does not start with node. */
function withKernelFlags(argv: readonly string[]): string[] {
  const [command, ...rest] = argv;
  return command === process.execPath ? [command, ...KERNEL_V8_FLAGS, ...rest] : [...argv];
}

interface SandboxPlace {
  root: string;
  /** The working folder as the kernel sees it. */
  inside: string;
  /** The connection file's and the Unix sockets' folder, at the same path inside and out. */
  connectionParent: string;
  nodeOptions: string;
  memoryMb: number;
  group: ProcessGroup | undefined;
}

function sandboxArgv(options: WorkspaceOptions, { root, inside, connectionParent, nodeOptions, memoryMb, group }: SandboxPlace): string[] {
  const modules = join(options.projectRoot, 'node_modules');
  const kernelArgv = withKernelFlags(options.kernelSpec.argv).map((arg) =>
    arg.startsWith(`${modules}/`) ? `${SANDBOX_COURSE}/node_modules/${arg.slice(modules.length + 1)}` : arg);
  const dataBytes = memoryMb * 2 * 1_048_576;
  const limits = existsSync('/usr/bin/prlimit')
    ? ['/usr/bin/prlimit', `--fsize=${options.maxFileBytes ?? 104_857_600}`, `--data=${dataBytes}`, '--']
    : [];
  return [
    // bwrap dies of the SIGINT that interrupts a cell unless it ignores it; node resets the disposition,
    // so the kernel inside still gets its interrupt. The shell joins the control group first, so bwrap
    // and everything the kernel starts belong to it.
    '/bin/sh', '-c', `trap "" INT; ${joinGroupScript(group)}exec "$0" "$@"`, options.bwrapPath ?? 'bwrap',
    ...SANDBOX_NAMESPACES, '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try',
    '--die-with-parent', '--hostname', 'sandbox',
    '--ro-bind', '/usr', '/usr', ...rootLinks(), '--ro-bind', '/etc', '/etc', ...nodeBinds(),
    '--proc', '/proc', '--dev', '/dev',
    '--ro-bind', join(root, 'package.json'), `${SANDBOX_COURSE}/package.json`,
    '--ro-bind', modules, `${SANDBOX_COURSE}/node_modules`, ...onlyNodeTypes(modules),
    '--ro-bind', join(options.projectRoot, 'lib'), `${SANDBOX_COURSE}/lib`,
    '--bind', join(root, 'notebooks', 'submission'), inside,
    '--bind', join(root, 'tmp'), '/tmp',
    // The connection file and the kernel's Unix sockets, where the client outside finds them.
    '--bind', connectionParent, connectionParent,
    '--chdir', inside,
    '--clearenv', '--setenv', 'PATH', '/usr/local/bin:/usr/bin:/bin', '--setenv', 'HOME', inside, '--setenv', 'LANG', 'C.UTF-8',
    '--setenv', 'NODE_OPTIONS', nodeOptions, '--setenv', CHECK_NONCE_FILE_ENV, `${inside}/.socketbook-nonce`,
    ...Object.entries(options.kernelSpec.env).flatMap(([name, value]) => ['--setenv', name, value]),
    '--', ...limits, ...kernelArgv,
  ];
}

/**
 * Hides every `@types` package but `@types/node`: tslab loads all of them into every kernel's program, and
 * the lessons need only Node's (about 10 % of a kernel's start-up, measured). Nothing when there is none.
 */
function onlyNodeTypes(modules: string): string[] {
  const types = join(modules, '@types', 'node');
  if (!existsSync(join(types, 'package.json'))) return [];
  const inside = `${SANDBOX_COURSE}/node_modules/@types`;
  return ['--tmpfs', inside, '--ro-bind', types, `${inside}/node`, '--remount-ro', inside];
}

/** `/bin`, `/lib`, ... as the host has them: symlinks into `/usr` on a merged-usr system, else bound. */
function rootLinks(): string[] {
  const args: string[] = [];
  for (const name of ['/bin', '/sbin', '/lib', '/lib32', '/lib64']) {
    if (!existsSync(name)) continue;
    if (lstatSync(name).isSymbolicLink()) args.push('--symlink', readlinkSync(name), name);
    else args.push('--ro-bind', name, name);
  }
  return args;
}

/** Node itself, when it is installed outside `/usr` (nvm, a tarball in /opt). */
function nodeBinds(): string[] {
  const prefix = dirname(dirname(process.execPath));
  return prefix === '/usr' || prefix.startsWith('/usr/') ? [] : ['--ro-bind', prefix, prefix];
}

/**
 * Checks that bubblewrap is installed and can make a sandbox here. Throws a {@link GradeError}
 * (`ERR_GRADE_SANDBOX_MISSING` or `ERR_GRADE_SANDBOX_FAILED`) that says what to do.
 *
 * @example
 * await checkSandbox(); // before grading anything
 */
export async function checkSandbox(bwrapPath = 'bwrap'): Promise<void> {
  const result = await new Promise<{ code: number | null; stderr: string; missing: boolean }>((resolve) => {
    const child = spawn(bwrapPath, [...SANDBOX_NAMESPACES, '--ro-bind', '/', '/', '--proc', '/proc', '/bin/true'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ code: null, stderr: error.message, missing: error.code === 'ENOENT' }));
    child.once('close', (code) => resolve({ code, stderr, missing: false }));
  });
  if (result.missing) {
    throw new GradeError('ERR_GRADE_SANDBOX_MISSING',
      `Cannot grade in a sandbox: '${bwrapPath}' (bubblewrap) is not installed. Install it ('apt-get install bubblewrap'), ` +
      'or pass --no-sandbox on a machine where student code may run with your rights');
  }
  if (result.code !== 0) {
    throw new GradeError('ERR_GRADE_SANDBOX_FAILED',
      `Cannot grade in a sandbox: bubblewrap failed to start (${result.stderr.trim() || `exit code ${result.code}`}). ` +
      'A container may forbid user namespaces; allow them, or pass --no-sandbox if the container itself isolates each run');
  }
}

/**
 * The course's `package.json` as the kernel sees it: the library's, as a student's starter holds it
 * ({@link libraryManifest}: name, module type, `exports`, `typesVersions`…), so `import … from
 * 'socketbook/sockets'` resolves through `node_modules/socketbook` (a link to the course folder) to the
 * bound `lib`, for Node and for tslab's type checker alike.
 */
async function sandboxPackageJson(projectRoot: string): Promise<string> {
  const project = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  return `${JSON.stringify(libraryManifest(project), null, 2)}\n`;
}
