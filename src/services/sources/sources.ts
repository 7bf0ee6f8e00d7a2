import { transaction } from '../../db/connect.ts';
import { ensureCategory } from '../../db/repos/categories.ts';
import { unindexSource } from '../../db/repos/search.ts';
import {
  deleteSource,
  findSource,
  findSourceByUrl,
  insertSource,
  listSources,
  updateSource,
} from '../../db/repos/sources.ts';
import type { SourceRow } from '../../db/schema.ts';
import {
  ConflictError,
  FeedParseError,
  invalid,
  NotFoundError,
  ValidationError,
} from '../../domain/errors.ts';
import { firstCheckAt, nextCheckAt } from '../../domain/polling.ts';
import { decodeBytes } from '../../lib/charset.ts';
import { feedToDrafts } from '../../sources/feed/adapter.ts';
import {
  COMMON_FEED_PATHS,
  discoverFeedLinks,
  type FeedCandidate,
  looksLikeHtml,
} from '../../sources/feed/discover.ts';
import { FEED_ACCEPT, parseFeedBody } from '../../sources/feed/fetch.ts';
import type { ParsedFeed } from '../../sources/feed/types.ts';
import type { App } from '../app.ts';
import { ingestDrafts } from '../items/ingest.ts';

/** A source as the API and `source list --json` show it. */
export interface SourceView {
  id: number;
  kind: string;
  name: string;
  url: string | null;
  siteUrl: string | null;
  categoryId: number | null;
  enabled: boolean;
  intervalMinutes: number;
  cadence: string;
  weight: number;
  wouldPush: boolean | null;
  lastCheckedAt: string | null;
  lastSuccessAt: string | null;
  nextCheckAt: string | null;
  errorCount: number;
  lastError: string | null;
  disabledReason: string | null;
  createdAt: string;
  /** The last fetch succeeded with a warning (a move the server refused); null when none. */
  warning: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toSourceView(row: SourceRow): SourceView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    url: row.url,
    siteUrl: row.site_url,
    categoryId: row.category_id,
    enabled: row.enabled === 1,
    intervalMinutes: row.interval_minutes,
    cadence: row.cadence,
    weight: row.weight,
    wouldPush: row.would_push === null ? null : row.would_push === 1,
    lastCheckedAt: iso(row.last_checked_at),
    lastSuccessAt: iso(row.last_success_at),
    nextCheckAt: row.enabled === 1 ? iso(row.next_check_at) : null,
    errorCount: row.error_count,
    lastError: row.last_error,
    disabledReason: row.disabled_reason,
    createdAt: new Date(row.created_at).toISOString(),
    warning: row.last_warning ?? null,
  };
}

export async function listSourceViews(app: App, userId: number): Promise<SourceView[]> {
  return (await listSources(app.db.kysely, userId)).map(toSourceView);
}

export async function getSource(app: App, userId: number, id: number): Promise<SourceRow> {
  const row = await findSource(app.db.kysely, userId, id);
  if (!row) throw new NotFoundError(`source: no source ${id}`);
  return row;
}

/** Removes a source with its items (and their full-text index entries). */
export async function removeSource(app: App, userId: number, id: number): Promise<void> {
  await getSource(app, userId, id);
  await transaction(app.db, async (trx) => {
    await unindexSource(app.db, trx, id);
    if (!(await deleteSource(trx, userId, id))) throw new NotFoundError(`source: no source ${id}`);
  });
}

