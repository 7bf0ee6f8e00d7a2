/**
 * Certificate fingerprints for "trust this certificate": a source may pin its server's leaf
 * certificate by SHA-256 (as Thunderbird's exceptions do) instead of trusting a CA.
 */
import type { X509Certificate } from 'node:crypto';
import { invalid } from '../../domain/errors.ts';

/** What an error shows of a certificate, so that the user can decide to trust it. */
export interface CertificateSummary {
  /** `SHA256:AB:CD:…` (64 hex digits, upper case, colon-separated). */
  fingerprint: string;
  subject: string;
  issuer: string;
  /** ISO 8601. */
  validFrom: string;
  validTo: string;
  selfSigned: boolean;
}

/**
 * Normalises a SHA-256 fingerprint as people paste it: `SHA256:AB:CD:…`, `sha256 Fingerprint=ab:cd…`
 * (openssl's output), `ab cd …` or 64 plain hex digits. Anything else is a `ValidationError`.
 *
 * @example normaliseFingerprint('ab:cd:…') // 'SHA256:AB:CD:…'
 */
export function normaliseFingerprint(input: string): string {
  const text = input
    .trim()
    .replace(/^sha-?256(\s+fingerprint)?\s*[:=]?\s*/i, '')
    .replace(/[\s:]/g, '');
  if (!/^[0-9a-f]{64}$/i.test(text))
    throw invalid(
      `imap: "${input.slice(0, 120)}" is not a SHA-256 fingerprint (64 hex digits, like SHA256:AB:CD:… from \`openssl x509 -noout -fingerprint -sha256\`)`,
      'error.imap.fingerprint',
    );
  return `SHA256:${text.toUpperCase().match(/../g)?.join(':')}`;
}

/** The `SHA256:…` fingerprint of a certificate (node's `fingerprint256` is `AB:CD:…`). */
export function certificateFingerprint(cert: X509Certificate): string {
  return `SHA256:${cert.fingerprint256.toUpperCase()}`;
}

/** `CN=localhost\nO=Example` → `CN=localhost, O=Example`. */
const oneLine = (name: string) => name.split('\n').filter(Boolean).join(', ');

/**
 * What a message shows of a certificate.
 *
 * @example summariseCertificate(socket.getPeerX509Certificate()!)
 */
export function summariseCertificate(cert: X509Certificate): CertificateSummary {
  return {
    fingerprint: certificateFingerprint(cert),
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    selfSigned: cert.subject === cert.issuer,
  };
}

/** `subject …, issued by …, valid … to …` for messages. */
export function describeCertificate(cert: CertificateSummary): string {
  const issuer = cert.selfSigned ? 'self-signed' : `issued by ${cert.issuer}`;
  return `${cert.subject} (${issuer}, valid ${cert.validFrom.slice(0, 10)} to ${cert.validTo.slice(0, 10)}), fingerprint ${cert.fingerprint}`;
}
