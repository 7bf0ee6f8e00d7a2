import type { Attachment } from '../../domain/types.ts';

/** The syndication formats we read. */
export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

/**
 * One entry as the feed carries it, normalised: decoded text, parsed dates, absolute item
 * URLs. `contentHtml` is still untrusted (not sanitised); `baseUrl` is what its relative
 * URLs resolve against.
 */
export interface ParsedEntry {
  /** The feed's own id (RSS guid, Atom id, JSON Feed id), or null. */
  guid: string | null;
  /** Absolute http(s) link to the item, or null. */
  url: string | null;
  /** Plain text (HTML in titles is stripped). */
  title: string | null;
  author: string | null;
  publishedAt: Date | null;
  updatedAt: Date | null;
  /** Untrusted HTML body (content:encoded, Atom content, description …). */
  contentHtml: string | null;
  /** Untrusted HTML or text of a separate summary element (Atom summary, description beside content:encoded). */
  summaryHtml: string | null;
  baseUrl: string | null;
  attachments: Attachment[];
  imageUrl: string | null;
  categories: string[];
  /** Playing time of the episode in seconds (`itunes:duration`, JSON Feed attachment duration). */
  durationSeconds?: number | null;
}

/** A whole feed document. */
export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  /** The site the feed belongs to (channel link, Atom alternate link, JSON home_page_url). */
  siteUrl: string | null;
  /** The feed's self link, when it declares one. */
  feedUrl: string | null;
  items: ParsedEntry[];
}

/** What the parser knows about where the bytes came from. */
export interface ParseOptions {
  /** HTTP Content-Type header (its charset wins over BOM and XML declaration). */
  contentType?: string | null;
  /** The URL the document was fetched from: base for relative URLs. */
  url?: string | null;
}
