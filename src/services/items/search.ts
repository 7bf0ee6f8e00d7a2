import type { ItemWithSource } from '../../db/repos/items.ts';
import { searchItemRows } from '../../db/repos/search.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { App } from '../app.ts';

/**
 * Full-text search over the user's items (titles weigh more): the best-ranked of the newest
 * matches first. Every word must match; the last one also as the start of a longer word
 * ("brid" finds "bridge"). The index and its engine (FTS5 or tsvector) live in
 * src/db/repos/search.ts.
 *
 * @example await searchItems(app, user.id, 'harbour bridge')
 */
export async function searchItems(
  app: App,
  userId: number,
  q: string,
  limit = 50,
): Promise<ItemWithSource[]> {
  const query = q.trim();
  if (!query) return [];
  if (query.length > 200)
    throw new ValidationError('search: the query is longer than 200 characters');
  return await searchItemRows(app.db, userId, query, limit);
}
