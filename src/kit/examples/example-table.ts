/**
 * Every program `socketbook example NAME` can run, with its own options table (as `node:util`
 * `parseArgs` takes it) and one line of help per option. `start` turns the parsed text into the
 * program's options and starts it.
 */
import { type OptionTable, type ParsedArgs, UsageError } from '../usage.js';
import { type AnyCanFrame, CanFrameError } from '../../net/can-frame.js';
import { startCanBus } from './can-bus.js';
import { parseCansendFrame } from './cansend-notation.js';
import { startChatClient } from './chat-client.js';
import { startChatServer } from './chat-server.js';
import { clientAddress, DEFAULT_HOST, DEFAULT_PORT, parseCount, parsePort, parsePositive, parseSize, serverAddress, stringValue } from './example-args.js';
import type { ExampleHandle, ExampleLog } from './example-handle.js';
import { startFileClient } from './file-client.js';
import { startFileServer } from './file-server.js';
import { startMultiServer } from './multi-server.js';
import { startTcpClient } from './tcp-client.js';
import { startTcpServer } from './tcp-server.js';
import { startUdpClient } from './udp-client.js';
import { startUdpServer } from './udp-server.js';

/** One runnable example. */
export interface Example {
  /** One line: which lecture program it is and what it does. */
  summary: string;
  /** What follows `socketbook example NAME`, e.g. `HOST PORT [--message TEXT]`. */
  usage: string;
  options: OptionTable;
  /** One line of help per option name. */
  help: Record<string, string>;
  /** Starts the program with the parsed command line; throws `UsageError` for bad values. */
  start: (args: ParsedArgs, log: ExampleLog) => Promise<ExampleHandle>;
}

const serverOptions: OptionTable = { host: { type: 'string' }, port: { type: 'string' } };
const serverHelp = {
  host: `address to listen on (default ${DEFAULT_HOST}; '::1' for IPv6, '0.0.0.0' for every interface)`,
  port: `port to listen on (default ${DEFAULT_PORT}; 0 lets the OS choose and prints it)`,
};
const messageHelp = "text to send (default 'Hello, sockets!')";

function noPositionals({ positionals }: ParsedArgs): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
}

function frameArg(text: string): AnyCanFrame {
  try {
    return parseCansendFrame(text);
  } catch (error) {
    if (error instanceof CanFrameError) throw new UsageError(`--send: ${error.message}`);
    throw error;
  }
}

