/**
 * The URL policy of outbound requests, applied to the first URL and to every redirect target:
 * http and https only; ports the Fetch standard blocks stay blocked; IP-literal hosts are
 * judged by the SSRF guard up front (names are judged at connect time); credentials in the URL
 * become an `Authorization: Basic` header and are removed from the URL.
 */
import { NetError } from './errors.ts';
import { parseIp } from './ip.ts';
import { blockedLiteralMessage, judgeAddress, type Network, unbracket } from './ssrf.ts';

// Fetch standard "bad port" list (https://fetch.spec.whatwg.org/#port-blocking): ports of
// protocols an HTTP request could be smuggled into (SMTP, IRC, SIP…).
const BAD_PORTS = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
  103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
  512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
  995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
  6669, 6697, 10080,
]);

/** A URL that passed the policy. */
export interface OutboundUrl {
  /** The URL to request, without credentials or fragment. */
  readonly url: URL;
  /** `Basic …` built from credentials that were in the URL, or null. */
  readonly authorization: string | null;
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Shortens untrusted text for an error message: one line, at most 200 characters. */
function quoted(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return `"${line.length > 200 ? `${line.slice(0, 200)}…` : line}"`;
}

/**
 * Parses `raw` (relative to `base` for redirects) and applies the policy, throwing
 * `NetError` `bad_url` or `blocked`.
 *
 * @example checkOutboundUrl('https://user:pw@example.org/feed', allow).authorization // 'Basic …'
 */
export function checkOutboundUrl(
  raw: string,
  allow: readonly Network[],
  base?: string,
): OutboundUrl {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (err) {
    throw new NetError('bad_url', `fetch: ${quoted(raw)} is not a valid URL`, raw, {
      cause: err,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const shown = `${url.protocol}//${url.host}${url.pathname}`;
    throw new NetError('bad_url', `fetch: ${quoted(shown)} is not an http(s) URL`, shown);
  }
  let authorization: string | null = null;
  if (url.username || url.password) {
    const pair = `${percentDecode(url.username)}:${percentDecode(url.password)}`;
    authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  url.hash = '';
  const port = url.port === '' ? null : Number(url.port);
  if (port !== null && BAD_PORTS.has(port)) {
    throw new NetError('blocked', `fetch: ${url.href} uses port ${port} (blocked)`, url.href);
  }
  const host = unbracket(url.hostname);
  if (parseIp(host)) {
    const verdict = judgeAddress(host, allow);
    if (!verdict.allowed) {
      throw new NetError('blocked', blockedLiteralMessage(host, verdict), url.href);
    }
  }
  return { url, authorization };
}
