/**
 * The one outbound HTTP client of Checkpoint: every feed, discovery, Mastodon, Bluesky, Web
 * Push, ntfy or unsubscribe request goes through a `SafeFetcher`. It applies the SSRF guard on
 * every connection and every redirect hop, follows redirects itself, enforces timeouts and a
 * body limit on decoded bytes, and returns every HTTP status (only failures without one throw).
 * See docs/security.md, "Outbound requests (SSRF guard)".
 */
import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { decodeBody, readAll } from './body.ts';
import { guardedConnector } from './connector.ts';
import { startDeadline } from './deadline.ts';
import { NetError } from './errors.ts';
import { toNetError } from './fetch-errors.ts';
import { firstHop, type Hop, REDIRECT_STATUSES, redirectedHop } from './hop.ts';
import { type Network, parseNetworks } from './ssrf.ts';

export interface SafeFetchOptions {
  method?: string;
  /** Request headers; hop-by-hop ones (host, connection, content-length…) are ignored. */
  headers?: Record<string, string>;
  /** Request body; ignored for GET and HEAD. */
  body?: string | Uint8Array;
  /** Overall deadline for this call: connect, redirects, headers and the whole body. */
  timeoutMs?: number;
  /** Limit on the decoded body, enforced while streaming. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Aborting rejects with the signal's reason (not a NetError). */
  signal?: AbortSignal;
}

export interface SafeResponse {
  status: number;
  /** The final URL, after redirects, without credentials. */
  url: string;
  headers: Headers;
  /** The decoded body (gzip, deflate and br undone; the headers still say how it came). */
  body: Uint8Array;
  redirects: { status: number; from: string; to: string }[];
  /** The last URL reached only through permanent (301/308) redirects from the start, else null. */
  permanentUrl: string | null;
}

export interface SafeFetcher {
  fetch(url: string, opts?: SafeFetchOptions): Promise<SafeResponse>;
  close(): Promise<void>;
}

export interface SafeFetcherConfig {
  /** CIDR blocks the guard lets through (CHECKPOINT_ALLOW_NETWORKS). */
  allowNetworks: readonly string[];
  userAgent?: string;
  /** Default 20000. */
  timeoutMs?: number;
  /** Default 15 MB (15 × 2^20 bytes). */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Connections kept per origin; default unlimited (callers limit per host). */
  perOriginConnections?: number;
}

/** Says what we are; there is no public project URL to point feed operators at. */
export const DEFAULT_USER_AGENT = 'Checkpoint/0.1 (self-hosted feed reader)';
const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_BYTES = 15 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const MAX_CONNECT_TIMEOUT_MS = 10_000;

/** A response whose body has not been read yet. */
interface OpenedResponse extends Omit<SafeResponse, 'body'> {
  /** Decoded, size-limited body; null for HEAD, 204, 205 and 304. */
  body: Readable | null;
  /** Translates an error met while reading `body` (NetError, or the caller's abort reason). */
  mapError(err: unknown): unknown;
}

/**
 * Creates a fetcher with one keep-alive connection pool (undici `Agent`) behind the guard.
 *
 * @example
 * const fetcher = createSafeFetcher({ allowNetworks: [] });
 * const res = await fetcher.fetch('https://example.org/feed.xml');
 * await fetcher.close();
 */
export function createSafeFetcher(config: SafeFetcherConfig): SafeFetcher {
  const allow = parseNetworks(config.allowNetworks);
  const settings = {
    allow,
    userAgent: config.userAgent ?? DEFAULT_USER_AGENT,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBytes: config.maxBytes ?? DEFAULT_MAX_BYTES,
    maxRedirects: config.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
  };
  const agent = new Agent({
    connect: guardedConnector(allow, {
      timeoutMs: Math.min(settings.timeoutMs, MAX_CONNECT_TIMEOUT_MS),
    }),
    ...(config.perOriginConnections ? { connections: config.perOriginConnections } : {}),
  });
  return {
    async fetch(url, opts = {}) {
      const opened = await openUrl(agent, settings, url, opts);
      const body = opened.body
        ? await readAll(opened.body).catch((err) => {
            throw opened.mapError(err);
          })
        : new Uint8Array(0);
      const { status, headers, redirects, permanentUrl } = opened;
      return { status, url: opened.url, headers, body, redirects, permanentUrl };
    },
    async close() {
      await agent.close();
    },
  };
}

