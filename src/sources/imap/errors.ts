import { CheckpointError } from '../../domain/errors.ts';
import { NetError } from '../../lib/net/errors.ts';
import type { CertificateSummary } from './fingerprint.ts';

/** What went wrong talking to a mailbox, so that callers can tell the user what to fix. */
export type ImapErrorCode =
  | 'imap_auth'
  | 'imap_tls'
  | 'imap_connect'
  | 'imap_folder'
  | 'imap_blocked'
  | 'imap_protocol'
  /** Newsletters were stored, but the server refused to move some (they stay pending). */
  | 'imap_move';

/** A mailbox problem; messages start with `imap:` and name the host (never the password). */
export class ImapError extends CheckpointError {
  declare readonly code: ImapErrorCode;
  /** The server's certificate when it was refused, so that the user can choose to trust it. */
  readonly certificate: CertificateSummary | null;
  constructor(
    code: ImapErrorCode,
    message: string,
    options?: { cause?: unknown; certificate?: CertificateSummary },
  ) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.certificate = options?.certificate ?? null;
  }
}

/** Where a connection was going, for messages. */
export interface ImapTarget {
  host: string;
  port: number;
  user: string;
  tls: 'none' | 'starttls' | 'tls';
}

interface LibraryError {
  message?: string;
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  responseText?: string;
  mailboxMissing?: boolean;
  _err?: { code?: string; message?: string };
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'EPROTO',
  'ECONNRESET_TLS',
]);

function tlsHint(target: ImapTarget, detail = '', code = ''): string {
  // OpenSSL's "wrong version number": the first bytes back were not TLS but a plain greeting.
  if (
    target.tls === 'tls' &&
    (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number/i.test(detail))
  )
    return ' (the server speaks plain text on this port: use --tls starttls or --tls none)';
  if (target.tls === 'tls' && target.port === 143)
    return ' (port 143 usually speaks plain IMAP: try --tls starttls, or port 993)';
  if (target.tls !== 'tls' && target.port === 993)
    return ' (port 993 usually speaks TLS from the start: try --tls tls)';
  return '';
}

/** `80FC…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:…c:350:` → its reason. */
function opensslReason(detail: string): string {
  const reason = /:SSL routines:[^:]*:([^:]+):/.exec(detail)?.[1];
  return reason ? `OpenSSL: ${reason}` : detail.trim();
}

/**
 * Turns whatever the IMAP library or the network threw into an `ImapError` with a message a
 * person can act on: wrong credentials, certificate problems, refused connections, timeouts.
 *
 * @example toImapError(err, { host: 'imap.example.org', port: 993, user: 'me', tls: 'tls' })
 */
export function toImapError(error: unknown, target: ImapTarget): ImapError {
  if (error instanceof ImapError) return error;
  const where = `${target.host}:${target.port}`;
  if (error instanceof NetError) {
    const code = error.code === 'blocked' ? 'imap_blocked' : 'imap_connect';
    return new ImapError(code, error.message.replace(/^fetch:/, 'imap:'), { cause: error });
  }
  const e = (error ?? {}) as LibraryError;
  const code = e.code ?? e._err?.code ?? '';
  const detail = opensslReason(e.responseText || e._err?.message || e.message || String(error));
  if (e.authenticationFailed) {
    return new ImapError(
      'imap_auth',
      `imap: wrong user name or password for ${target.user} at ${target.host} (the server said: ${detail}); Gmail, Fastmail and iCloud need an app password`,
      { cause: error },
    );
  }
  if (e.tlsFailed || TLS_CODES.has(code) || /certificate|ssl|tls/i.test(detail)) {
    return new ImapError(
      'imap_tls',
      `imap: TLS problem with ${where}: ${detail}${tlsHint(target, detail, code)}`,
      {
        cause: error,
      },
    );
  }
  if (code === 'ECONNREFUSED')
    return new ImapError('imap_connect', `imap: ${where} refused the connection`, { cause: error });
  if (/TIMEOUT/i.test(code))
    return new ImapError(
      'imap_connect',
      `imap: ${where} did not answer in time${tlsHint(target)}`,
      {
        cause: error,
      },
    );
  if (
    code === 'NoConnection' ||
    code === 'EConnectionClosed' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE'
  )
    return new ImapError('imap_connect', `imap: the connection to ${where} was lost (${detail})`, {
      cause: error,
    });
  return new ImapError('imap_protocol', `imap: ${where}: ${detail}${code ? ` (${code})` : ''}`, {
    cause: error,
  });
}
