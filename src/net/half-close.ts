import type { Socket } from 'node:net';
import { SocketClosedError } from './common-errors.js';

/**
 * Ends our side of the connection (sends FIN) and waits until everything written before has been handed
 * to the OS. The peer sees `'end'`; we can still read its answer until it closes its side too.
 *
 * @example
 * await sendAll(socket, request);
 * await halfClose(socket);                       // "I am done sending"
 * const answer = await reader.readUntilClose();  // but still listening
 */
export function halfClose(socket: Socket): Promise<void> {
  if (socket.writableFinished) return Promise.resolve();
  if (socket.destroyed) {
    return Promise.reject(new SocketClosedError('Cannot half-close: the socket is already closed'));
  }
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      socket.off('finish', onFinish);
      socket.off('close', onClose);
      socket.off('error', onError);
    };
    const onFinish = (): void => {
      cleanup();
      resolve();
    };
    const onClose = (): void => {
      cleanup();
      reject(new SocketClosedError('Cannot half-close: the socket closed before our data was flushed'));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(new SocketClosedError('Cannot half-close: the connection broke while flushing', { cause: error }));
    };
    socket.once('finish', onFinish);
    socket.once('close', onClose);
    socket.once('error', onError);
    socket.end();
  });
}
