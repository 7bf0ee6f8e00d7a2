/**
 * The few Mastodon REST calls Checkpoint makes, through the safe fetcher (SSRF guard,
 * limits). masto 7 takes no custom fetch, so the endpoints are called directly:
 * POST /api/v1/apps, GET /oauth/authorize, POST /oauth/token, GET verify_credentials, and the
 * paged timelines. Rate-limit headers are read on every answer.
 */
import type { SafeFetcher } from '../../lib/net/safe-fetch.ts';
import { MastodonError } from './parse.ts';
import type { MastoSelf } from './types.ts';

/** The scopes Checkpoint asks for: reading, nothing else. */
export const MASTODON_SCOPES = 'read:statuses read:notifications read:accounts';

/** The out-of-band redirect: the instance shows the code for the user to paste. */
export const OOB_REDIRECT = 'urn:ietf:wg:oauth:2.0:oob';

/** What an answer says about the rate limit. */
export interface RateInfo {
  remaining: number | null;
  /** When the limit resets (epoch ms), from X-RateLimit-Reset or Retry-After. */
  resetAt: number | null;
}

export interface MastoAnswer {
  status: number;
  json: unknown;
  rate: RateInfo;
}

function retryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return now + Number(value) * 1000;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** Reads Mastodon's X-RateLimit-* headers (reset is an ISO 8601 time) and Retry-After. */
export function rateInfo(headers: Headers, now: number): RateInfo {
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = headers.get('x-ratelimit-reset');
  const resetMs = reset ? Date.parse(reset) : Number.NaN;
  return {
    remaining: remaining !== null && /^\d+$/.test(remaining.trim()) ? Number(remaining) : null,
    resetAt: Number.isNaN(resetMs) ? retryAfter(headers.get('retry-after'), now) : resetMs,
  };
}

function decode(body: Uint8Array, what: string): unknown {
  const text = new TextDecoder().decode(body);
  try {
    return text.trim() === '' ? null : JSON.parse(text);
  } catch (error) {
    throw new MastodonError(`mastodon: ${what} answered something that is not JSON`, [], {
      cause: error,
    });
  }
}

/**
 * A GET on the instance API with the user's token.
 *
 * @example await mastoGet(fetcher, 'https://mastodon.social', token, '/api/v1/timelines/home', { limit: '40' }, Date.now())
 */
export async function mastoGet(
  fetcher: SafeFetcher,
  instance: string,
  token: string,
  path: string,
  params: Record<string, string>,
  now: number,
): Promise<MastoAnswer> {
  const url = new URL(path, instance);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  const res = await fetcher.fetch(url.toString(), {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  const json = res.status >= 200 && res.status < 300 ? decode(res.body, path) : null;
  return { status: res.status, json, rate: rateInfo(res.headers, now) };
}

async function postJson(
  fetcher: SafeFetcher,
  url: string,
  body: Record<string, string>,
  what: string,
): Promise<Record<string, unknown>> {
  const res = await fetcher.fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(body).toString(),
  });
  if (res.status < 200 || res.status >= 300) {
    const detail = new TextDecoder().decode(res.body).slice(0, 200);
    throw new MastodonError(
      `mastodon: ${what} failed with HTTP ${res.status}${detail ? `: ${detail}` : ''}`,
    );
  }
  const json = decode(res.body, what);
  if (!json || typeof json !== 'object')
    throw new MastodonError(`mastodon: ${what} answered no object`);
  return json as Record<string, unknown>;
}

/** Registers Checkpoint as an application on the instance (POST /api/v1/apps). */
export async function registerApp(
  fetcher: SafeFetcher,
  instance: string,
  redirectUri: string,
  website: string,
): Promise<{ clientId: string; clientSecret: string }> {
  const json = await postJson(
    fetcher,
    new URL('/api/v1/apps', instance).toString(),
    { client_name: 'Checkpoint', redirect_uris: redirectUri, scopes: MASTODON_SCOPES, website },
    'registering the app',
  );
  if (typeof json.client_id !== 'string' || typeof json.client_secret !== 'string') {
    throw new MastodonError('mastodon: the app registration answered no client_id/client_secret');
  }
  return { clientId: json.client_id, clientSecret: json.client_secret };
}

/**
 * The page the user opens to let Checkpoint read their account.
 *
 * @example authorizeUrl('https://mastodon.social', 'abc', OOB_REDIRECT, 's1')
 */
export function authorizeUrl(
  instance: string,
  clientId: string,
  redirectUri: string,
  state: string,
): string {
  const url = new URL('/oauth/authorize', instance);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', MASTODON_SCOPES);
  url.searchParams.set('state', state);
  return url.toString();
}

/** Trades the authorisation code for an access token (POST /oauth/token). */
export async function exchangeCode(
  fetcher: SafeFetcher,
  instance: string,
  input: { clientId: string; clientSecret: string; redirectUri: string; code: string },
): Promise<string> {
  const json = await postJson(
    fetcher,
    new URL('/oauth/token', instance).toString(),
    {
      grant_type: 'authorization_code',
      code: input.code,
      client_id: input.clientId,
      client_secret: input.clientSecret,
      redirect_uri: input.redirectUri,
      scope: MASTODON_SCOPES,
    },
    'exchanging the authorisation code',
  );
  if (typeof json.access_token !== 'string') {
    throw new MastodonError('mastodon: the token endpoint answered no access_token');
  }
  return json.access_token;
}

/** The account a token belongs to (GET /api/v1/accounts/verify_credentials). */
export async function verifyCredentials(
  fetcher: SafeFetcher,
  instance: string,
  token: string,
  now: number,
): Promise<MastoSelf> {
  const res = await mastoGet(
    fetcher,
    instance,
    token,
    '/api/v1/accounts/verify_credentials',
    {},
    now,
  );
  if (res.status === 401 || res.status === 403) {
    throw new MastodonError('mastodon: the instance rejected the access token', [], {
      localised: { key: 'error.mastodon.token' },
    });
  }
  if (res.status !== 200) {
    throw new MastodonError(`mastodon: verify_credentials failed with HTTP ${res.status}`);
  }
  const a = (res.json ?? {}) as Record<string, unknown>;
  if (typeof a.id !== 'string' || typeof a.username !== 'string') {
    throw new MastodonError('mastodon: verify_credentials answered no account');
  }
  return {
    id: a.id,
    username: a.username,
    acct: typeof a.acct === 'string' ? a.acct : a.username,
    url: typeof a.url === 'string' ? a.url : null,
    displayName: typeof a.display_name === 'string' && a.display_name ? a.display_name : null,
  };
}
