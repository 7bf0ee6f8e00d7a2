import { findDueSources, findSourcesToFetch } from '../db/repos/sources.ts';
import type { SourceRow } from '../db/schema.ts';
import { hostKey, runLimited } from '../lib/limiter.ts';
import type { App } from '../services/app.ts';
import { type RefreshResult, refreshSource } from '../services/sources/refresh.ts';
import { pulledKinds } from '../sources/registry.ts';

export interface CycleOptions {
  /** Fetch every enabled source now, ignoring next_check_at (but honouring Retry-After). */
  force?: boolean;
  /** Only these sources (of the acting user, when `userId` is given). */
  sourceIds?: number[];
  userId?: number;
  /** At most this many sources per cycle (default 10,000). */
  limit?: number;
}

/**
 * One fetch cycle: the due (or, forced, all enabled) sources, fetched concurrently within the
 * global and per-host limits. Every source's result is returned; none throws.
 */
export async function runFetchCycle(
  app: App,
  options: CycleOptions = {},
): Promise<RefreshResult[]> {
  const now = app.clock.now().getTime();
  const kinds = pulledKinds();
  let sources: SourceRow[];
  if (options.force || options.sourceIds) {
    sources = await findSourcesToFetch(app.db.kysely, {
      kinds,
      sourceIds: options.sourceIds,
      userId: options.userId,
    });
  } else {
    sources = await findDueSources(app.db.kysely, kinds, now, options.limit ?? 10_000);
    if (options.userId !== undefined) sources = sources.filter((s) => s.user_id === options.userId);
  }
  return await runLimited(
    sources,
    {
      concurrency: app.config.fetch.concurrency,
      perKey: app.config.fetch.perHost,
      key: (source) => hostKey(source.url),
    },
    async (source): Promise<RefreshResult> => {
      if (source.retry_after !== null && source.retry_after > now) {
        return {
          sourceId: source.id,
          name: source.name,
          status: 'held_back',
          inserted: [],
          updated: 0,
          error: `held back until ${new Date(source.retry_after).toISOString()} (the server asked to retry later)`,
        };
      }
      return await refreshSource(app, source);
    },
  );
}
