import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as sockets from '../../src/net/sockets.js';
import { importInChild } from '../support/import-in-child.js';

describe('socketbook/sockets', () => {
  it('exports the socket library by name, and neither figures nor the checker', () => {
    const core = [
      'SocketbookError', 'TimeoutError', 'SocketClosedError',
      'connect', 'ConnectError', 'listen', 'ListenError', 'sendAll', 'halfClose',
      'createReader', 'PeerClosedError', 'ReadLimitError', 'ReaderBusyError',
      'ByteQueue', 'ByteWriter', 'encodeLengthPrefixed', 'writeLengthPrefixed', 'LengthPrefixDecoder', 'FrameTooLargeError',
      'encodeLine', 'writeLine', 'LineDecoder', 'LineTooLongError', 'InvalidLineError',
      'bindUdp', 'DatagramQueue', 'ReceiveTimeoutError', 'DatagramTooLargeError', 'UdpBindError', 'UdpSendError',
      'MAX_UDP_PAYLOAD_IPV4', 'MAX_UDP_PAYLOAD_IPV6',
      'encodeSequenced', 'decodeSequenced', 'SequenceTracker', 'SequenceGapError', 'TruncatedDatagramError',
      'parseIPv4', 'parseIPv6', 'formatIPv4', 'formatIPv6', 'isIPv4Mapped', 'classifyAddress', 'unmapIPv4',
      'InvalidAddressError', 'createLossyLink', 'sendFile', 'receiveFile', 'createMultiServer', 'joinCanBus',
      'encodeCanFrame', 'createTrace', 'traceSocket', 'createSelfSignedCertificate', 'joinFileChat',
      'errorCode', 'listenOn', 'preferPort',
    ];
    for (const name of core) expect(sockets, name).toHaveProperty(name);
    for (const name of ['check', 'test', 'hiddenTest', 'renderSequenceDiagram', 'renderLinePlot', 'showSvg']) {
      expect(sockets, name).not.toHaveProperty(name);
    }
  });

  it('exports the UDP payload limits with their values', () => {
    expect(sockets.MAX_UDP_PAYLOAD_IPV4).toBe(65_507);
    expect(sockets.MAX_UDP_PAYLOAD_IPV6).toBe(65_527);
  });

  it("resolves by package name from the project, and importing it (or the figures) leaves the grader's key file and variable alone", async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sockets-entry-'));
    try {
      const keyFile = join(folder, 'key');
      await writeFile(keyFile, 'secret');
      for (const specifier of ['socketbook/sockets', 'socketbook/figures']) {
        const seen = await importInChild(specifier, '[Object.keys(entry).length > 0, process.env.SOCKETBOOK_CHECK_NONCE_FILE]', {
          SOCKETBOOK_CHECK_NONCE_FILE: keyFile,
        });
        expect(seen).toEqual([true, keyFile]);
        expect(existsSync(keyFile)).toBe(true);
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