/** Accepts `example.org/blog` as `https://example.org/blog`; only http(s). */
export function normaliseFeedUrl(input: string): string {
  const value = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value)
    ? value
    : `https://${value.replace(/^\/\//, '')}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid(`source: "${input}" is not a URL`, 'error.source.url', { url: input });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(
      `source: only http(s) URLs can be subscribed (got ${url.protocol})`,
      'error.source.scheme',
      { scheme: url.protocol },
    );
  }
  url.hash = '';
  return url.toString();
}

/**
 * The URLs to try for what the user typed: itself when it names a scheme, otherwise https
 * first and then http (`example.org/blog`, as Miniflux and Feedbin accept it).
 *
 * @example feedUrlCandidates('example.org/blog') // ['https://example.org/blog', 'http://example.org/blog']
 */
export function feedUrlCandidates(input: string): string[] {
  const url = normaliseFeedUrl(input);
  if (/^[a-z][a-z0-9+.-]*:/i.test(input.trim())) return [url];
  return [url, `http:${url.slice('https:'.length)}`];
}

export type SubscribeResult =
  | { status: 'subscribed'; source: SourceView; created: boolean; itemsAdded: number }
  | { status: 'choose'; candidates: FeedCandidate[] };

interface Found {
  url: string;
  feed: ParsedFeed;
  state: Record<string, unknown>;
}

async function tryFeed(
  app: App,
  url: string,
): Promise<Found | { page: string; url: string } | null> {
  const response = await app.fetcher.fetch(url, { headers: { accept: FEED_ACCEPT } });
  if (response.status < 200 || response.status >= 300) {
    throw new FeedParseError(`feed: ${url} answered HTTP ${response.status}`, {
      localised: { key: 'error.feed.status', params: { url, status: response.status } },
    });
  }
  const contentType = response.headers.get('content-type');
  const feedUrl = response.permanentUrl ?? response.url;
  try {
    const feed = await parseFeedBody(response.body, { contentType, url: response.url });
    const state: Record<string, unknown> = {};
    const etag = response.headers.get('etag');
    const lastModified = response.headers.get('last-modified');
    if (etag) state.etag = etag;
    if (lastModified) state.lastModified = lastModified;
    return { url: feedUrl, feed, state };
  } catch (error) {
    if (!(error instanceof FeedParseError)) throw error;
    const { text } = decodeBytes(response.body, contentType);
    if (looksLikeHtml(text)) return { page: text, url: response.url };
    return null;
  }
}

/**
 * Subscribes a URL: a feed directly, or a web page through the feeds it declares (or common
 * feed paths). When a page offers several feeds and no `pick` (1-based) is given, returns the
 * candidates so that the caller can let the user choose. The first fetch's items are stored.
 */
export async function subscribe(
  app: App,
  userId: number,
  input: string,
  options: { pick?: number; category?: string | null; name?: string | null } = {},
): Promise<SubscribeResult> {
  const urls = feedUrlCandidates(input);
  for (const candidate of urls) {
    const existing = await findSourceByUrl(app.db.kysely, userId, 'feed', candidate);
    if (existing)
      return {
        status: 'subscribed',
        source: toSourceView(existing),
        created: false,
        itemsAdded: 0,
      };
  }
  const first = await tryFirst(app, input, urls);
  const url = first.url;
  let found = first.found;
  if (found && 'page' in found) {
    let candidates = discoverFeedLinks(found.page, found.url);
    if (candidates.length === 0) candidates = await probeCommonPaths(app, found.url);
    if (candidates.length === 0) {
      throw new FeedParseError(`feed: ${url} is a web page that offers no feed`, {
        localised: { key: 'error.feed.noFeed', params: { url } },
      });
    }
    if (candidates.length > 1 && options.pick === undefined)
      return { status: 'choose', candidates };
    const index = (options.pick ?? 1) - 1;
    const chosen = candidates[index];
    if (!chosen) {
      throw new ValidationError(`source: --pick must be between 1 and ${candidates.length}`);
    }
    const again = await findSourceByUrl(app.db.kysely, userId, 'feed', chosen.url);
    if (again)
      return { status: 'subscribed', source: toSourceView(again), created: false, itemsAdded: 0 };
    found = await tryFeed(app, chosen.url);
    if (!found || 'page' in found)
      throw new FeedParseError(`feed: ${chosen.url} is not a feed`, {
        localised: { key: 'error.feed.notFeed', params: { url: chosen.url } },
      });
  }
  if (!found)
    throw new FeedParseError(`feed: ${url} is neither a feed nor a web page`, {
      localised: { key: 'error.feed.neither', params: { url } },
    });
  return await createFeedSource(app, userId, found, options);
}

/**
 * Fetches the first of `urls` that answers; when none does, one error naming every URL tried
 * and why each failed (a scheme-less address tries https, then http).
 */
async function tryFirst(
  app: App,
  input: string,
  urls: string[],
): Promise<{ url: string; found: Awaited<ReturnType<typeof tryFeed>> }> {
  const failures: string[] = [];
  for (const url of urls) {
    try {
      return { url, found: await tryFeed(app, url) };
    } catch (error) {
      if (urls.length === 1) throw error;
      failures.push(`${url}: ${(error as Error).message}`);
    }
  }
  const tried = failures.join('; ');
  throw new FeedParseError(`feed: could not fetch ${input.trim()} (tried ${tried})`, {
    localised: { key: 'error.feed.tried', params: { input: input.trim(), tried } },
  });
}

async function probeCommonPaths(app: App, pageUrl: string): Promise<FeedCandidate[]> {
  const out: FeedCandidate[] = [];
  for (const path of COMMON_FEED_PATHS) {
    const candidate = new URL(path, pageUrl).toString();
    try {
      const result = await tryFeed(app, candidate);
      if (result && !('page' in result)) {
        out.push({ url: result.url, title: result.feed.title, type: null });
        break;
      }
    } catch {
      // A missing path is the normal case while probing.
    }
  }
  return out;
}

async function createFeedSource(
  app: App,
  userId: number,
  found: Found,
  options: { category?: string | null; name?: string | null },
): Promise<SubscribeResult> {
  const existing = await findSourceByUrl(app.db.kysely, userId, 'feed', found.url);
  if (existing)
    return { status: 'subscribed', source: toSourceView(existing), created: false, itemsAdded: 0 };
  const now = app.clock.now().getTime();
  const interval = app.config.fetch.intervalMinutes;
  const source = await transaction(app.db, async (trx) => {
    const categoryId = options.category
      ? await ensureCategory(trx, userId, options.category)
      : null;
    try {
      return await insertSource(trx, {
        user_id: userId,
        kind: 'feed',
        name: options.name?.trim() || found.feed.title || new URL(found.url).hostname,
        url: found.url,
        site_url: found.feed.siteUrl,
        category_id: categoryId,
        state: JSON.stringify(found.state),
        interval_minutes: interval,
        next_check_at: now,
        last_checked_at: now,
        last_success_at: now,
        created_at: now,
      });
    } catch (error) {
      throw new ConflictError(`source: already subscribed to ${found.url}`, { cause: error });
    }
  });
  const stored = await ingestDrafts(app, source, feedToDrafts(found.feed), {
    sourcePatch: { next_check_at: nextCheckAt(source.id, interval, now) },
  });
  const row = (await findSource(app.db.kysely, userId, source.id)) ?? source;
  return {
    status: 'subscribed',
    source: toSourceView(row),
    created: true,
    itemsAdded: stored.inserted.length,
  };
}

/** Creates a feed source without fetching it (OPML import): first check spread over the interval. */
export async function addFeedWithoutFetch(
  app: App,
  userId: number,
  input: { url: string; name: string; siteUrl: string | null; category: string | null },
): Promise<{ source: SourceRow; created: boolean }> {
  const url = normaliseFeedUrl(input.url);
  const existing = await findSourceByUrl(app.db.kysely, userId, 'feed', url);
  if (existing) return { source: existing, created: false };
  const now = app.clock.now().getTime();
  const interval = app.config.fetch.intervalMinutes;
  return await transaction(app.db, async (trx) => {
    const categoryId = input.category ? await ensureCategory(trx, userId, input.category) : null;
    const source = await insertSource(trx, {
      user_id: userId,
      kind: 'feed',
      name: input.name.trim() || new URL(url).hostname,
      url,
      site_url: input.siteUrl,
      category_id: categoryId,
      interval_minutes: interval,
      next_check_at: now,
      created_at: now,
    });
    await updateSource(trx, userId, source.id, {
      next_check_at: firstCheckAt(source.id, Math.min(interval, 15), now),
    });
    return { source, created: true };
  });
}
