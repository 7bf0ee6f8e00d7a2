/**
 * The feed kind: RSS, Atom, RDF and JSON Feed over conditional GET. A bridge feed (an account
 * of a closed platform through RSSHub or RSS-Bridge, or a native profile feed) is a feed whose
 * config names its platform.
 */
import { z } from 'zod';
import {
  brokenConfigError,
  describeKind,
  type PullContext,
  type PullOutcome,
  type PullSource,
  polled,
  type SourceKindSpec,
} from '../kind.ts';
import { feedToDrafts } from './adapter.ts';
import { type FeedState, fetchFeed } from './fetch.ts';

/** `{}` for a plain feed; `{platform, account}` for an account followed through a bridge. */
export const feedConfigSchema = z.object({
  platform: z.string().optional(),
  account: z.string().optional(),
});
export type FeedConfig = z.infer<typeof feedConfigSchema>;

/** Validators of the last answer, for the next conditional GET. */
export const feedStateSchema = z.looseObject({
  etag: z.string().optional(),
  lastModified: z.string().optional(),
});

type Source = PullSource<FeedConfig, FeedState>;

/** One conditional GET, its answer turned into an outcome (a feed pull never yields batches). */
export async function pullFeedOnce(
  source: Source,
  context: PullContext,
): Promise<PullOutcome<FeedState>> {
  const result = await fetchFeed(context.fetcher, source.url ?? '', source.state, context.now());
  switch (result.status) {
    case 'ok': {
      const patch: { url?: string; site_url?: string | null } = {};
      // RFC 9110 §15.4.2: a 301/308 means "use the new URL from now on".
      if (result.permanentUrl && result.permanentUrl !== source.url)
        patch.url = result.permanentUrl;
      if (result.feed.siteUrl && result.feed.siteUrl !== source.siteUrl)
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
}

/** The feed kind's spec. */
export const feedKind: SourceKindSpec<FeedConfig, FeedState> = {
  name: 'feed',
  config: feedConfigSchema,
  state: feedStateSchema,
  emptyState: {},
  brokenConfig: (id) => brokenConfigError('feed', id),
  pull: polled(pullFeedOnce),
  wouldPush: 'never',
  describe: describeKind('feed', 'Feed', 'rss', { addable: true }),
  sharing: 'shared',
  apiConfig: feedConfigSchema,
};
