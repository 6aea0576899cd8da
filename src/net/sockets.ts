/**
 * The course's socket library, `socketbook/sockets`: TCP (connect, listen, send everything, half-close,
 * read exactly n bytes), message framing, UDP, addresses, a lossy link, file transfer, servers for many
 * clients, CAN frames over a virtual bus, TLS certificates for a lesson, and traces of what a socket did.
 * Importing it runs nothing: no socket opens, no environment is read.
 *
 * @example
 * import { connect, createReader, listen, sendAll } from 'socketbook/sockets';
 */
export { SocketbookError } from './errors.js';
export { SocketClosedError, TimeoutError } from './common-errors.js';
export { ConnectError, connect, type ConnectOptions } from './tcp-connect.js';
export {
  ListenError,
  listen,
  type CloseOptions,
  type Listener,
  type ListenOptions,
} from './tcp-listen.js';
export { sendAll } from './send-all.js';
export { halfClose } from './half-close.js';
export {
  PeerClosedError,
  ReadLimitError,
  ReaderBusyError,
  createReader,
  type ReadLineOptions,
  type ReadOptions,
  type ReadUntilCloseOptions,
  type SocketReader,
  type SocketReaderOptions,
} from './socket-reader.js';
export { ByteQueue } from './byte-queue.js';
export { ByteWriter } from './byte-writer.js';
export {
  FrameTooLargeError,
  LENGTH_PREFIX_BYTES,
  LengthPrefixDecoder,
  MAX_LENGTH_PREFIX,
  encodeLengthPrefixed,
  writeLengthPrefixed,
  type LengthPrefixDecoderOptions,
} from './length-prefix.js';
export {
  InvalidLineError,
  LineDecoder,
  LineTooLongError,
  encodeLine,
  writeLine,
  type LineDecoderOptions,
} from './line-codec.js';
export {
  DatagramQueue,
  ReceiveTimeoutError,
  type Datagram,
  type DatagramQueueOptions,
} from './datagram-queue.js';
export {
  DatagramTooLargeError,
  MAX_UDP_PAYLOAD_IPV4,
  MAX_UDP_PAYLOAD_IPV6,
  UdpBindError,
  UdpSendError,
  bindUdp,
  type BindUdpOptions,
  type ReceiveOptions,
  type RequestOptions,
  type UdpSocket,
} from './udp.js';
export {
  SEQUENCE_HEADER_BYTES,
  SequenceGapError,
  SequenceTracker,
  TruncatedDatagramError,
  decodeSequenced,
  encodeSequenced,
  type SequenceReport,
  type SequenceTrackerOptions,
  type SequenceVerdict,
} from './sequence.js';
export {
  InvalidAddressError,
  formatIPv4,
  formatIPv6,
  isIPv4Mapped,
  parseIPv4,
  parseIPv6,
} from './address.js';
export {
  classifyAddress,
  unmapIPv4,
  type AddressClass,
  type AddressKind,
} from './classify-address.js';
export { createRandom, type Random } from './seeded-random.js';
export {
  createLossyLink,
  decideFaults,
  type Faults,
  type LinkTarget,
  type LossyLink,
  type LossyLinkOptions,
  type LossyLinkStats,
} from './lossy-link.js';
export { MAX_FILE_NAME_BYTES, UnsafeFileNameError, assertSafeFileName } from './file-name.js';
export {
  DEFAULT_MAX_FILE_BYTES,
  FILE_MAGIC,
  FILE_PROTOCOL_VERSION,
  FIXED_HEADER_BYTES,
  FileHeaderDecoder,
  FileProtocolError,
  FileTooLargeError,
  encodeFileHeader,
  type DecodedFileHeader,
  type FileHeader,
  type FileHeaderDecoderOptions,
} from './file-header.js';
export {
  CHECKSUM_BYTES,
  ChecksumMismatchError,
  TransferInterruptedError,
  receiveFile,
  sendFile,
  type FileProgress,
  type ReceiveFileOptions,
  type SendFileOptions,
  type TransferredFile,
} from './file-transfer.js';
export { receiveFileRaw, sendFileRaw } from './file-transfer-raw.js';
export { createMessageCodec, type Framing, type Message, type MessageCodec } from './message-framing.js';
export {
  createMultiServer,
  type Client,
  type MultiServer,
  type MultiServerHandlers,
  type MultiServerOptions,
  type MultiServerStats,
} from './multi-server.js';
export { createEchoServer } from './echo-server.js';
export { createChatServer, type ChatServerOptions, type ChatState } from './chat-server.js';
export {
  CAN_EFF_FLAG, CAN_EFF_MASK, CAN_ERR_FLAG, CAN_MTU, CAN_RTR_FLAG, CAN_SFF_MASK, CANFD_BRS, CANFD_ESI,
  CANFD_LENGTHS, CANFD_MTU, CanFrameError, canFdFlagsOf, canFdFrame, canFrame, canIdOf, checkCanFrame,
  decodeCanFdFrame, decodeCanFrame, encodeCanFdFrame, encodeCanFrame, formatCanFrame, parseCanId,
  type AnyCanFrame, type CanFdFrame, type CanFrame,
} from './can-frame.js';
export {
  CanArbitrationError, arbitrate, arbitrationField, compareArbitration,
  type ArbitrationBit, type ArbitrationResult,
} from './can-arbitration.js';
export {
  CANNELLONI_DATA, CANNELLONI_VERSION, CanPacketError, decodeCanPacket, encodeCanPacket,
  type CanPacket, type CanPacketDecodeOptions,
} from './can-packet.js';
export {
  CanBusJoinError, CanBusOverflowError, joinCanBus,
  type CanBus, type CanBusOptions, type CanFrameInfo,
} from './can-bus.js';
export {
  createTrace, previewData, traceServer, traceSocket, traceUdp,
  type Trace, type TraceEvent, type TraceEventKind, type TraceOptions,
  type TraceServerOptions, type TraceSocketOptions, type TraceUdpOptions,
} from './trace.js';
export type { RawFileOptions } from './file-transfer-raw.js';
export {
  CertificateOptionsError,
  createSelfSignedCertificate,
  type SelfSignedCertificate,
  type SelfSignedOptions,
} from './self-signed-certificate.js';
export {
  ChatProtocolError,
  MAX_CHAT_BODY_BYTES,
  MAX_CHAT_FILE_BYTES,
  decodeChatBody,
  encodeChatBody,
  encodeChatFrame,
  sha256Hex,
  type ChatFrame,
  type ChatHeader,
} from './file-chat-protocol.js';
export {
  JoinRefusedError,
  joinFileChat,
  readChatFrame,
  startFileChatServer,
  type FileChatClient,
  type FileChatServerOptions,
  type FileChatState,
} from './file-chat.js';
export { errorCode } from './error-code.js';
export { listenOn, type ListenOnOptions } from './listen-on.js';
export { preferPort, type PreferPortOptions } from './prefer-port.js';
