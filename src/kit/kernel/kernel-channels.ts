import * as zmq from 'zeromq';
import { channelAddress, type ConnectionInfo } from './connection-file.js';
import { decodeMessage, encodeMessage, type JupyterMessage } from './wire.js';

/** The channels a client sends requests on. */
export type RequestChannel = 'shell' | 'control' | 'stdin';

/** The channels a client receives messages from. */
export type ReceiveChannel = RequestChannel | 'iopub';

/** Called for every message that arrives and passes the signature check. */
export type MessageHandler = (channel: ReceiveChannel, message: JupyterMessage) => void;

/** Options of {@link openKernelChannels}. */
export interface KernelChannelsOptions {
  /** Session id; also the routing id of shell and stdin, so the kernel's `input_request` finds us. */
  session: string;
  onMessage: MessageHandler;
  /** Called for frames that fail to decode (bad signature, broken JSON); they are dropped. */
  onInvalid?: (channel: ReceiveChannel, error: unknown) => void;
}

/** The client side of the five Jupyter sockets. */
export interface KernelChannels {
  send: (channel: RequestChannel, message: JupyterMessage<object>) => Promise<void>;
  /** Sends one heartbeat and resolves whether the echo came back within `timeoutMs`. */
  ping: (timeoutMs: number) => Promise<boolean>;
  close: () => void;
}

/**
 * Connects DEALER sockets to shell, control and stdin, a SUBSCRIBER to iopub and a DEALER to the heartbeat
 * REP socket. ZeroMQ connects lazily, so this may run before the kernel has bound its ports.
 *
 * @example
 * const channels = openKernelChannels(info, { session, onMessage: (channel, message) => console.log(channel, message.header.msg_type) });
 * await channels.send('shell', createMessage('kernel_info_request', {}, { session }));
 * channels.close();
 */
export function openKernelChannels(info: ConnectionInfo, options: KernelChannelsOptions): KernelChannels {
  const dealer = (routingId?: string): zmq.Dealer =>
    new zmq.Dealer({ linger: 0, ...(routingId === undefined ? {} : { routingId }) });
  const sockets = {
    shell: dealer(options.session),
    control: dealer(),
    stdin: dealer(options.session),
    iopub: new zmq.Subscriber({ linger: 0 }),
  };
  const heartbeat = dealer();
  for (const channel of ['shell', 'control', 'stdin', 'iopub'] as const) {
    sockets[channel].connect(channelAddress(info, channel));
  }
  heartbeat.connect(channelAddress(info, 'hb'));
  sockets.iopub.subscribe();
  let closed = false;
  for (const channel of ['shell', 'control', 'stdin', 'iopub'] as const) {
    void receiveLoop(channel, sockets[channel]);
  }

  async function receiveLoop(channel: ReceiveChannel, socket: zmq.Dealer | zmq.Subscriber): Promise<void> {
    try {
      for await (const frames of socket) {
        let message: JupyterMessage;
        try {
          message = decodeMessage(frames, info.key);
        } catch (error) {
          options.onInvalid?.(channel, error);
          continue;
        }
        options.onMessage(channel, message);
      }
    } catch (error) {
      // Closing a socket ends its iterator, sometimes with an error; anything else is reported.
      if (!closed) options.onInvalid?.(channel, error);
    }
  }

  let pingSequence = 0;
  const pending = new Map<string, (answered: boolean) => void>();
  void (async () => {
    try {
      for await (const [, echo] of heartbeat) pending.get(echo?.toString('utf8') ?? '')?.(true);
    } catch {
      // The heartbeat socket was closed.
    }
  })();

  // A ZeroMQ socket takes one send at a time (a second one fails with EBUSY): queue them per channel.
  const queues = new Map<string, Promise<unknown>>();
  let pingSending = false;

  return {
    send: async (channel, message) => {
      const frames = encodeMessage(message, info.key);
      const previous = queues.get(channel) ?? Promise.resolve();
      const sent = previous.catch(() => undefined).then(() => sockets[channel].send(frames));
      queues.set(channel, sent);
      await sent;
    },
    ping: (timeoutMs) =>
      new Promise<boolean>((resolve) => {
        const token = `ping-${(pingSequence += 1)}`;
        const timer = setTimeout(() => finish(false), timeoutMs);
        function finish(answered: boolean): void {
          clearTimeout(timer);
          pending.delete(token);
          resolve(answered);
        }
        pending.set(token, finish);
        // A ping still being sent means the kernel is not reading: let this one time out unanswered.
        if (pingSending) return;
        pingSending = true;
        // A REP socket expects an empty delimiter frame before the payload when a DEALER talks to it.
        heartbeat.send(['', token]).catch(() => finish(false)).finally(() => {
          pingSending = false;
        });
      }),
    close: () => {
      if (closed) return;
      closed = true;
      for (const socket of [...Object.values(sockets), heartbeat]) socket.close();
      for (const finish of pending.values()) finish(false);
    },
  };
}
