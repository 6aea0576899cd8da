import type { Socket } from 'node:net';
import { SocketClosedError } from './common-errors.js';

/**
 * Writes `data` and resolves once it has been handed to the operating system. Awaiting it before the
 * next write respects backpressure: a slow receiver slows us down instead of filling our memory.
 * Rejects with {@link SocketClosedError} if the socket closes or breaks first.
 *
 * @example
 * for (const line of lines) {
 *   await sendAll(socket, line + '\n');
 * }
 */
export function sendAll(socket: Socket, data: Uint8Array | string): Promise<void> {
  if (socket.destroyed || socket.writableEnded) {
    return Promise.reject(new SocketClosedError('Cannot send: the socket is already closed or ended'));
  }
  return new Promise((resolve, reject) => {
    // Without a listener, an 'error' during the write would crash the process instead of rejecting.
    const onError = (): void => {};
    socket.on('error', onError);
    socket.write(data, (error) => {
      // A socket destroyed mid-write (e.g. by ECONNRESET) calls back without an error: check both.
      if (error || socket.destroyed) {
        // The listener stays: Node may emit the error on the socket right after this callback.
        const cause = error ?? socket.errored ?? undefined;
        reject(new SocketClosedError('Cannot send: the socket closed before the data was handed to the OS', { cause }));
        return;
      }
      socket.off('error', onError);
      resolve();
    });
  });
}
