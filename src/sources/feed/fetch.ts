import type { SafeFetcher, SafeResponse } from '../../lib/net/safe-fetch.ts';
import { type PreparePool, sharedPreparePool } from '../../pipeline/prepare-pool.ts';
import { parseFeed } from './parse.ts';
import type { ParsedFeed, ParseOptions } from './types.ts';

/** What a feed source remembers between fetches (conditional GET). */
export interface FeedState {
  etag?: string;
  lastModified?: string;
}

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, application/json;q=0.8, text/xml;q=0.8, */*;q=0.5';

export type FeedFetchResult =
  | {
      status: 'ok';
      feed: ParsedFeed;
      state: FeedState;
      finalUrl: string;
      permanentUrl: string | null;
    }
  | { status: 'not_modified'; state: FeedState; permanentUrl: string | null }
  | { status: 'gone'; httpStatus: number }
  | { status: 'retry_later'; httpStatus: number; retryAt: number | null }
  | { status: 'http_error'; httpStatus: number; message: string };

/**
 * Parses `Retry-After` (seconds or an HTTP date) into an absolute time, capped at one week.
 *
 * @example retryAfterAt('120', 0) // 120000
 */
export function retryAfterAt(header: string | null, now: number): number | null {
  if (!header) return null;
  const value = header.trim();
  const week = 7 * 24 * 3600_000;
  if (/^\d+$/.test(value)) return now + Math.min(Number(value) * 1000, week);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(at, now), now + week);
}

/**
 * Bodies from this size on are parsed on a worker thread. Below it a parse here stays around
 * 10 ms (bench/parse.ts: ~50 MB/s), well under the ~50 ms the event loop may stall, and not
 * worth a round trip to a thread; a 7 MB body stalled it for 1.7–4.3 s (bench/nesting.ts).
 */
export const THREAD_PARSE_MIN = 512 * 1024;

/**
 * `parseFeed`, off the event loop for a large body: on the prepare pool's worker thread, or on
 * this thread when there is no pool (one core) or the thread fails. Same result either way.
 *
 * @throws FeedParseError as `parseFeed` does.
 * @example const feed = await parseFeedBody(response.body, { contentType, url: response.url })
 */
export async function parseFeedBody(
  body: Uint8Array | string,
  options: ParseOptions,
  pool: PreparePool | null = sharedPreparePool(),
): Promise<ParsedFeed> {
  if (pool === null || body.length < THREAD_PARSE_MIN) return parseFeed(body, options);
  return await pool.parseFeed(body, options);
}

function stateFrom(response: SafeResponse, previous: FeedState): FeedState {
  const etag = response.headers.get('etag') ?? undefined;
  const lastModified = response.headers.get('last-modified') ?? undefined;
  if (response.status === 304) {
    return { etag: etag ?? previous.etag, lastModified: lastModified ?? previous.lastModified };
  }
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

/**
 * Fetches and parses one feed with a conditional GET. HTTP outcomes are returned; network
 * failures (FetchError) and unreadable documents (FeedParseError) are thrown to the caller,
 * which records them on the source row.
 */
export async function fetchFeed(
  fetcher: SafeFetcher,
  url: string,
  previous: FeedState,
  now: number,
): Promise<FeedFetchResult> {
  const headers: Record<string, string> = { accept: FEED_ACCEPT };
  if (previous.etag) headers['if-none-match'] = previous.etag;
  if (previous.lastModified) headers['if-modified-since'] = previous.lastModified;
  const response = await fetcher.fetch(url, { headers });
  const status = response.status;
  if (status === 304) {
    return {
      status: 'not_modified',
      state: stateFrom(response, previous),
      permanentUrl: response.permanentUrl,
    };
  }
  if (status === 410) return { status: 'gone', httpStatus: status };
  if (status === 429 || status === 503) {
    return {
      status: 'retry_later',
      httpStatus: status,
      retryAt: retryAfterAt(response.headers.get('retry-after'), now),
    };
  }
  if (status < 200 || status >= 300) {
    return {
      status: 'http_error',
      httpStatus: status,
      message: `feed: ${url} answered HTTP ${status}`,
    };
  }
  const feed = await parseFeedBody(response.body, {
    contentType: response.headers.get('content-type'),
    url: response.url,
  });
  return {
    status: 'ok',
    feed,
    state: stateFrom(response, previous),
    finalUrl: response.url,
    permanentUrl: response.permanentUrl,
  };
}
