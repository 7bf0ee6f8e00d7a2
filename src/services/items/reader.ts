import { z } from 'zod';
import { findItem, updateItemExtra } from '../../db/repos/items.ts';
import { parseStoredJson } from '../../db/stored-json.ts';
import { CheckpointError, NotFoundError } from '../../domain/errors.ts';
import { decodeBytes } from '../../lib/charset.ts';
import { sanitizeHtml } from '../../lib/html/sanitize.ts';
import type { App } from '../app.ts';

/** An item's `extra` JSON: an object of what was learned about it (`fullText` among others). */
const itemExtraSchema = z.record(z.string(), z.unknown());

/**
 * The full text of an item's web page, extracted with Readability and sanitised, fetched on
 * demand through the safe fetcher and kept with the item for next time.
 */
export async function fullText(app: App, userId: number, itemId: number): Promise<string> {
  const item = await findItem(app.db.kysely, userId, itemId);
  if (!item) throw new NotFoundError(`item: no item ${itemId}`);
  const extra = parseStoredJson(itemExtraSchema, item.extra, 'items.extra');
  if (typeof extra.fullText === 'string') return extra.fullText;
  if (!item.url)
    throw new CheckpointError('no_url', 'reader: this item has no web page', {
      localised: { key: 'error.reader.noUrl' },
    });
  const response = await app.fetcher.fetch(item.url, {
    headers: { accept: 'text/html,application/xhtml+xml' },
  });
  if (response.status !== 200)
    throw new CheckpointError(
      'fetch_failed',
      `reader: ${item.url} answered HTTP ${response.status}`,
      {
        localised: { key: 'error.feed.status', params: { url: item.url, status: response.status } },
      },
    );
  const { text } = decodeBytes(response.body, response.headers.get('content-type'));
  // Loaded on first use: the two weigh ~30 MB and most processes never extract a page.
  const [{ Readability }, { parseHTML }] = await Promise.all([
    import('@mozilla/readability'),
    import('linkedom'),
  ]);
  const { document } = parseHTML(text);
  const article = new Readability(document as unknown as Document, { charThreshold: 200 }).parse();
  if (!article?.content)
    throw new CheckpointError('no_article', 'reader: no article text found on the page', {
      localised: { key: 'error.reader.noArticle' },
    });
  const html = sanitizeHtml(article.content, response.url);
  await updateItemExtra(app.db.kysely, item.id, JSON.stringify({ ...extra, fullText: html }));
  return html;
}
