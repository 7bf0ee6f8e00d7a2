import type { Executor } from '../connect.ts';

/** A bulk dismissal as stored. */
export interface DismissBatchRow {
  id: number;
  user_id: number;
  kind: string;
  item_count: number;
  created_at: number;
}

/** Ids per UPDATE: well under every driver's limit of bound parameters. */
const CHUNK = 500;

/**
 * Dismisses the given items of the user as one batch, those still held (not read, dismissed,
 * starred or seen at a checkpoint): a batch row, and the batch on every item it dismissed.
 * Returns the batch.
 *
 * @example await dismissHeldItems(trx, user.id, 'older', laterIds, now)
 */
export async function dismissHeldItems(
  db: Executor,
  userId: number,
  kind: string,
  ids: readonly number[],
  at: number,
): Promise<DismissBatchRow> {
  const batch = await db
    .insertInto('dismiss_batches')
    .values({ user_id: userId, kind, created_at: at })
    .returningAll()
    .executeTakeFirstOrThrow();
  let count = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const result = await db
      .updateTable('items')
      .set({ dismissed_at: at, dismiss_batch_id: batch.id })
      .where('user_id', '=', userId)
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .where('dismissed_at', 'is', null)
      .where('read_at', 'is', null)
      .where('starred_at', 'is', null)
      .where('seen_checkpoint_id', 'is', null)
      .executeTakeFirst();
    count += Number(result.numUpdatedRows);
  }
  await db
    .updateTable('dismiss_batches')
    .set({ item_count: count })
    .where('id', '=', batch.id)
    .execute();
  return {
    ...batch,
    id: Number(batch.id),
    created_at: Number(batch.created_at),
    item_count: count,
  };
}

/** One of the user's bulk dismissals (undefined: none such of theirs). */
export async function findDismissBatch(
  db: Executor,
  userId: number,
  id: number,
): Promise<DismissBatchRow | undefined> {
  const row = await db
    .selectFrom('dismiss_batches')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { ...row, created_at: Number(row.created_at) };
}

/**
 * Undoes a bulk dismissal: its items that are still dismissed by it (not dismissed again by
 * hand since) are held again, and the batch is gone. Returns how many came back.
 */
export async function undoDismissBatch(db: Executor, batch: DismissBatchRow): Promise<number> {
  const result = await db
    .updateTable('items')
    .set({ dismissed_at: null, dismiss_batch_id: null })
    .where('user_id', '=', batch.user_id)
    .where('dismiss_batch_id', '=', batch.id)
    .where('dismissed_at', '=', batch.created_at)
    .executeTakeFirst();
  await db.deleteFrom('dismiss_batches').where('id', '=', batch.id).execute();
  return Number(result.numUpdatedRows);
}
