import { createHash } from 'node:crypto';
import type { ParsedEntry } from './types.ts';

/**
 * A stable id for an entry within its feed: the feed's own id (guid, Atom id, JSON Feed id),
 * else its URL, else a SHA-256 of title, date and content — so the same entry fetched twice
 * yields the same id.
 *
 * @example entryExternalId({ ...entry, guid: 'tag:example.com,2024:1' }) // 'tag:example.com,2024:1'
 */
export function entryExternalId(e: ParsedEntry): string {
  const guid = e.guid?.trim();
  if (guid) return guid;
  if (e.url) return e.url;
  const hash = createHash('sha256')
    .update(e.title ?? '')
    .update('\u0000')
    .update(e.publishedAt ? e.publishedAt.toISOString() : '')
    .update('\u0000')
    .update(e.contentHtml ?? '')
    .digest('hex');
  return `sha256:${hash}`;
}