interface Settings {
  allow: readonly Network[];
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

/** Opens `rawUrl`, following redirects, up to the response headers. */
async function openUrl(
  agent: Agent,
  settings: Settings,
  rawUrl: string,
  opts: SafeFetchOptions,
): Promise<OpenedResponse> {
  const timeoutMs = opts.timeoutMs ?? settings.timeoutMs;
  const maxRedirects = opts.maxRedirects ?? settings.maxRedirects;
  // Throws bad_url, blocked or TypeError (method) before anything starts.
  let hop: Hop = firstHop(rawUrl, opts, settings.userAgent, settings.allow);
  let via: string | null = null;
  const deadline = startDeadline(timeoutMs, opts.signal);
  const fail = (err: unknown): unknown => {
    if (deadline.abortedByCaller()) return deadline.callerReason();
    return toNetError(err, { url: hop.url.href, via, timedOut: deadline.timedOut(), timeoutMs });
  };
  try {
    const redirects: SafeResponse['redirects'] = [];
    let permanentUrl: string | null = null;
    for (;;) {
      const { url, method, headers, body } = hop;
      const res = await request(url, {
        dispatcher: agent,
        method,
        headers,
        body,
        signal: deadline.signal,
        // The deadline is the real limit; these only back it up.
        headersTimeout: timeoutMs + 1000,
        bodyTimeout: timeoutMs + 1000,
      });
      const status = res.statusCode;
      const location = [res.headers.location].flat()[0];
      if (!REDIRECT_STATUSES.has(status) || !location) {
        const maxBytes = opts.maxBytes ?? settings.maxBytes;
        const context = { maxBytes, deadline, fail, redirects, permanentUrl };
        return await respond(res, url.href, method, context);
      }
      await res.body.dump({ limit: 64 * 1024 }).catch(() => {});
      if (redirects.length >= maxRedirects) {
        throw tooManyRedirects(redirects, hop, location);
      }
      via = url.href;
      hop = redirectedHop(hop, status, location, settings.allow);
      const permanentSoFar = redirects.every((r) => r.status === 301 || r.status === 308);
      redirects.push({ status, from: url.href, to: hop.url.href });
      if (permanentSoFar && (status === 301 || status === 308)) permanentUrl = hop.url.href;
    }
  } catch (err) {
    deadline.clear();
    throw fail(err);
  }
}

function tooManyRedirects(
  redirects: SafeResponse['redirects'],
  hop: Hop,
  location: string,
): NetError {
  const start = redirects[0]?.from ?? hop.url.href;
  const message = `fetch: ${start} redirected more than ${redirects.length} times (last to ${location.slice(0, 200)})`;
  return new NetError('too_many_redirects', message, hop.url.href);
}

interface RespondContext {
  maxBytes: number;
  deadline: ReturnType<typeof startDeadline>;
  fail(err: unknown): unknown;
  redirects: SafeResponse['redirects'];
  permanentUrl: string | null;
}

/** Wraps the final undici response: headers now, a decoded and limited body to read later. */
async function respond(
  res: Awaited<ReturnType<typeof request>>,
  url: string,
  method: string,
  ctx: RespondContext,
): Promise<OpenedResponse> {
  const headers = toHeaders(res.headers);
  const base = {
    status: res.statusCode,
    url,
    headers,
    redirects: ctx.redirects,
    permanentUrl: ctx.permanentUrl,
    mapError: ctx.fail,
  };
  if (method === 'HEAD' || [204, 205, 304].includes(res.statusCode)) {
    await res.body.dump({ limit: 64 * 1024 }).catch(() => {});
    ctx.deadline.clear();
    return { ...base, body: null };
  }
  const tooLarge = () =>
    new NetError('too_large', `fetch: ${url} is larger than ${formatBytes(ctx.maxBytes)}`, url);
  const declared = Number(headers.get('content-length') ?? Number.NaN);
  if (declared > ctx.maxBytes) {
    res.body.destroy();
    throw tooLarge();
  }
  const body = decodeBody(res.body, headers.get('content-encoding'), ctx.maxBytes, tooLarge);
  body.once('close', ctx.deadline.clear);
  return { ...base, body };
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const one of [value ?? []].flat()) headers.append(name, one);
  }
  return headers;
}

/** `15 MB`, `512 KB` or `100 bytes`, for messages. */
function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KB`;
  return `${n} bytes`;
}
