import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import {
  CertificateOptionsError,
  createSelfSignedCertificate,
} from '../../src/net/self-signed-certificate.js';

/** Connects a TLS client to a TLS echo server using `server` as its certificate; resolves 'hola' or the error's code. */
async function echoOverTls(server: { cert: string; key: string }, client: tls.ConnectionOptions): Promise<string> {
  const listener = tls.createServer({ cert: server.cert, key: server.key }, (socket) => {
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  listener.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as { port: number }).port;
  try {
    return await new Promise<string>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port, ...client });
      socket.on('secureConnect', () => socket.write('hola'));
      socket.on('data', (data: Buffer) => {
        resolve(data.toString());
        socket.end();
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
  } finally {
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  }
}

describe('createSelfSignedCertificate()', () => {
  it('makes a v3 certificate that X509Certificate parses, issued by and signed with its own key', () => {
    const made = createSelfSignedCertificate({ commonName: 'eco.test', serialNumber: 0x80n });
    const x509 = new X509Certificate(made.cert);
    expect(x509.subject).toBe('CN=eco.test');
    expect(x509.issuer).toBe('CN=eco.test');
    expect(x509.serialNumber).toBe('80');
    expect(x509.checkIssued(x509)).toBe(true);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(createPrivateKey(made.key))).toBe(true);
    expect(x509.fingerprint256).toBe(made.fingerprint256);
    expect(Buffer.from(x509.raw)).toEqual(made.der);
  });

  it('lists DNS names and IPv4 and IPv6 addresses as subjectAltName', () => {
    const made = createSelfSignedCertificate({ altNames: ['localhost', '127.0.0.1', '::1', '::ffff:127.0.0.1'] });
    expect(new X509Certificate(made.cert).subjectAltName).toBe(
      'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:0:0:0:0:0:FFFF:7F00:1',
    );
  });

  it('writes the validity dates, as GeneralizedTime from 2050', () => {
    const made = createSelfSignedCertificate({
      notBefore: new Date('2020-06-01T00:00:00Z'),
      notAfter: new Date('2051-01-02T03:04:05Z'),
    });
    const x509 = new X509Certificate(made.cert);
    expect(new Date(x509.validFrom).toISOString()).toBe('2020-06-01T00:00:00.000Z');
    expect(new Date(x509.validTo).toISOString()).toBe('2051-01-02T03:04:05.000Z');
  });

  it('serves TLS to a client that trusts it, and a client that does not gets DEPTH_ZERO_SELF_SIGNED_CERT', async () => {
    const made = createSelfSignedCertificate();
    expect(await echoOverTls(made, { ca: made.cert })).toBe('hola');
    expect(await echoOverTls(made, {})).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('is refused for a name it does not list (ERR_TLS_CERT_ALTNAME_INVALID) and once expired (CERT_HAS_EXPIRED)', async () => {
    const made = createSelfSignedCertificate({ altNames: ['localhost'] });
    expect(await echoOverTls(made, { ca: made.cert })).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    const expired = createSelfSignedCertificate({
      notBefore: new Date('2020-06-01T00:00:00Z'),
      notAfter: new Date('2020-06-30T00:00:00Z'),
    });
    expect(await echoOverTls(expired, { ca: expired.cert })).toBe('CERT_HAS_EXPIRED');
  });

  it('rejects options that cannot make a certificate', () => {
    expect(() => createSelfSignedCertificate({ altNames: [] })).toThrow(CertificateOptionsError);
    expect(() => createSelfSignedCertificate({ altNames: ['not a name'] })).toThrow(/neither a DNS name nor an IP/);
    expect(() => createSelfSignedCertificate({ serialNumber: 0n })).toThrow(/not positive/);
    const at = new Date('2024-01-01T00:00:00Z');
    try {
      createSelfSignedCertificate({ notBefore: at, notAfter: at });
      expect.unreachable();
    } catch (error) {
      expect((error as CertificateOptionsError).code).toBe('ERR_CERTIFICATE_OPTIONS');
    }
  });
});
