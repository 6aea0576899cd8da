import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { type CanBus, CanBusJoinError, CanBusOverflowError, joinCanBus } from '../../src/net/can-bus.js';
import { type AnyCanFrame, canFdFrame, canFrame, formatCanFrame } from '../../src/net/can-frame.js';
import { CanPacketError } from '../../src/net/can-packet.js';
import { SocketClosedError } from '../../src/net/common-errors.js';
import { bindUdp } from '../../src/net/udp.js';

const opened: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((resource) => resource.close()));
});

async function member(port: number, receiveOwn = false): Promise<CanBus> {
  const bus = await joinCanBus({ port, receiveOwn });
  opened.push(bus);
  return bus;
}

/** The next `count` frames a member receives, as candump text. */
function nextFrames(bus: CanBus, count: number): Promise<string[]> {
  const seen: string[] = [];
  return new Promise((resolve) => {
    const stop = bus.onFrame((frame) => {
      seen.push(formatCanFrame(frame));
      if (seen.length === count) {
        stop();
        resolve(seen);
      }
    });
  });
}

/**
 * Compiles the library's TypeScript that `entry` needs into a temporary folder, so a plain `node` child
 * process can import it (Node 20 does not run TypeScript).
 */
async function compileForChild(entry: string, folder: string): Promise<void> {
  const pending = [resolve(entry)];
  const done = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (done.has(file)) continue;
    done.add(file);
    const source = await readFile(file, 'utf8');
    const output = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    await writeFile(join(folder, file.split('/').at(-1)?.replace(/\.ts$/, '.js') ?? ''), output.outputText);
    for (const [, relative] of source.matchAll(/from '\.\/([\w-]+)\.js'/g)) pending.push(resolve(file, '..', `${relative}.ts`));
  }
  await writeFile(join(folder, 'package.json'), '{ "type": "module" }');
}

const childScript = `
import { joinCanBus } from './can-bus.js';
import { canFrame, formatCanFrame } from './can-frame.js';
const bus = await joinCanBus({ port: Number(process.argv[2]) });
bus.onFrame(async (frame) => {
  console.log('got ' + formatCanFrame(frame));
  await bus.send(canFrame(0x7a1, [0xc4, 0x11, 0xd0]));
  await bus.close();
});
console.log('ready');
`;

describe('joinCanBus()', () => {
  it('delivers every frame to every other member, not to the sender', async () => {
    const first = await member(0);
    const second = await member(first.port);
    const third = await member(first.port);
    const atFirst: string[] = [];
    first.onFrame((frame) => atFirst.push(formatCanFrame(frame)));
    const atSecond = nextFrames(second, 2);
    const atThird = nextFrames(third, 2);
    await first.send(canFrame(0x123, [0xde, 0xad]));
    await first.send([canFrame(0x18daf110, [1], { extended: true })]);
    expect(await atSecond).toEqual(['123#DEAD', '18DAF110#01']);
    expect(await atThird).toEqual(['123#DEAD', '18DAF110#01']);
    expect(atFirst).toEqual([]);
  });

  it('delivers a member its own frames with receiveOwn: true, marked own', async () => {
    const bus = await member(0, true);
    const received = new Promise<boolean>((resolve) => bus.onFrame((_, info) => resolve(info.own)));
    await bus.send(canFdFrame(0x42, new Uint8Array(12)));
    expect(await received).toBe(true);
  });

  it('shares one bus between processes: a child process hears a frame and answers', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'can-bus-'));
    opened.push({ close: () => rm(folder, { recursive: true, force: true }) });
    await compileForChild('src/net/can-bus.ts', folder);
    await compileForChild('src/net/can-frame.ts', folder);
    await writeFile(join(folder, 'child.mjs'), childScript);
    const first = await member(0);
    const second = await member(first.port);
    const child = spawn(process.execPath, [join(folder, 'child.mjs'), String(first.port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    opened.push({ close: async () => void child.kill() });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    expect((await lines.next()).value).toBe('ready');
    const atFirst = nextFrames(first, 1);
    const atSecond = nextFrames(second, 2);
    await first.send(canFrame(0x100, [1, 2, 3]));
    expect((await lines.next()).value).toBe('got 100#010203');
    expect(await atFirst).toEqual(['7A1#C411D0']);
    expect(await atSecond).toEqual(['100#010203', '7A1#C411D0']);
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('feeds a for await loop, which ends when the member closes', async () => {
    const sender = await member(0);
    const receiver = await member(sender.port);
    const loop = (async () => {
      const seen: AnyCanFrame[] = [];
      for await (const frame of receiver) {
        seen.push(frame);
        if (seen.length === 2) await receiver.close();
      }
      return seen.map(formatCanFrame);
    })();
    await sender.send([canFrame(1, [1]), canFrame(2, [2])]);
    expect(await loop).toEqual(['001#01', '002#02']);
  });

  it('fails a for await loop that falls more than maxQueuedFrames behind', async () => {
    const sender = await member(0);
    const receiver = await joinCanBus({ port: sender.port, maxQueuedFrames: 2 });
    opened.push(receiver);
    const iterator = receiver[Symbol.asyncIterator]();
    const arrived = nextFrames(receiver, 3);
    await sender.send([canFrame(1, []), canFrame(2, []), canFrame(3, [])]);
    await arrived;
    expect((await iterator.next()).value).toMatchObject({ id: 1 });
    expect((await iterator.next()).value).toMatchObject({ id: 2 });
    await expect(iterator.next()).rejects.toBeInstanceOf(CanBusOverflowError);
  });

  it('reports a malformed packet to onError and keeps delivering', async () => {
    const bus = await member(0);
    const stranger = await bindUdp();
    opened.push(stranger);
    const failure = new Promise<Error>((resolve) => bus.onError(resolve));
    stranger.setMulticastInterface('127.0.0.1');
    await stranger.send(Uint8Array.of(9, 9, 9), bus.port, bus.group);
    expect(await failure).toBeInstanceOf(CanPacketError);
    const other = await member(bus.port);
    const next = nextFrames(bus, 1);
    await other.send(canFrame(0x5, []));
    expect(await next).toEqual(['005#']);
  });

  it('fails with CanBusJoinError, keeping the OS error, when the port is held without SO_REUSEADDR', async () => {
    const holder = await bindUdp({ host: '239.0.0.98' });
    opened.push(holder);
    const failure = await joinCanBus({ port: holder.port }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CanBusJoinError);
    expect((failure as CanBusJoinError).code).toBe('ERR_CAN_BUS_JOIN');
    expect(((failure as Error).cause as Error & { cause: { code: string } }).cause.code).toBe('EADDRINUSE');
  });

  it('refuses to send after close()', async () => {
    const bus = await joinCanBus({ port: 0 });
    await bus.close();
    await expect(bus.send(canFrame(1, []))).rejects.toBeInstanceOf(SocketClosedError);
  });
});
