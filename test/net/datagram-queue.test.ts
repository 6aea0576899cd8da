import { describe, expect, it } from 'vitest';
import { SocketClosedError } from '../../src/net/common-errors.js';
import { type Datagram, DatagramQueue, ReceiveTimeoutError } from '../../src/net/datagram-queue.js';

function datagram(text: string, port = 1000): Datagram {
  return { data: Buffer.from(text), address: '127.0.0.1', port };
}

describe('DatagramQueue', () => {
  it('keeps datagrams that arrive before anyone receives, oldest first', async () => {
    const queue = new DatagramQueue();
    queue.push(datagram('a'));
    queue.push(datagram('b'));
    expect((await queue.receive()).data.toString()).toBe('a');
    expect((await queue.receive()).data.toString()).toBe('b');
  });

  it('serves waiting receivers in the order they asked', async () => {
    const queue = new DatagramQueue();
    const first = queue.receive();
    const second = queue.receive();
    queue.push(datagram('1'));
    queue.push(datagram('2'));
    expect((await first).data.toString()).toBe('1');
    expect((await second).data.toString()).toBe('2');
  });

  it('gives a receiver only what it accepts and keeps the rest queued', async () => {
    const queue = new DatagramQueue();
    queue.push(datagram('stranger', 1));
    const fromServer = await queue.receive({ accepts: (d) => d.port === 2, timeoutMs: 50 }).catch((error: unknown) => error);
    expect(fromServer).toBeInstanceOf(ReceiveTimeoutError);
    queue.push(datagram('server', 2));
    expect((await queue.receive({ accepts: (d) => d.port === 2 })).data.toString()).toBe('server');
    expect((await queue.receive()).data.toString()).toBe('stranger');
  });

  it('times out with ReceiveTimeoutError (ERR_TIMEOUT) and then still works', async () => {
    const queue = new DatagramQueue();
    const error = await queue.receive({ timeoutMs: 20 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReceiveTimeoutError);
    expect((error as ReceiveTimeoutError).code).toBe('ERR_TIMEOUT');
    expect((error as Error).message).toBe('Cannot receive datagram: none arrived within 20 ms');
    queue.push(datagram('late'));
    expect((await queue.receive()).data.toString()).toBe('late');
  });

  it('drops and counts datagrams beyond maxDatagrams', () => {
    const queue = new DatagramQueue({ maxDatagrams: 2 });
    ['a', 'b', 'c'].forEach((text) => queue.push(datagram(text)));
    expect(queue.length).toBe(2);
    expect(queue.dropped).toBe(1);
  });

  it('close() rejects waiting and later receives with SocketClosedError', async () => {
    const queue = new DatagramQueue();
    const waiting = queue.receive();
    queue.close();
    await expect(waiting).rejects.toBeInstanceOf(SocketClosedError);
    await expect(queue.receive()).rejects.toBeInstanceOf(SocketClosedError);
  });
});
