import { sanitizeHtml } from '../../lib/html/sanitize.ts';
import { summarize } from '../../pipeline/summary.ts';
import type { FeedFormat, ParsedFeed } from '../../sources/feed/types.ts';

/** `checkpoint feed parse --json` output (DESIGN.md "Interfaces"). */
export interface FeedPreview {
  format: FeedFormat;
  title: string | null;
  siteUrl: string | null;
  items: {
    guid: string | null;
    url: string | null;
    title: string | null;
    author: string | null;
    publishedAt: string | null;
    contentHtml: string | null;
    summary: string | null;
  }[];
}

/**
 * A parsed feed as the CLI shows it: sanitised HTML, plain-text summary, ISO dates, nulls for
 * absent values.
 */
export function previewFeed(feed: ParsedFeed): FeedPreview {
  return {
    format: feed.format,
    title: feed.title,
    siteUrl: feed.siteUrl,
    items: feed.items.map((entry) => {
      const raw = entry.contentHtml ?? entry.summaryHtml;
      const contentHtml = raw ? sanitizeHtml(raw, entry.baseUrl ?? entry.url) || null : null;
      const summarySource = entry.summaryHtml
        ? sanitizeHtml(entry.summaryHtml, entry.baseUrl)
        : null;
      return {
        guid: entry.guid,
        url: entry.url,
        title: entry.title,
        author: entry.author,
        publishedAt: (entry.publishedAt ?? entry.updatedAt)?.toISOString() ?? null,
        contentHtml,
        summary: summarize(summarySource, contentHtml),
      };
    }),
  };
}
