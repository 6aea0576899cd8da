import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as zmq from 'zeromq';
import { channelAddress, type ConnectionInfo } from '../../../src/kit/kernel/connection-file.js';
import type { KernelQuirks, KernelSpec } from '../../../src/kit/kernel/kernelspec.js';
import { createMessage, decodeMessage, encodeMessage, type JupyterMessage } from '../../../src/kit/kernel/wire.js';

/** What the fake kernel does with one `execute_request`: the reply's status, and text printed on stdout first. */
export interface FakeAnswer {
  status: string;
  stdout?: string;
}

/** A Jupyter kernel served from the test's own process: see {@link createFakeJupyterKernel}. */
export interface FakeJupyterKernel {
  /** A kernelspec that starts the stand-in process, with the quirks under test. */
  spec: (quirks: KernelQuirks) => KernelSpec;
  /** The code of every `execute_request`, in the order it came. */
  executed: string[];
  /** Binds the kernel's sockets once the client has started the stand-in, then answers until {@link close}. */
  serve: () => Promise<void>;
  close: () => void;
}

/**
 * A kernel whose every reply the test decides (an `abort` status, a window after a failure), so the
 * client's handling of a kernel's quirks is tested without racing a real one. The process the client
 * starts is a stand-in that writes its pid and connection file's path into `folder` and waits; `serve()`
 * reads them and binds the shell, control, iopub and heartbeat sockets here. A failed answer also publishes
 * an error output; `shutdown_request` ends the stand-in.
 *
 * @example
 * const fake = createFakeJupyterKernel(folder, (code) => ({ status: 'ok', stdout: code }));
 * const client = createKernelClient({ kernel: fake.spec(NO_QUIRKS), cwd: folder });
 * await Promise.all([client.start(), fake.serve()]);
 */
export function createFakeJupyterKernel(folder: string, answer: (code: string) => FakeAnswer): FakeJupyterKernel {
  const standIn = join(folder, 'fake-kernel.json');
  const session = { session: randomUUID(), username: 'fake-kernel' };
  const sockets = {
    shell: new zmq.Router({ linger: 0 }),
    control: new zmq.Router({ linger: 0 }),
    iopub: new zmq.Publisher({ linger: 0 }),
    hb: new zmq.Reply({ linger: 0 }),
  };
  const executed: string[] = [];
  let pid: number | undefined;

  async function serve(): Promise<void> {
    let written: string | undefined;
    while ((written = await readFile(standIn, 'utf8').catch(() => undefined)) === undefined) await sleep(20);
    const started = JSON.parse(written) as { pid: number; connection: string };
    pid = started.pid;
    const info = JSON.parse(await readFile(started.connection, 'utf8')) as ConnectionInfo;
    await Promise.all(Object.entries(sockets).map(([channel, socket]) => socket.bind(channelAddress(info, channel as keyof typeof sockets))));
    void answerLoop(sockets.shell, info.key);
    void answerLoop(sockets.control, info.key);
    void (async () => {
      for await (const frames of sockets.hb) await sockets.hb.send(frames);
    })().catch(() => undefined);
  }

  async function answerLoop(socket: zmq.Router, key: string): Promise<void> {
    try {
      for await (const frames of socket) await handle(socket, decodeMessage(frames, key), key);
    } catch {
      // The socket was closed.
    }
  }

  async function handle(socket: zmq.Router, request: JupyterMessage, key: string): Promise<void> {
    const reply = (type: string, content: object): Promise<void> =>
      socket.send(encodeMessage({ ...createMessage(type, content, session, request.header), identities: request.identities }, key));
    const publish = (type: string, content: object): Promise<void> => sockets.iopub.send(encodeMessage(createMessage(type, content, session, request.header), key));
    await publish('status', { execution_state: 'busy' });
    const type = request.header.msg_type;
    if (type === 'kernel_info_request') {
      await reply('kernel_info_reply', { status: 'ok', protocol_version: '5.3', implementation: 'fake', language_info: { name: 'typescript' }, banner: '' });
    } else if (type === 'execute_request') {
      const code = String(request.content['code']);
      executed.push(code);
      const answered = answer(code);
      if (answered.stdout !== undefined) await publish('stream', { name: 'stdout', text: answered.stdout });
      if (answered.status === 'error') await publish('error', { ename: 'Error', evalue: 'failed on purpose', traceback: [] });
      await reply('execute_reply', { status: answered.status, execution_count: executed.length });
    } else if (type === 'shutdown_request') {
      await reply('shutdown_reply', { status: 'ok', restart: false });
      stopStandIn();
    }
    await publish('status', { execution_state: 'idle' });
  }

  function stopStandIn(): void {
    try {
      if (pid !== undefined) process.kill(pid, 'SIGTERM');
    } catch {
      // Gone already.
    }
  }

  const script = [
    'const fs = require("fs");',
    `fs.writeFileSync(${JSON.stringify(`${standIn}.tmp`)}, JSON.stringify({ pid: process.pid, connection: process.argv[1] }));`,
    // Renamed into place, so serve() never reads half a file.
    `fs.renameSync(${JSON.stringify(`${standIn}.tmp`)}, ${JSON.stringify(standIn)});`,
    'setInterval(() => {}, 1000);',
  ].join('\n');
  return {
    spec: (quirks) => ({
      name: 'tslab',
      displayName: 'fake',
      language: 'typescript',
      argv: [process.execPath, '-e', script, '{connection_file}'],
      interruptMode: 'message',
      env: {},
      quirks,
    }),
    executed,
    serve,
    close: () => {
      for (const socket of Object.values(sockets)) socket.close();
      stopStandIn();
    },
  };
}
