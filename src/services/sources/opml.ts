import { listCategories } from '../../db/repos/categories.ts';
import { listSources } from '../../db/repos/sources.ts';
import type { SourceRow } from '../../db/schema.ts';
import { ValidationError } from '../../domain/errors.ts';
import { hostKey, runLimited } from '../../lib/limiter.ts';
import { parseOpml, serializeOpml } from '../../sources/feed/opml.ts';
import type { App } from '../app.ts';
import { type RefreshResult, refreshSource } from './refresh.ts';
import { addFeedWithoutFetch } from './sources.ts';

export interface OpmlImportResult {
  added: number;
  skipped: number;
  /** Lines that could not be imported, with the reason (bad URL, unreadable outline). */
  errors: { line: number; message: string }[];
  /** Results of the first fetch of each added feed (when fetching was asked for). */
  fetched: RefreshResult[];
}

export interface OpmlProgress {
  phase: 'adding' | 'fetching';
  done: number;
  total: number;
}

/**
 * Imports an OPML subscription list: folders become categories, feeds already subscribed are
 * skipped, unusable outlines are reported by line. With `fetch`, the new feeds are fetched
 * right away (within the usual concurrency limits), reporting progress as they complete.
 */
export async function importOpml(
  app: App,
  userId: number,
  input: Uint8Array | string,
  options: { fetch?: boolean; onProgress?: (progress: OpmlProgress) => void } = {},
): Promise<OpmlImportResult> {
  const doc = parseOpml(input);
  if (!doc.recognised) {
    throw new ValidationError(
      'opml: this is not an OPML subscription list (no <opml> or <outline> element); export one from your feed reader',
    );
  }
  const result: OpmlImportResult = { added: 0, skipped: 0, errors: [...doc.errors], fetched: [] };
  const added: SourceRow[] = [];
  let done = 0;
  for (const feed of doc.feeds) {
    try {
      const { source, created } = await addFeedWithoutFetch(app, userId, {
        url: feed.xmlUrl,
        name: feed.title,
        siteUrl: feed.htmlUrl,
        category: feed.category,
      });
      if (created) {
        result.added++;
        added.push(source);
      } else result.skipped++;
    } catch (error) {
      result.errors.push({
        line: feed.line,
        message: `opml: line ${feed.line}: ${(error as Error).message}`,
      });
    }
    options.onProgress?.({ phase: 'adding', done: ++done, total: doc.feeds.length });
  }
  if (options.fetch && added.length) {
    let fetched = 0;
    options.onProgress?.({ phase: 'fetching', done: 0, total: added.length });
    result.fetched = await runLimited(
      added,
      {
        concurrency: app.config.fetch.concurrency,
        perKey: app.config.fetch.perHost,
        key: (source) => hostKey(source.url),
      },
      async (source) => {
        const refreshed = await refreshSource(app, source);
        options.onProgress?.({ phase: 'fetching', done: ++fetched, total: added.length });
        return refreshed;
      },
    );
  }
  result.errors.sort((a, b) => a.line - b.line);
  return result;
}

/** The user's feed subscriptions as OPML 2.0, categories as folders. */
export async function exportOpml(app: App, userId: number): Promise<string> {
  const [sources, categories] = await Promise.all([
    listSources(app.db.kysely, userId),
    listCategories(app.db.kysely, userId),
  ]);
  const names = new Map(categories.map((c) => [c.id, c.name]));
  const feeds = sources
    .filter((s) => s.kind === 'feed' && s.url)
    .map((s) => ({
      xmlUrl: s.url!,
      title: s.name,
      htmlUrl: s.site_url,
      category: s.category_id === null ? null : (names.get(s.category_id) ?? null),
    }));
  return serializeOpml('Checkpoint subscriptions', feeds, app.clock.now());
}
