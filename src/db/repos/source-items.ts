import type { Executor } from '../connect.ts';

/** Unread, undismissed items per source of a user: the counts of the Sources list. */
export async function countUnreadBySource(
  db: Executor,
  userId: number,
): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('items')
    .select(['source_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .where('dismissed_at', 'is', null)
    .groupBy('source_id')
    .execute();
  return new Map(rows.map((r) => [r.source_id, Number(r.n)]));
}

/** One line of a source's item list. */
export interface SourceItemLine {
  id: number;
  title: string | null;
  url: string | null;
  published_at: number;
  read_at: number | null;
  dismissed_at: number | null;
}

/**
 * A page of one source's items, newest published first (`limit` + 1 rows tell whether an
 * older page exists). Scoped to the user, so another user's source lists nothing.
 */
export async function listSourceItems(
  db: Executor,
  userId: number,
  sourceId: number,
  page: { limit: number; offset: number },
): Promise<SourceItemLine[]> {
  return await db
    .selectFrom('items')
    .select(['id', 'title', 'url', 'published_at', 'read_at', 'dismissed_at'])
    .where('user_id', '=', userId)
    .where('source_id', '=', sourceId)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}
