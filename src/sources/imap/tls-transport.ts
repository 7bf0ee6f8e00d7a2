/**
 * The sockets of an IMAP connection, for imapflow's `transport` option: plain TCP, TLS from the
 * start, and the STARTTLS upgrade. It exists to check the server's certificate before imapflow
 * sends anything (the login) over it: against the system CAs as usual, or, when the source
 * pins a fingerprint, against that fingerprint alone. Node calls `checkServerIdentity` only
 * for certificates a CA vouched for, so a pinned self-signed certificate cannot be accepted
 * there; the check runs on 'secureConnect' instead, before imapflow hears of the connection.
 */
import { connect as netConnect } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import type { ImapTransport } from 'imapflow';
import { ImapError, type ImapTarget } from './errors.ts';
import {
  type CertificateSummary,
  describeCertificate,
  summariseCertificate,
} from './fingerprint.ts';

/** How a connection's certificate is judged. */
export interface CertificatePolicy {
  /** `SHA256:…`: accept exactly this leaf certificate, whoever issued it; null: the system CAs. */
  fingerprint: string | null;
  /** Epoch ms, for "the pinned certificate expired". */
  now(): number;
  /** Told when a pinned certificate is accepted although it expired. */
  onWarning?(warning: string): void;
}

/** Node's `authorizationError` codes in words. */
const REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'it was issued by a self-signed CA that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer is unknown',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its issuer is unknown',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it was made for another host name',
};

/**
 * Why a certificate is refused (an `ImapError` naming it and how to trust it), or null when it
 * is accepted.
 *
 * @example const problem = judgeCertificate(socket, target, policy); if (problem) socket.destroy(problem);
 */
export function judgeCertificate(
  socket: TLSSocket,
  target: ImapTarget,
  policy: CertificatePolicy,
): ImapError | null {
  const x509 = socket.getPeerX509Certificate();
  const where = `${target.host}:${target.port}`;
  if (!x509)
    return new ImapError(
      'imap_tls',
      `imap: TLS problem with ${where}: the server sent no certificate`,
    );
  const cert = summariseCertificate(x509);
  if (policy.fingerprint) {
    if (cert.fingerprint !== policy.fingerprint)
      return new ImapError(
        'imap_tls',
        `imap: TLS problem with ${where}: the certificate changed: the trusted one has fingerprint ${policy.fingerprint}, the server now sends ${describeCertificate(cert)}; if you expect this change, trust the new one with --trust-fingerprint ${cert.fingerprint}`,
        { certificate: cert },
      );
    if (Date.parse(cert.validTo) < policy.now())
      policy.onWarning?.(
        `imap: the trusted certificate of ${where} expired on ${cert.validTo.slice(0, 10)} (it is still accepted because its fingerprint is pinned; ask the server's admin for a new one)`,
      );
    return null;
  }
  if (socket.authorized) return null;
  return untrusted(where, cert, String(socket.authorizationError ?? ''));
}

function untrusted(where: string, cert: CertificateSummary, code: string): ImapError {
  const reason = REASONS[code] ?? code;
  return new ImapError(
    'imap_tls',
    `imap: TLS problem with ${where}: the certificate is not trusted (${reason}): ${describeCertificate(cert)}; if this is your server's certificate, trust it with --trust-fingerprint ${cert.fingerprint} (source add-imap or set-imap), or add its CA with NODE_EXTRA_CA_CERTS`,
    { certificate: cert },
  );
}

/** TLS over `socket` (or a new connection), calling `onSecure` only for an accepted certificate. */
function secure(
  options: Parameters<ImapTransport['connect']>[0],
  target: ImapTarget,
  policy: CertificatePolicy,
  onSecure: () => void,
  socket?: Parameters<NonNullable<ImapTransport['upgrade']>>[0],
): TLSSocket {
  const tls = tlsConnect({
    ...(options.tls ?? {}),
    host: options.host,
    port: options.port,
    ...(options.servername ? { servername: options.servername } : {}),
    ...(socket ? { socket } : {}),
    // Judged below instead, with the certificate at hand to name it.
    rejectUnauthorized: false,
  });
  tls.once('secureConnect', () => {
    const problem = judgeCertificate(tls, target, policy);
    if (problem) tls.destroy(problem);
    else onSecure();
  });
  return tls;
}

/**
 * imapflow's `transport` over node:net and node:tls with the certificate check of `policy`.
 *
 * @example new ImapFlow({ …, transport: checkedTransport(target, { fingerprint: null, now: Date.now }) })
 */
export function checkedTransport(target: ImapTarget, policy: CertificatePolicy): ImapTransport {
  return {
    connect(options, onConnect) {
      if (options.secure) return secure(options, target, policy, onConnect);
      const socket = netConnect({ host: options.host, port: options.port });
      socket.once('connect', onConnect);
      return socket;
    },
    upgrade: (socket, options, onSecure) =>
      secure({ ...options, secure: true }, target, policy, onSecure, socket),
  };
}
