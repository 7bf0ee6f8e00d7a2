/**
 * The one error type of the network helpers. It knows nothing of the app: callers that speak
 * in their own errors translate it where they catch it (same code, same message).
 */

/** Refused before connecting: not a valid http(s) URL, or an address the SSRF guard blocks. */
type Refusal = 'bad_url' | 'blocked';
/** Failed on the way: name resolution, time, size, redirects, the connection or TLS. */
type Failure = 'dns' | 'timeout' | 'too_large' | 'too_many_redirects' | 'network' | 'tls';

/** Why an outbound request or connection failed, so callers can decide (back off, disable, report). */
export type NetErrorCode = Refusal | Failure;

/**
 * An outbound request that failed before an HTTP status was obtained, or that the SSRF guard
 * refused. The message is one line, starts with `fetch: ` and names the URL or host.
 *
 * @example throw new NetError('blocked', 'fetch: 10.0.0.1 is a private address (blocked)', 'http://10.0.0.1/')
 */
export class NetError extends Error {
  readonly code: NetErrorCode;
  /** The URL (or, from a connection, the host) the failure is about. */
  readonly url: string;
  constructor(code: NetErrorCode, message: string, url: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NetError';
    this.code = code;
    this.url = url;
  }
}
