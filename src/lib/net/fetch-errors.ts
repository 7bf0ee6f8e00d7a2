/**
 * Turns whatever undici, net, tls, dns or zlib threw into one `NetError` with a stable code
 * and a one-line message that starts with `fetch: ` and names the URL.
 */
import { NetError, type NetErrorCode } from './errors.ts';

/** What the translation needs to know about the request that failed. */
export interface FailureContext {
  /** The URL being fetched when it failed (credentials already removed). */
  readonly url: string;
  /** The URL that redirected to `url`, if any. */
  readonly via: string | null;
  /** Whether the overall deadline had passed. */
  readonly timedOut: boolean;
  readonly timeoutMs: number;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const TIMEOUT_CODES: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: 'connecting',
  ETIMEDOUT: 'connecting',
  UND_ERR_HEADERS_TIMEOUT: 'waiting for the response headers',
  UND_ERR_BODY_TIMEOUT: 'waiting for the body',
};
const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'HOSTNAME_MISMATCH',
]);

interface CodedError {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  reason?: unknown;
}

/** The innermost error carrying a string `code` (through `cause` and AggregateError). */
function codedError(err: unknown, depth = 0): { code: string; message: string } | null {
  if (!err || typeof err !== 'object' || depth > 4) return null;
  const e = err as CodedError;
  const inner =
    codedError(e.cause, depth + 1) ??
    (Array.isArray(e.errors) ? codedError(e.errors[0], depth + 1) : null);
  if (inner && (typeof e.code !== 'string' || e.code === 'UND_ERR_SOCKET')) return inner;
  // OpenSSL errors carry a short `reason` ('wrong version number') beside a long message.
  const message = typeof e.reason === 'string' ? e.reason : oneLine(e.message);
  if (typeof e.code === 'string') return { code: e.code, message };
  return inner;
}

function oneLine(message: unknown): string {
  return String(message ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

function isTls(code: string, message: string): boolean {
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    TLS_CODES.has(code) ||
    (code === 'EPROTO' && /ssl|tls/i.test(message))
  );
}

/**
 * Translates `err` into a `NetError`. A `NetError` thrown by the guard keeps its code and
 * message; a redirect hop is named (`… (redirected from URL)`).
 *
 * @example throw toNetError(err, { url, via: null, timedOut: false, timeoutMs: 20_000 })
 */
export function toNetError(err: unknown, ctx: FailureContext): NetError {
  const via = ctx.via ? ` (redirected from ${ctx.via})` : '';
  if (err instanceof NetError) {
    // The connector names only the host; give the error the URL it failed on.
    const url = URL.canParse(err.url) ? err.url : ctx.url;
    const suffix = err.code === 'too_many_redirects' ? '' : via;
    if (url === err.url && !suffix) return err;
    return new NetError(err.code, `${err.message}${suffix}`, url, { cause: err });
  }
  const make = (code: NetErrorCode, message: string) =>
    new NetError(code, `fetch: ${message}${via}`, ctx.url, { cause: err });
  if (ctx.timedOut) return make('timeout', `${ctx.url} timed out after ${ctx.timeoutMs} ms`);
  const coded = codedError(err);
  if (!coded) return make('network', `${ctx.url} failed: ${oneLine((err as Error)?.message)}`);
  const { code, message } = coded;
  const url = URL.canParse(ctx.url) ? new URL(ctx.url) : null;
  const [hostname, host] = url ? [url.hostname, url.host] : [ctx.url, ctx.url];
  if (TIMEOUT_CODES[code]) return make('timeout', `${ctx.url} timed out ${TIMEOUT_CODES[code]}`);
  if (DNS_CODES.has(code)) return make('dns', `cannot resolve ${hostname} (${code})`);
  if (isTls(code, message)) return make('tls', `TLS with ${host} failed: ${message} (${code})`);
  return make('network', `${ctx.url} failed: ${message} (${code})`);
}
