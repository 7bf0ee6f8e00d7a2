/**
 * The requests one fetch makes: the first, from the caller's URL and options, and one per
 * redirect, rewritten as RFC 9110 §15.4 and the Fetch standard say.
 */
import { ACCEPT_ENCODING } from './body.ts';
import { checkOutboundUrl } from './outbound-url.ts';
import type { Network } from './ssrf.ts';

/** One request on the way to the final response. */
export interface Hop {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array | undefined;
}

/** The statuses that are followed (when they carry a Location). */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
// Hop-by-hop or computed by the client; a caller's value would be wrong or dangerous.
const DROPPED_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'content-length',
  'accept-encoding',
]);
// Fetch standard: credentials are not forwarded to another origin.
const CROSS_ORIGIN_DROPPED = ['authorization', 'cookie', 'proxy-authorization'];
const BODY_HEADERS = ['content-type', 'content-encoding', 'content-language'];

/**
 * The first request: the URL policy applied, default headers set (User-Agent, `Accept: *\/*`,
 * our Accept-Encoding), credentials from the URL as Basic auth, no body on GET and HEAD.
 *
 * @example firstHop('https://example.org/feed', { headers: { accept: 'application/rss+xml' } }, ua, allow)
 */
export function firstHop(
  rawUrl: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array },
  userAgent: string,
  allow: readonly Network[],
): Hop {
  const method = (opts.method ?? 'GET').toUpperCase();
  if (FORBIDDEN_METHODS.has(method)) throw new TypeError(`fetch: method ${method} is not allowed`);
  const { url, authorization } = checkOutboundUrl(rawUrl, allow);
  const headers: Record<string, string> = { 'user-agent': userAgent, accept: '*/*' };
  for (const [name, value] of Object.entries(opts.headers ?? {})) {
    const key = name.toLowerCase();
    if (!DROPPED_HEADERS.has(key)) headers[key] = value;
  }
  headers['accept-encoding'] = ACCEPT_ENCODING;
  if (authorization && !headers.authorization) headers.authorization = authorization;
  const body = method === 'GET' || method === 'HEAD' ? undefined : opts.body;
  return { url, method, headers, body };
}

/**
 * The request after a redirect: the target passes the URL policy again; 303 (except after
 * HEAD), and 301/302 after POST, continue as a bodiless GET; leaving the origin drops
 * credentials. Credentials inside `location` are ignored.
 */
export function redirectedHop(
  hop: Hop,
  status: number,
  location: string,
  allow: readonly Network[],
): Hop {
  const { url } = checkOutboundUrl(location, allow, hop.url.href);
  let { method, headers, body } = hop;
  if ((status === 303 && method !== 'HEAD') || (status <= 302 && method === 'POST')) {
    method = 'GET';
    body = undefined;
    headers = withoutKeys(headers, BODY_HEADERS);
  }
  if (url.origin !== hop.url.origin) headers = withoutKeys(headers, CROSS_ORIGIN_DROPPED);
  return { url, method, headers, body };
}

function withoutKeys(
  headers: Readonly<Record<string, string>>,
  keys: string[],
): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => !keys.includes(key)));
}
