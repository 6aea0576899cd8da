import * as dgram from 'node:dgram';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createLossyLink, decideFaults, type LossyLink, type LossyLinkOptions } from '../../src/net/lossy-link.js';
import { createRandom } from '../../src/net/seeded-random.js';

const opened: { close(): unknown }[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((resource) => resource.close()));
});

async function startEchoTarget(): Promise<{ port: number; seen: string[] }> {
  const socket = dgram.createSocket('udp4');
  const seen: string[] = [];
  socket.on('message', (datagram, sender) => {
    seen.push(datagram.toString());
    socket.send(datagram, sender.port, sender.address);
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  opened.push(socket);
  return { port: socket.address().port, seen };
}

/** Resolve once `count()` has not changed for `quietMs`. */
async function waitForQuiet(count: () => number, quietMs = 150): Promise<void> {
  let last = -1;
  while (count() !== last) {
    last = count();
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

/** Send `count` numbered datagrams through a link and record what the target and the client saw. */
async function runThroughLink(
  options: Omit<LossyLinkOptions, 'target'>,
  count = 60,
): Promise<{ atTarget: string[]; atClient: string[]; link: LossyLink }> {
  const target = await startEchoTarget();
  const link = await createLossyLink({ ...options, target: { host: '127.0.0.1', port: target.port } });
  opened.push(link);
  const client = dgram.createSocket('udp4');
  opened.push(client);
  const atClient: string[] = [];
  client.on('message', (datagram) => atClient.push(datagram.toString()));
  client.bind(0, '127.0.0.1');
  await once(client, 'listening');
  for (let index = 0; index < count; index += 1) client.send(String(index), link.port, '127.0.0.1');
  await waitForQuiet(() => link.stats.received + atClient.length);
  return { atTarget: target.seen, atClient, link };
}

describe('decideFaults()', () => {
  it('never drops with rate 0 and always drops with rate 1', () => {
    const random = createRandom(3);
    for (let index = 0; index < 100; index += 1) {
      expect(decideFaults(random, { dropRate: 0 }).drop).toBe(false);
      expect(decideFaults(random, { dropRate: 1 }).drop).toBe(true);
    }
  });

  it('draws delays between min and max', () => {
    const random = createRandom(4);
    for (let index = 0; index < 100; index += 1) {
      const { delayMs } = decideFaults(random, { delayMs: { min: 5, max: 9 } });
      expect(delayMs).toBeGreaterThanOrEqual(5);
      expect(delayMs).toBeLessThanOrEqual(9);
    }
  });
});

describe('createLossyLink()', () => {
  it('forwards every datagram both ways, in order, when no fault is asked for', async () => {
    const { atTarget, atClient, link } = await runThroughLink({}, 30);
    const expected = Array.from({ length: 30 }, (_, index) => String(index));
    expect(atTarget).toEqual(expected);
    expect(atClient).toEqual(expected);
    expect(link.stats).toEqual({ received: 60, forwarded: 60, dropped: 0, duplicated: 0, reordered: 0 });
  });

  it('gives the same output on two runs with the same seed', async () => {
    const faults = { dropRate: 0.2, duplicateRate: 0.1, reorderRate: 0.1, delayMs: { min: 0, max: 4 }, seed: 11 };
    const first = await runThroughLink(faults);
    const second = await runThroughLink(faults);
    expect(second.atTarget).toEqual(first.atTarget);
    expect(second.atClient).toEqual(first.atClient);
    expect(second.link.stats).toEqual(first.link.stats);
    expect(first.link.stats.dropped).toBeGreaterThan(0);
    expect(first.link.stats.duplicated).toBeGreaterThan(0);
    expect(first.link.stats.reordered).toBeGreaterThan(0);
  });

  it('gives a different output with another seed', async () => {
    const first = await runThroughLink({ dropRate: 0.3, seed: 1 });
    const second = await runThroughLink({ dropRate: 0.3, seed: 2 });
    expect(second.atTarget).not.toEqual(first.atTarget);
  });

  it('keeps its counters consistent', async () => {
    const { link, atTarget, atClient } = await runThroughLink({ dropRate: 0.25, duplicateRate: 0.25, seed: 5 });
    const { received, forwarded, dropped, duplicated } = link.stats;
    expect(forwarded).toBe(received - dropped + duplicated);
    expect(forwarded).toBe(atTarget.length + atClient.length);
  });

  it('delivers a reordered datagram right after the next one', async () => {
    const { atTarget } = await runThroughLink({ reorderRate: 1 }, 4);
    expect(atTarget).toEqual(['1', '0', '3', '2']);
  });

  it('delivers a duplicated datagram twice in a row', async () => {
    const { atTarget } = await runThroughLink({ duplicateRate: 1 }, 3);
    expect(atTarget).toEqual(['0', '0', '1', '1', '2', '2']);
  });

  it('delays each datagram by delayMs in each direction', async () => {
    const target = await startEchoTarget();
    const link = await createLossyLink({ target: { host: '127.0.0.1', port: target.port }, delayMs: 60 });
    opened.push(link);
    const client = dgram.createSocket('udp4');
    opened.push(client);
    client.bind(0, '127.0.0.1');
    await once(client, 'listening');
    const started = Date.now();
    client.send('ping', link.port, '127.0.0.1');
    await once(client, 'message');
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('relays over IPv6 loopback', async () => {
    const target = dgram.createSocket('udp6');
    target.on('message', (datagram, sender) => target.send(datagram, sender.port, sender.address));
    target.bind(0, '::1');
    await once(target, 'listening');
    opened.push(target);
    const link = await createLossyLink({ target: { host: '::1', port: target.address().port }, host: '::1' });
    opened.push(link);
    const client = dgram.createSocket('udp6');
    opened.push(client);
    client.bind(0, '::1');
    await once(client, 'listening');
    client.send('hola', link.port, '::1');
    const [reply] = (await once(client, 'message')) as [Buffer];
    expect(reply.toString()).toBe('hola');
  });
});

