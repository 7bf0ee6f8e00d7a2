/**
 * A TLS front on 127.0.0.1 for a plain IMAP port: it ends TLS with a certificate the test made
 * (openssl, self-signed) and passes the bytes on to the server. The certificate can be swapped
 * while it runs, as a server whose certificate was renewed or replaced. And the fingerprint of
 * a server's certificate read over the wire, computed apart from the code under test.
 *
 * @example
 * const cert = makeCertificate(dir, 'a');
 * const front = await startTlsFront(dovecot.port, cert);
 * front.use(makeCertificate(dir, 'b'));
 */
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { createServer, connect as tlsConnect } from 'node:tls';

export interface TestCertificate {
  cert: string;
  key: string;
  /** `SHA256:AB:CD:…`, from node:crypto's X509Certificate of the PEM file. */
  fingerprint: string;
}

/** A self-signed certificate for `localhost`, valid for `days` from now. */
export function makeCertificate(dir: string, name: string, days = 2): TestCertificate {
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', String(days)],
      ...['-subj', `/CN=localhost/O=Checkpoint test ${name}`],
      ...['-keyout', keyPath, '-out', certPath],
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(certPath, 'utf8');
  return {
    cert,
    key: readFileSync(keyPath, 'utf8'),
    fingerprint: `SHA256:${new X509Certificate(cert).fingerprint256}`,
  };
}

/** `SHA256:AB:…` of a DER certificate, hashed here rather than taken from node's fields. */
export function derFingerprint(der: Buffer): string {
  const hex = createHash('sha256').update(der).digest('hex').toUpperCase();
  return `SHA256:${hex.match(/../g)?.join(':')}`;
}

/** The fingerprint of the certificate a TLS port of 127.0.0.1 sends. */
export function serverFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const der = socket.getPeerCertificate().raw;
      socket.destroy();
      resolve(derFingerprint(der));
    });
    socket.once('error', reject);
  });
}

export interface TlsFront {
  readonly port: number;
  /** Sends this certificate from now on (new connections). */
  use(cert: TestCertificate): void;
  close(): Promise<void>;
}

/** Starts a TLS front for `targetPort` (plain IMAP on 127.0.0.1). */
export async function startTlsFront(targetPort: number, cert: TestCertificate): Promise<TlsFront> {
  const server = createServer({ cert: cert.cert, key: cert.key }, (client) => {
    const upstream = netConnect({ host: '127.0.0.1', port: targetPort });
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.once('error', end);
    upstream.once('error', end);
    client.once('close', end);
    upstream.once('close', end);
  });
  // A failed handshake (the client refused our certificate) is what some tests want.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('tls front: no port');
  return {
    port: address.port,
    use: (next) => server.setSecureContext({ cert: next.cert, key: next.key }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
