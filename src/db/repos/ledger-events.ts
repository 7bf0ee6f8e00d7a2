import type { Insertable } from 'kysely';
import type { Executor } from '../connect.ts';
import type { LedgerEventsTable } from '../schema.ts';

/** Ledger events: append-only; the daily figures derive from them. */
export async function insertLedgerEvents(
  db: Executor,
  rows: readonly Insertable<LedgerEventsTable>[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('ledger_events').values(rows).execute();
}

/**
 * The user's events with `start <= at < end` (`data` is JSON).
 *
 * @example await listLedgerEvents(db, user.id, start, end)
 */
export async function listLedgerEvents(
  db: Executor,
  userId: number,
  start: number,
  end: number,
): Promise<{ at: number; type: string; count: number; data: string }[]> {
  return await db
    .selectFrom('ledger_events')
    .select(['at', 'type', 'count', 'data'])
    .where('user_id', '=', userId)
    .where('at', '>=', start)
    .where('at', '<', end)
    .execute();
}

/**
 * Per source, how many items received since `since` the user dismissed (an `item.dismissed`
 * event since then, and the item still dismissed).
 */
export async function countDismissedBySource(
  db: Executor,
  userId: number,
  since: number,
): Promise<{ source_id: number; n: number }[]> {
  return await db
    .selectFrom('ledger_events')
    .innerJoin('items', 'items.id', 'ledger_events.item_id')
    .select((eb) => ['items.source_id', eb.fn.count<number>('items.id').distinct().as('n')])
    .where('ledger_events.user_id', '=', userId)
    .where('ledger_events.type', '=', 'item.dismissed')
    .where('ledger_events.at', '>=', since)
    .where('items.received_at', '>=', since)
    .where('items.dismissed_at', 'is not', null)
    .groupBy('items.source_id')
    .execute();
}
