import type { Executor } from '../connect.ts';

/** A newsletter item with what the senders page groups it by. */
export interface NewsletterItemRow {
  id: number;
  title: string | null;
  author: string | null;
  /** JSON: the mail data (sender, List-Unsubscribe, SPF/DKIM/DMARC …). */
  extra: string;
  received_at: number;
  source_id: number;
  source_name: string;
  source_kind: string;
}

/**
 * The user's newest newsletter items that came by mail (IMAP or an own address), newest first.
 *
 * @example await listNewsletterItems(db, user.id, 5000)
 */
export async function listNewsletterItems(
  db: Executor,
  userId: number,
  limit: number,
): Promise<NewsletterItemRow[]> {
  return await db
    .selectFrom('items')
    .innerJoin('sources', 'sources.id', 'items.source_id')
    .select([
      'items.id',
      'items.title',
      'items.author',
      'items.extra',
      'items.received_at',
      'sources.id as source_id',
      'sources.name as source_name',
      'sources.kind as source_kind',
    ])
    .where('items.user_id', '=', userId)
    .where('items.kind', '=', 'newsletter')
    .where('sources.kind', 'in', ['imap', 'smtp'])
    .orderBy('items.received_at', 'desc')
    .orderBy('items.id', 'desc')
    .limit(limit)
    .execute();
}
