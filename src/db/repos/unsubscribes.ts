import type { Executor } from '../connect.ts';
import type { UnsubscribeRow } from '../schema.ts';

export type NewUnsubscribe = Omit<UnsubscribeRow, 'id'>;

/** Records one unsubscribe attempt (append-only: the history is what the senders page shows). */
export async function insertUnsubscribe(
  db: Executor,
  row: NewUnsubscribe,
): Promise<UnsubscribeRow> {
  return await db.insertInto('unsubscribes').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The user's attempts, newest first. */
export async function listUnsubscribes(
  db: Executor,
  userId: number,
  limit = 500,
): Promise<UnsubscribeRow[]> {
  return await db
    .selectFrom('unsubscribes')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
