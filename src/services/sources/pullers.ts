import type { SourceRow } from '../../db/schema.ts';
import type { ItemDraft } from '../../domain/types.ts';
import { feedToDrafts } from '../../sources/feed/adapter.ts';
import { type FeedState, fetchFeed } from '../../sources/feed/fetch.ts';
import type { App } from '../app.ts';
import { pullImap } from '../mail/imap-pull.ts';
import { pullBluesky } from '../social/bluesky-pull.ts';
import { pullMastodon } from '../social/mastodon-pull.ts';

/** What pulling a source once brought. Network failures are thrown, HTTP outcomes returned. */
export type PullOutcome =
  | {
      status: 'items';
      drafts: ItemDraft[];
      /** Ids a puller already stored itself, batch by batch (IMAP), to report with the rest. */
      stored?: number[];
      /** New fetch state, committed together with the items. */
      state: Record<string, unknown>;
      /** Other changes to the source row (a permanent redirect's new URL, a better title). */
      patch?: { url?: string; name?: string; site_url?: string | null };
    }
  | { status: 'not_modified'; state: Record<string, unknown>; patch?: { url?: string } }
  | { status: 'gone'; reason: string }
  | { status: 'retry_later'; retryAt: number | null; reason: string }
  | { status: 'error'; reason: string };

/** Pulls one source of a kind that Checkpoint fetches itself. */
export type Puller = (
  app: App,
  source: SourceRow,
  state: Record<string, unknown>,
) => Promise<PullOutcome>;

const pullFeed: Puller = async (app, source, state) => {
  const now = app.clock.now().getTime();
  const result = await fetchFeed(app.fetcher, source.url ?? '', state as FeedState, now);
  switch (result.status) {
    case 'ok': {
      const patch: { url?: string; site_url?: string | null } = {};
      // RFC 9110 §15.4.2: a 301/308 means "use the new URL from now on".
      if (result.permanentUrl && result.permanentUrl !== source.url)
        patch.url = result.permanentUrl;
      if (result.feed.siteUrl && result.feed.siteUrl !== source.site_url)
        patch.site_url = result.feed.siteUrl;
      return {
        status: 'items',
        drafts: feedToDrafts(result.feed),
        state: { ...result.state },
        patch,
      };
    }
    case 'not_modified':
      return {
        status: 'not_modified',
        state: { ...result.state },
        ...(result.permanentUrl && result.permanentUrl !== source.url
          ? { patch: { url: result.permanentUrl } }
          : {}),
      };
    case 'gone':
      return { status: 'gone', reason: `the server answered HTTP ${result.httpStatus} Gone` };
    case 'retry_later':
      return {
        status: 'retry_later',
        retryAt: result.retryAt,
        reason: `HTTP ${result.httpStatus}${result.retryAt ? `, retry after ${new Date(result.retryAt).toISOString()}` : ''}`,
      };
    case 'http_error':
      return { status: 'error', reason: result.message };
  }
};

/** The pull function of each kind Checkpoint fetches; push kinds (intake) have none. */
export const PULLERS: Partial<Record<string, Puller>> = {
  feed: pullFeed,
  imap: pullImap,
  mastodon: pullMastodon,
  bluesky: pullBluesky,
};

/** Registers the puller of another source kind (IMAP, Mastodon, Bluesky …). */
export function registerPuller(kind: string, puller: Puller): void {
  PULLERS[kind] = puller;
}

export function pulledKinds(): string[] {
  return Object.keys(PULLERS);
}