/** The lecture's programs, by name. */
export const examples: Record<string, Example> = {
  'tcp-server': {
    summary: 'TCP echo server (lecture 14): one client at a time, echoes each block until the client closes',
    usage: '[--host H] [--port P] [--buffer BYTES]',
    options: { ...serverOptions, buffer: { type: 'string' } },
    help: { ...serverHelp, buffer: 'largest block read and echoed at once, like recv(16384) (default 16384)' },
    start: (args, log) => {
      noPositionals(args);
      const buffer = stringValue(args.values, 'buffer');
      return startTcpServer({ ...serverAddress(args), bufferBytes: buffer === undefined ? undefined : parseSize(buffer, '--buffer') }, log);
    },
  },
  'tcp-client': {
    summary: 'TCP echo client (lecture 14): sends a message, reads until all of it came back, closes',
    usage: 'HOST PORT [--message TEXT]',
    options: { message: { type: 'string' } },
    help: { message: messageHelp },
    start: (args, log) => startTcpClient({ ...clientAddress(args), message: stringValue(args.values, 'message') }, log),
  },
  'udp-server': {
    summary: 'UDP echo server (lecture 15): sends every datagram back to its sender',
    usage: '[--host H] [--port P] [--buffer BYTES]',
    options: { ...serverOptions, buffer: { type: 'string' } },
    help: { ...serverHelp, buffer: 'receive buffer, like recvfrom(4096); longer datagrams are cut (default 4096)' },
    start: (args, log) => {
      noPositionals(args);
      const buffer = stringValue(args.values, 'buffer');
      return startUdpServer({ ...serverAddress(args), bufferBytes: buffer === undefined ? undefined : parseSize(buffer, '--buffer') }, log);
    },
  },
  'udp-client': {
    summary: 'UDP echo client (lecture 15): sends one datagram, waits for the reply, sends again after a timeout',
    usage: 'HOST PORT [--message TEXT] [--timeout S] [--retries N]',
    options: { message: { type: 'string' }, timeout: { type: 'string' }, retries: { type: 'string' } },
    help: {
      message: messageHelp,
      timeout: 'seconds to wait for each reply (default 1)',
      retries: 'how many times to send again when no reply came (default 3)',
    },
    start: (args, log) => {
      const timeout = stringValue(args.values, 'timeout');
      const retries = stringValue(args.values, 'retries');
      return startUdpClient({
        ...clientAddress(args),
        message: stringValue(args.values, 'message'),
        timeoutMs: timeout === undefined ? undefined : parsePositive(timeout, '--timeout') * 1000,
        retries: retries === undefined ? undefined : parseCount(retries, '--retries'),
      }, log);
    },
  },
  'file-server': {
    summary: 'file server (lecture 16): sends FILE to every client; --raw is the lecture protocol, default adds header and SHA-256',
    usage: 'FILE [--host H] [--port P] [--raw]',
    options: { ...serverOptions, raw: { type: 'boolean' } },
    help: { ...serverHelp, raw: "the lecture's protocol: the bytes, then close (default: header, bytes, SHA-256)" },
    start: (args, log) => {
      const [file, ...extra] = args.positionals;
      if (file === undefined || extra.length > 0) throw new UsageError('expected one FILE to serve');
      return startFileServer({ file, ...serverAddress(args), raw: args.values['raw'] === true }, log);
    },
  },
  'file-client': {
    summary: 'file client (lecture 16): saves what the server sends to --out; --raw reads until the server closes',
    usage: 'HOST PORT --out FILE [--raw]',
    options: { out: { type: 'string' }, raw: { type: 'boolean' } },
    help: {
      out: 'where to save the file (required)',
      raw: "the lecture's protocol: everything until the server closes (default: header, bytes, SHA-256)",
    },
    start: (args, log) => {
      const out = stringValue(args.values, 'out');
      if (out === undefined) throw new UsageError('--out FILE is required: where to save the file');
      return startFileClient({ ...clientAddress(args), out, raw: args.values['raw'] === true }, log);
    },
  },
  'multi-server': {
    summary: 'echo server for many clients at once (lecture 17); use tcp-client as the client',
    usage: '[--host H] [--port P]',
    options: serverOptions,
    help: serverHelp,
    start: (args, log) => {
      noPositionals(args);
      return startMultiServer(serverAddress(args), log);
    },
  },
  'chat-server': {
    summary: "chat room: a client's first line is its name, every later line goes to the others",
    usage: '[--host H] [--port P]',
    options: serverOptions,
    help: serverHelp,
    start: (args, log) => {
      noPositionals(args);
      return startChatServer(serverAddress(args), log);
    },
  },
  'chat-client': {
    summary: 'chat client: sends each line typed, prints what the others say',
    usage: 'HOST PORT --name NAME',
    options: { name: { type: 'string' } },
    help: { name: 'the name the others see (required)' },
    start: (args, log) => {
      const name = stringValue(args.values, 'name');
      if (name === undefined || name.trim() === '') throw new UsageError('--name NAME is required: the name the others see');
      return startChatClient({ ...clientAddress(args), name }, log);
    },
  },
  'can-bus': {
    summary: 'virtual CAN bus (UDP multicast on loopback): --send frames like cansend, --watch like candump',
    usage: '[--watch] [--send ID#DATA]... [--port P]',
    options: { watch: { type: 'boolean' }, send: { type: 'string', multiple: true }, port: { type: 'string' } },
    help: {
      watch: 'print every frame on the bus until Ctrl-C (the default when nothing is sent)',
      send: 'send a frame: 123#DEADBEEF, 12345678#00 (29-bit id), 123#R4 (remote); may be repeated',
      port: `the bus's UDP port, the same for every member (default ${DEFAULT_PORT})`,
    },
    start: (args, log) => {
      noPositionals(args);
      const texts = args.values['send'];
      const send = (Array.isArray(texts) ? texts : []).map((text) => frameArg(String(text)));
      const port = parsePort(stringValue(args.values, 'port') ?? String(DEFAULT_PORT), '--port');
      return startCanBus({ port, send, watch: args.values['watch'] === true || send.length === 0 }, log);
    },
  },
};
