import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertCompiled, freePort, socketbook, stopAll } from './processes.js';

beforeAll(assertCompiled);
afterEach(stopAll);

describe('socketbook example can-bus', () => {
  it('a frame sent with --send by one process is printed by another that --watch-es the same bus', async () => {
    const port = String(await freePort('udp'));
    const watcher = socketbook('can-bus', '--watch', '--port', port);
    await watcher.waitFor(/Watching the bus/);
    const sender = socketbook('can-bus', '--port', port, '--send', '123#DEADBEEF', '--send', '12345678#00');
    expect(await sender.exited).toEqual({ code: 0, signal: null });
    expect(sender.output()).toContain('Sent 2 frames; leaving the bus');
    await watcher.waitFor(/\(\d+\.\d{3}\) 127\.0\.0\.1:\d+ 123#DEADBEEF\n.*12345678#00/);
    watcher.process.kill('SIGINT');
    expect(await watcher.exited).toEqual({ code: 0, signal: null });
  });

  it('a frame that is not in cansend notation is a usage error (exit code 2) that shows the forms', async () => {
    const sender = socketbook('can-bus', '--port', String(await freePort('udp')), '--send', '1234#00');
    expect((await sender.exited).code).toBe(2);
    expect(sender.output()).toContain("Cannot parse CAN frame '1234#00': write it as cansend does");
  });
});
