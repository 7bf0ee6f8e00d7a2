import type { ItemDraft } from '../../domain/types.ts';
import { htmlToText } from '../../lib/html/text.ts';
import { entryExternalId } from './entry-id.ts';
import type { ParsedEntry, ParsedFeed } from './types.ts';

/**
 * Maps a parsed feed entry onto the ItemDraft every source kind fills.
 *
 * @example feedToDrafts(parseFeed(bytes, { url })).length // number of entries
 */
export function entryToDraft(entry: ParsedEntry): ItemDraft {
  const contentHtml = entry.contentHtml ?? entry.summaryHtml;
  const extra: Record<string, unknown> = {};
  if (entry.imageUrl) extra.imageUrl = entry.imageUrl;
  if (entry.categories.length) extra.categories = entry.categories;
  return {
    externalId: entryExternalId(entry),
    kind: 'article',
    url: entry.url,
    title: entry.title,
    author: entry.author,
    contentHtml,
    // A separate summary only when the feed has both; otherwise the pipeline derives it.
    summary:
      entry.contentHtml && entry.summaryHtml ? htmlToText(entry.summaryHtml).trim() || null : null,
    publishedAt: entry.publishedAt ?? entry.updatedAt,
    baseUrl: entry.baseUrl,
    attachments: entry.attachments,
    ...(entry.durationSeconds ? { durationSeconds: entry.durationSeconds } : {}),
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}

export function feedToDrafts(feed: ParsedFeed): ItemDraft[] {
  return feed.items.map(entryToDraft);
}
