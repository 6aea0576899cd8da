/**
 * The virtual CAN bus from the command line, like `candump` and `cansend`: every process that joins the
 * same port hears every frame. Node cannot open SocketCAN, so the bus is UDP multicast on loopback.
 */
import { formatCanFrame, type AnyCanFrame } from '../../net/can-frame.js';
import { joinCanBus } from '../../net/can-bus.js';
import { type ExampleHandle, type ExampleLog, handleFor, plural, serverHandle } from './example-handle.js';

/** Options of {@link startCanBus}. */
export interface CanBusExampleOptions {
  /** The bus's UDP port: every member of one bus uses the same. @default 9800 */
  port?: number;
  /** Frames to send, in order (parse them with `parseCansendFrame`). @default [] */
  send?: readonly AnyCanFrame[];
  /** Keep printing every frame on the bus until stopped, like `candump`. @default false */
  watch?: boolean;
}

/**
 * Joins the bus, sends the given frames, and either leaves (`done` resolves) or, with `watch`, prints
 * every frame as `(seconds) sender ID#DATA` until `close()`.
 *
 * @example
 * const bus = await startCanBus({ watch: true }, console.log);
 * // (0.512) 127.0.0.1:40211 123#DEADBEEF
 * await bus.close();
 */
export async function startCanBus(options: CanBusExampleOptions, log: ExampleLog): Promise<ExampleHandle> {
  const { port = 9800, send = [], watch = false } = options;
  const bus = await joinCanBus({ port });
  log(`Joined the virtual CAN bus ${bus.group}:${bus.port} (UDP multicast on loopback)`);
  const started = performance.now();
  if (watch) {
    bus.onFrame((frame, info) => {
      log(`(${((performance.now() - started) / 1000).toFixed(3)}) ${info.sender} ${formatCanFrame(frame)}`);
    });
  }
  for (const frame of send) {
    await bus.send(frame);
    log(`Sent ${formatCanFrame(frame)}`);
  }
  if (watch) {
    log('Watching the bus; press Ctrl-C to stop');
    return serverHandle(() => bus.close());
  }
  log(`Sent ${plural(send.length, 'frame')}; leaving the bus`);
  return handleFor(bus.close(), () => bus.close());
}
