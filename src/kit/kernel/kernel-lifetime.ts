import { existsSync } from 'node:fs';

/**
 * The shell that holds a kernel's lifeline. Without it (Windows) kernels start unwrapped: the signal and
 * exit hooks of {@link killWithSocketbook} still kill them, but a SIGKILL of socketbook then leaves them.
 */
const SHELL = '/bin/sh';

/**
 * Started as `sh -c LIFELINE_SCRIPT kernel args...` with a pipe from socketbook as stdin (the lifeline),
 * in a process group of its own. It moves the lifeline to fd 3 and stdin to /dev/null, starts a watcher in
 * the background that blocks reading the lifeline, then execs the kernel, which keeps the shell's pid and
 * so still leads the group. The watcher reads end of file once no process holds socketbook's end: when
 * socketbook has died, however it died (a SIGKILL, which no handler sees, included), or when it closed its
 * end after the kernel exited. It then kills the whole group (`kill 0`): the kernel, what the kernel started
 * (a cell's child process, the grader's bubblewrap sandbox) and itself.
 *
 * The watcher reads fd 3 explicitly because a non-interactive shell gives a background job /dev/null as
 * stdin; it ignores SIGINT, as every background job of a non-interactive shell does, so interrupting a
 * cell (a SIGINT to the group) leaves it running. Costs one idle shell per kernel.
 *
 * Why not PR_SET_PDEATHSIG (`setpriv --pdeathsig KILL`): it kills only the process that set it, not what
 * that process started; it fires when the thread that forked dies, not the process; and it is Linux only.
 */
const LIFELINE_SCRIPT = 'exec 3<&0 </dev/null; { read _ <&3; kill -s KILL 0; } & exec 3<&- "$0" "$@"';

/**
 * The kernel's command wrapped in the lifeline (see {@link LIFELINE_SCRIPT}), or undefined where there is
 * no POSIX shell. Start it in a process group of its own with a pipe as stdin, never written to, and
 * destroy that pipe once the kernel has exited so that the watcher kills what the kernel left and exits.
 *
 * @example
 * const launch = withLifeline('tslab', ['kernel', '--config-path', file]);
 * const child = spawn(launch!.command, launch!.args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
 * child.once('exit', () => child.stdin?.destroy());
 */
export function withLifeline(command: string, args: readonly string[]): { command: string; args: string[] } | undefined {
  if (process.platform === 'win32' || !existsSync(SHELL)) return undefined;
  return { command: SHELL, args: ['-c', LIFELINE_SCRIPT, command, ...args] };
}

/** The signals that stop socketbook (Ctrl-C, `kill`, a closed terminal), after which no kernel may be left. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Process groups of kernels still running; the hooks are installed while there is one. */
const liveGroups = new Set<number>();

/**
 * Kills the process group `pid` leads (with SIGKILL) when socketbook stops before `exited` settles: on
 * exit, on an uncaught exception that will crash the process (before Node prints it and exits as it
 * always did), and on SIGINT, SIGTERM and SIGHUP. After a signal the process dies of it, as it would
 * without these hooks, unless another listener handles it (`serve` and `example` stop cleanly on Ctrl-C):
 * then that listener decides how the process ends. The signal hook runs before other listeners, so it
 * counts them before a `once` listener has removed itself.
 *
 * @example
 * const child = spawn(command, args, { detached: true });
 * killWithSocketbook(child.pid!, once(child, 'exit'));
 */
export function killWithSocketbook(pid: number, exited: Promise<unknown>): void {
  if (liveGroups.size === 0) installHooks();
  liveGroups.add(pid);
  void exited.then(() => {
    if (!liveGroups.delete(pid)) return;
    if (liveGroups.size === 0) removeHooks();
  });
}

function killAll(): void {
  for (const group of liveGroups) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  if (process.listenerCount(signal) > 1) return;
  // Alone: without a listener Node restores the default action, so the signal sent again ends the
  // process as it would have without this hook (a shell sees 128 + the signal's number).
  liveGroups.clear();
  removeHooks();
  process.kill(process.pid, signal);
}

function onUncaught(): void {
  // With an 'uncaughtException' listener the process lives on, and its kernels with it.
  if (process.listenerCount('uncaughtException') === 0) killAll();
}

function installHooks(): void {
  process.on('exit', killAll);
  process.on('uncaughtExceptionMonitor', onUncaught);
  for (const signal of STOP_SIGNALS) process.prependListener(signal, onSignal);
}

function removeHooks(): void {
  process.off('exit', killAll);
  process.off('uncaughtExceptionMonitor', onUncaught);
  for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
}
