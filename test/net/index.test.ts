import { describe, expect, it } from 'vitest';
import * as library from '../../src/net/index.js';

describe('src/net/index.ts', () => {
  it('re-exports the core of the student library by name', () => {
    const core = [
      'SocketbookError', 'TimeoutError', 'SocketClosedError',
      'connect', 'ConnectError', 'listen', 'ListenError', 'sendAll', 'halfClose',
      'createReader', 'PeerClosedError', 'ReadLimitError', 'ReaderBusyError',
      'ByteQueue', 'encodeLengthPrefixed', 'LengthPrefixDecoder', 'FrameTooLargeError',
      'encodeLine', 'LineDecoder', 'LineTooLongError', 'InvalidLineError',
      'bindUdp', 'DatagramQueue', 'ReceiveTimeoutError', 'DatagramTooLargeError', 'UdpBindError', 'UdpSendError',
      'MAX_UDP_PAYLOAD_IPV4', 'MAX_UDP_PAYLOAD_IPV6',
      'encodeSequenced', 'decodeSequenced', 'SequenceTracker', 'SequenceGapError', 'TruncatedDatagramError',
      'parseIPv4', 'parseIPv6', 'formatIPv4', 'formatIPv6', 'isIPv4Mapped', 'classifyAddress', 'unmapIPv4',
      'InvalidAddressError',
    ];
    for (const name of core) expect(library, name).toHaveProperty(name);
  });

  it('exports the UDP payload limits with their values', () => {
    expect(library.MAX_UDP_PAYLOAD_IPV4).toBe(65_507);
    expect(library.MAX_UDP_PAYLOAD_IPV6).toBe(65_527);
  });
});
