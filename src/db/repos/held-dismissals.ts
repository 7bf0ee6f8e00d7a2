import type { Executor } from '../connect.ts';

/**
 * Bulk dismissals of held items ("dismiss all older than …", "start fresh"). A batch is the
 * instant it was made: every item it dismissed carries that `dismissed_at`, so undoing it
 * clears exactly those; the caller picks an instant no other dismissal of the user has.
 */

/** Ids per `in (…)` list: well below SQLite's and PostgreSQL's bound-parameter limits. */
const IDS_PER_STATEMENT = 400;

/** Whether any of the user's items was dismissed at exactly `at` (so `at` cannot name a batch). */
export async function dismissInstantTaken(
  db: Executor,
  userId: number,
  at: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('items')
    .select('id')
    .where('user_id', '=', userId)
    .where('dismissed_at', '=', at)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Dismisses the user's items among `ids` that are not dismissed yet, at `at`; returns how many.
 *
 * @example const count = await dismissItemsAt(trx, user.id, ids, batchAt);
 */
export async function dismissItemsAt(
  db: Executor,
  userId: number,
  ids: readonly number[],
  at: number,
): Promise<number> {
  let count = 0;
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    const result = await db
      .updateTable('items')
      .set({ dismissed_at: at })
      .where('user_id', '=', userId)
      .where('id', 'in', ids.slice(i, i + IDS_PER_STATEMENT))
      .where('dismissed_at', 'is', null)
      .executeTakeFirst();
    count += Number(result.numUpdatedRows);
  }
  return count;
}

/** Un-dismisses the items a batch dismissed at `at`; returns how many. */
export async function undismissItemsAt(db: Executor, userId: number, at: number): Promise<number> {
  const result = await db
    .updateTable('items')
    .set({ dismissed_at: null })
    .where('user_id', '=', userId)
    .where('dismissed_at', '=', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
