/**
 * Makes a self-signed X.509 certificate and its private key without the network, without `openssl` and
 * without dependencies: an ECDSA P-256 key from `node:crypto`, the certificate's fields written in DER
 * (the bytes ASN.1 prescribes) and signed with `crypto.sign`. Enough for a TLS server on loopback in a
 * notebook, on Node and on Deno; not a certificate authority.
 */
import * as crypto from 'node:crypto';
import { isIP } from 'node:net';
import { parseIPv4, parseIPv6 } from './address.js';
import { SocketbookError } from './errors.js';

/**
 * Options of {@link createSelfSignedCertificate}.
 *
 * @example
 * const options: SelfSignedOptions = { commonName: 'echo.test', altNames: ['localhost', '127.0.0.1'] };
 */
export interface SelfSignedOptions {
  /** The subject's (and issuer's) common name, CN=… @default 'localhost' */
  commonName?: string;
  /**
   * The names and IP addresses the certificate is valid for (subjectAltName): clients check the host they
   * connect to against this list, never against the common name.
   * @default ['localhost', '127.0.0.1', '::1']
   */
  altNames?: readonly string[];
  /** The first moment the certificate is valid. @default one minute ago */
  notBefore?: Date;
  /** The last moment the certificate is valid. @default one day after `notBefore` */
  notAfter?: Date;
  /** The serial number, a positive integer. @default 16 random bytes */
  serialNumber?: bigint;
}

/**
 * A certificate and the private key that goes with it, in the PEM text `tls.createServer` takes.
 *
 * @example
 * const { cert, key } = createSelfSignedCertificate();
 * tls.createServer({ cert, key });
 */
export interface SelfSignedCertificate {
  /** The certificate, `-----BEGIN CERTIFICATE-----` … */
  cert: string;
  /** The private key (PKCS#8), `-----BEGIN PRIVATE KEY-----` … Never send it anywhere. */
  key: string;
  /** The certificate's DER bytes, what travels in the TLS handshake. */
  der: Buffer;
  /** SHA-256 of the DER bytes as `AB:CD:…`, the fingerprint `getPeerCertificate()` reports. */
  fingerprint256: string;
}

/**
 * The options cannot make a certificate (no names, a date range that ends before it starts).
 *
 * @example
 * try { createSelfSignedCertificate({ altNames: [] }); }
 * catch (error) { if (error instanceof CertificateOptionsError) console.log(error.message); }
 */
export class CertificateOptionsError extends SocketbookError {
  constructor(message: string) {
    super('ERR_CERTIFICATE_OPTIONS', message);
  }
}

/**
 * Creates an ECDSA P-256 key pair and a self-signed X.509 v3 certificate for it, valid for `altNames`.
 *
 * @example
 * const { cert, key } = createSelfSignedCertificate({ altNames: ['localhost', '127.0.0.1'] });
 * const server = tls.createServer({ cert, key }, (socket) => socket.pipe(socket));
 * // a client trusts exactly this certificate with: tls.connect({ port, host: '127.0.0.1', ca: cert })
 */
export function createSelfSignedCertificate(options: SelfSignedOptions = {}): SelfSignedCertificate {
  const commonName = options.commonName ?? 'localhost';
  const altNames = options.altNames ?? ['localhost', '127.0.0.1', '::1'];
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 24 * 3600_000);
  if (altNames.length === 0) {
    throw new CertificateOptionsError('Cannot create a certificate: altNames is empty; give at least one name or IP');
  }
  if (notAfter.getTime() <= notBefore.getTime()) {
    throw new CertificateOptionsError(
      `Cannot create a certificate: notAfter ${notAfter.toISOString()} is not after notBefore ${notBefore.toISOString()}`,
    );
  }
  const serial = options.serialNumber ?? BigInt(`0x${crypto.randomBytes(16).toString('hex')}`) | 1n;
  if (serial <= 0n) throw new CertificateOptionsError(`Cannot create a certificate: serialNumber ${serial} is not positive`);

  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = distinguishedName(commonName);
  const tbsCertificate = sequence(
    explicit(0, integer(2n)), // version: v3 is written as 2
    integer(serial),
    ECDSA_WITH_SHA256,
    name, // issuer: self-signed, so the same as the subject
    sequence(time(notBefore), time(notAfter)),
    name, // subject
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(
      extension(OID_BASIC_CONSTRAINTS, sequence()), // cA defaults to false: an end certificate, not a CA
      extension(OID_EXT_KEY_USAGE, sequence(objectId(OID_SERVER_AUTH))),
      extension(OID_SUBJECT_ALT_NAME, sequence(...altNames.map(generalName))),
    )),
  );
  const signature = crypto.sign('sha256', tbsCertificate, privateKey); // ECDSA-Sig-Value, already DER
  const der = sequence(tbsCertificate, ECDSA_WITH_SHA256, bitString(signature));
  return {
    cert: pem('CERTIFICATE', der),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    der,
    fingerprint256: crypto.createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)?.join(':') ?? '',
  };
}

const OID_COMMON_NAME = '2.5.4.3';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_EXT_KEY_USAGE = '2.5.29.37';
const OID_SUBJECT_ALT_NAME = '2.5.29.17';
const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const ECDSA_WITH_SHA256 = sequence(objectId('1.2.840.10045.4.3.2'));

// DER: every value is tag, length, contents. A length under 128 is one byte; otherwise 0x80 + the number
// of length bytes, then the length big-endian.
function tlv(tag: number, contents: Buffer): Buffer {
  const length = contents.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), contents]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), contents]);
}

function sequence(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

function explicit(tagNumber: number, inner: Buffer): Buffer {
  return tlv(0xa0 | tagNumber, inner); // context-specific, constructed
}

/** A non-negative INTEGER: big-endian, with a leading 0 byte when the top bit is set (else it reads negative). */
function integer(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

/** An OBJECT IDENTIFIER: 40 * first + second, then each number in base 128, high bit set on all but its last byte. */
function objectId(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes: number[] = [];
  for (const arc of [40 * first + second, ...rest]) {
    const groups = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) groups.unshift(0x80 | (value & 0x7f));
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function bitString(bytes: Buffer): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([0]), bytes])); // 0 unused bits in the last byte
}

function distinguishedName(commonName: string): Buffer {
  const attribute = sequence(objectId(OID_COMMON_NAME), tlv(0x0c, Buffer.from(commonName, 'utf8'))); // UTF8String
  return sequence(tlv(0x31, attribute)); // a SET of one attribute
}

/** UTCTime (YYMMDDHHMMSSZ) until 2049, GeneralizedTime (YYYYMMDDHHMMSSZ) from 2050, as RFC 5280 asks. */
function time(date: Date): Buffer {
  const digits = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const year = date.getUTCFullYear();
  return year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${digits}Z`));
}

function extension(oid: string, value: Buffer): Buffer {
  return sequence(objectId(oid), tlv(0x04, value)); // extnValue: the value's DER inside an OCTET STRING
}

/** A GeneralName: an IP address as its raw bytes [7], anything else as a DNS name [2]. */
function generalName(name: string): Buffer {
  const family = isIP(name);
  if (family === 4) return tlv(0x87, Buffer.from(parseIPv4(name)));
  if (family === 6) return tlv(0x87, Buffer.from(parseIPv6(name)));
  if (!/^[A-Za-z0-9.*-]+$/.test(name)) {
    throw new CertificateOptionsError(`Cannot create a certificate: "${name}" is neither a DNS name nor an IP address`);
  }
  return tlv(0x82, Buffer.from(name, 'ascii'));
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
