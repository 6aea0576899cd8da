import { afterEach, describe, expect, it } from 'vitest';
import { SocketClosedError } from '../../src/net/common-errors.js';
import { ReceiveTimeoutError } from '../../src/net/datagram-queue.js';
import {
  DatagramTooLargeError,
  MAX_UDP_PAYLOAD_IPV4,
  MAX_UDP_PAYLOAD_IPV6,
  UdpBindError,
  UdpSendError,
  type BindUdpOptions,
  type UdpSocket,
  bindUdp,
} from '../../src/net/udp.js';

const opened: UdpSocket[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((udp) => udp.close()));
});

async function bound(options?: BindUdpOptions): Promise<UdpSocket> {
  const udp = await bindUdp(options);
  opened.push(udp);
  return udp;
}

describe('bindUdp()', () => {
  it('binds 127.0.0.1 and a free port; a datagram and its sender arrive', async () => {
    const server = await bound();
    const client = await bound();
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    await client.send('ping', server.port);
    const datagram = await server.receive({ timeoutMs: 1000 });
    expect(datagram).toEqual({ data: Buffer.from('ping'), address: '127.0.0.1', port: client.port });
  });

  it('loses no datagram between receive calls', async () => {
    const server = await bound();
    const client = await bound();
    for (const text of ['one', 'two', 'three']) await client.send(text, server.port);
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) texts.push((await server.receive({ timeoutMs: 1000 })).data.toString());
    expect(texts).toEqual(['one', 'two', 'three']);
  });

  it('receive() times out with ReceiveTimeoutError (ERR_TIMEOUT), and the socket keeps working', async () => {
    const server = await bound();
    const client = await bound();
    await expect(server.receive({ timeoutMs: 30 })).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });
    await client.send('after', server.port);
    expect((await server.receive({ timeoutMs: 1000 })).data.toString()).toBe('after');
  });

  it(`sends ${MAX_UDP_PAYLOAD_IPV4} bytes over IPv4 but refuses one more before sending, naming both sizes`, async () => {
    const server = await bound();
    const client = await bound();
    await client.send(Buffer.alloc(MAX_UDP_PAYLOAD_IPV4, 1), server.port);
    expect((await server.receive({ timeoutMs: 1000 })).data.length).toBe(MAX_UDP_PAYLOAD_IPV4);
    const error = await client.send(Buffer.alloc(MAX_UDP_PAYLOAD_IPV4 + 1), server.port).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatagramTooLargeError);
    expect((error as DatagramTooLargeError).code).toBe('ERR_DATAGRAM_TOO_LARGE');
    expect((error as Error).message).toBe(
      'Cannot send datagram: 65508 bytes exceeds the IPv4 UDP limit of 65507 bytes; split the data or use TCP',
    );
  });

  it(`sends ${MAX_UDP_PAYLOAD_IPV6} bytes over IPv6 (::1) but refuses one more`, async () => {
    const server = await bound({ host: '::1' });
    const client = await bound({ host: '::1' });
    await client.send(Buffer.alloc(MAX_UDP_PAYLOAD_IPV6, 1), server.port);
    expect((await server.receive({ timeoutMs: 1000 })).data.length).toBe(MAX_UDP_PAYLOAD_IPV6);
    await expect(client.send(Buffer.alloc(MAX_UDP_PAYLOAD_IPV6 + 1), server.port)).rejects.toThrow(
      /65528 bytes exceeds the IPv6 UDP limit of 65527 bytes/,
    );
  });

  it('refuses a busy port with UdpBindError (cause EADDRINUSE)', async () => {
    const first = await bound();
    const error = await bindUdp({ port: first.port }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UdpBindError);
    expect(((error as UdpBindError).cause as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
  });

  it('close() rejects a waiting receive with SocketClosedError', async () => {
    const udp = await bindUdp();
    const waiting = udp.receive();
    await udp.close();
    await expect(waiting).rejects.toBeInstanceOf(SocketClosedError);
    await udp.close(); // a second close is harmless
  });

  describe('request()', () => {
    /** A server that ignores the first `ignored` requests and answers the others with 'pong'. */
    function flakyServer(server: UdpSocket, ignored: number): { requests: () => number } {
      let requests = 0;
      server.socket.on('message', (_data, from) => {
        requests++;
        if (requests > ignored) server.socket.send('pong', from.port, from.address);
      });
      return { requests: () => requests };
    }

    it('sends again after a timeout and resolves with the reply', async () => {
      const server = await bound();
      const client = await bound();
      const flaky = flakyServer(server, 1);
      const reply = await client.request('ping', { port: server.port, timeoutMs: 100, retries: 3 });
      expect(reply.data.toString()).toBe('pong');
      expect(reply.port).toBe(server.port);
      expect(flaky.requests()).toBe(2);
    });

    it('gives up after retries + 1 attempts with ReceiveTimeoutError', async () => {
      const server = await bound();
      const client = await bound();
      const flaky = flakyServer(server, Infinity);
      const error = await client.request('ping', { port: server.port, timeoutMs: 40, retries: 2 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ReceiveTimeoutError);
      expect((error as Error).message).toBe(
        `Cannot get a reply from 127.0.0.1:${server.port}: no answer to 3 attempts of 40 ms each; is the server running?`,
      );
      expect(flaky.requests()).toBe(3);
    });

    it('ignores datagrams from other senders, leaving them queued', async () => {
      const server = await bound();
      const stranger = await bound();
      const client = await bound();
      flakyServer(server, 0);
      await stranger.send('noise', client.port);
      const reply = await client.request('ping', { port: server.port, timeoutMs: 500 });
      expect(reply.data.toString()).toBe('pong');
      expect((await client.receive({ timeoutMs: 500 })).data.toString()).toBe('noise');
    });
  });

  describe('broadcast and multicast on loopback', () => {
    it('a broadcast to 127.255.255.255 arrives at a socket bound to that address', async () => {
      const receiver = await bound({ host: '127.255.255.255' });
      const sender = await bound();
      sender.setBroadcast(true);
      await sender.send('to everyone', receiver.port, '127.255.255.255');
      const datagram = await receiver.receive({ timeoutMs: 1000 });
      expect(datagram.data.toString()).toBe('to everyone');
      expect(datagram.address).toBe('127.0.0.1');
    });

    it('a broadcast without setBroadcast(true) is refused by the OS (UdpSendError, EACCES)', async () => {
      const sender = await bound();
      const error = await sender.send('to everyone', 9, '127.255.255.255').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UdpSendError);
      expect(((error as UdpSendError).cause as NodeJS.ErrnoException).code).toBe('EACCES');
    });

    it('multicast through 127.0.0.1 reaches every member of the group, both ways', async () => {
      const group = '239.255.77.1';
      const first = await bound({ host: group, reuseAddr: true });
      const second = await bound({ host: group, port: first.port, reuseAddr: true });
      first.joinMulticast(group, '127.0.0.1');
      second.joinMulticast(group, '127.0.0.1');
      // The senders' own sockets are members too; multicast loopback delivers to all of them.
      await first.send('from first', first.port, group);
      await second.send('from second', first.port, group);
      const texts = async (member: UdpSocket): Promise<string[]> => {
        const received = [await member.receive({ timeoutMs: 1000 }), await member.receive({ timeoutMs: 1000 })];
        return received.map((datagram) => datagram.data.toString()).sort();
      };
      expect(await texts(first)).toEqual(['from first', 'from second']);
      expect(await texts(second)).toEqual(['from first', 'from second']);
    });

    it('a plain socket with setMulticastInterface(127.0.0.1) can send to the group', async () => {
      const group = '239.255.77.2';
      const member = await bound({ host: group });
      member.joinMulticast(group);
      const sender = await bound();
      sender.setMulticastInterface('127.0.0.1');
      await sender.send('hello group', member.port, group);
      expect((await member.receive({ timeoutMs: 1000 })).data.toString()).toBe('hello group');
      member.leaveMulticast(group);
    });
  });
});
