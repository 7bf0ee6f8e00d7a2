/**
 * XRPC over the safe fetcher (SSRF guard, limits, timeouts): queries with a session's access
 * token, and the app-password session calls (com.atproto.server.createSession /
 * refreshSession). Rate-limit headers (`ratelimit-remaining`, `ratelimit-reset` in epoch
 * seconds) are read on every answer.
 */
import type { SafeFetcher } from '../../lib/net/safe-fetch.ts';
import { BlueskyError } from './parse.ts';
import type { BskySession } from './types.ts';

export interface XrpcAnswer {
  status: number;
  json: unknown;
  /** The XRPC error name (`ExpiredToken`, `RateLimitExceeded` …) of a failed call. */
  error: string | null;
  remaining: number | null;
  /** Epoch ms when the rate limit resets (ratelimit-reset or Retry-After). */
  resetAt: number | null;
}

function decode(body: Uint8Array): unknown {
  const text = new TextDecoder().decode(body);
  try {
    return text.trim() ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function answer(status: number, headers: Headers, body: Uint8Array, now: number): XrpcAnswer {
  const json = decode(body);
  const remaining = headers.get('ratelimit-remaining');
  const reset = headers.get('ratelimit-reset');
  const retry = headers.get('retry-after');
  let resetAt: number | null = null;
  if (reset && /^\d+$/.test(reset)) resetAt = Number(reset) * 1000;
  else if (retry && /^\d+$/.test(retry)) resetAt = now + Number(retry) * 1000;
  const error =
    status >= 400 && json && typeof json === 'object' ? (json as { error?: unknown }).error : null;
  return {
    status,
    json,
    error: typeof error === 'string' ? error : null,
    remaining: remaining && /^\d+$/.test(remaining) ? Number(remaining) : null,
    resetAt,
  };
}

/**
 * A GET query (`/xrpc/<nsid>?…`) with an access token.
 *
 * @example await xrpcQuery(fetcher, pds, 'app.bsky.feed.getTimeline', { limit: '50' }, jwt, Date.now())
 */
export async function xrpcQuery(
  fetcher: SafeFetcher,
  base: string,
  nsid: string,
  params: Record<string, string>,
  accessJwt: string,
  now: number,
): Promise<XrpcAnswer> {
  const url = new URL(`/xrpc/${nsid}`, base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const res = await fetcher.fetch(url.toString(), {
    headers: { authorization: `Bearer ${accessJwt}`, accept: 'application/json' },
  });
  return answer(res.status, res.headers, res.body, now);
}

async function procedure(
  fetcher: SafeFetcher,
  base: string,
  nsid: string,
  body: Record<string, string> | null,
  bearer: string | null,
  now: number,
): Promise<XrpcAnswer> {
  const res = await fetcher.fetch(new URL(`/xrpc/${nsid}`, base).toString(), {
    method: 'POST',
    headers: {
      accept: 'application/json',
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return answer(res.status, res.headers, res.body, now);
}

/** The PDS endpoint of a DID document (#atproto_pds), or null. */
function pdsOf(didDoc: unknown): string | null {
  const services = (didDoc as { service?: unknown } | null)?.service;
  if (!Array.isArray(services)) return null;
  for (const s of services as { id?: string; serviceEndpoint?: unknown }[]) {
    if (s.id?.endsWith('#atproto_pds') && typeof s.serviceEndpoint === 'string') {
      try {
        return new URL(s.serviceEndpoint).origin;
      } catch {
        return null;
      }
    }
  }
  return null;
}

function sessionFrom(res: XrpcAnswer, what: string): BskySession {
  const s = (res.json ?? {}) as Record<string, unknown>;
  if (
    res.status !== 200 ||
    typeof s.accessJwt !== 'string' ||
    typeof s.refreshJwt !== 'string' ||
    typeof s.did !== 'string'
  ) {
    const why = res.error
      ? `${res.error}${typeof s.message === 'string' ? `: ${s.message}` : ''}`
      : `HTTP ${res.status}`;
    throw new BlueskyError(`bluesky: ${what} failed (${why})`);
  }
  return {
    did: s.did,
    handle: typeof s.handle === 'string' ? s.handle : s.did,
    accessJwt: s.accessJwt,
    refreshJwt: s.refreshJwt,
    pds: pdsOf(s.didDoc),
  };
}

/** Logs in with a handle (or e-mail) and an app password. */
export async function createSession(
  fetcher: SafeFetcher,
  service: string,
  identifier: string,
  password: string,
  now: number,
): Promise<BskySession> {
  const res = await procedure(
    fetcher,
    service,
    'com.atproto.server.createSession',
    { identifier, password },
    null,
    now,
  );
  return sessionFrom(res, `logging in as ${identifier}`);
}

/** Trades the refresh token for a new session. */
export async function refreshSession(
  fetcher: SafeFetcher,
  base: string,
  refreshJwt: string,
  now: number,
): Promise<BskySession> {
  const res = await procedure(
    fetcher,
    base,
    'com.atproto.server.refreshSession',
    null,
    refreshJwt,
    now,
  );
  return sessionFrom(res, 'refreshing the session');
}
