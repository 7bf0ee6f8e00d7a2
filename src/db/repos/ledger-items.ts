import type { Executor } from '../connect.ts';

/** An item the ledger points at, with its source's name. */
export interface LedgerItemRow {
  id: number;
  title: string | null;
  url: string | null;
  received_at: number;
  source_name: string;
}

/** A breakthrough no channel delivered: its item and what the ledger event recorded. */
export interface UndeliveredRow extends LedgerItemRow {
  event_id: number;
  at: number;
  rule_id: number | null;
  data: string;
}

/**
 * The user's `breakthrough.failed` events with `at > since`, newest first, with their items.
 *
 * @example await listUndeliveredBreakthroughs(db, user.id, lastDismissedAt, 20)
 */
export async function listUndeliveredBreakthroughs(
  db: Executor,
  userId: number,
  since: number,
  limit: number,
): Promise<UndeliveredRow[]> {
  return await db
    .selectFrom('ledger_events as e')
    .innerJoin('items as i', 'i.id', 'e.item_id')
    .innerJoin('sources as s', 's.id', 'i.source_id')
    .select([
      'e.id as event_id',
      'e.at',
      'e.rule_id',
      'e.data',
      'i.id',
      'i.title',
      'i.url',
      'i.received_at',
      's.name as source_name',
    ])
    .where('e.user_id', '=', userId)
    .where('e.type', '=', 'breakthrough.failed')
    .where('e.at', '>', since)
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
}

/** The time of the user's newest event of `type`, or 0 when there is none. */
export async function lastLedgerEventAt(
  db: Executor,
  userId: number,
  type: string,
): Promise<number> {
  const row = await db
    .selectFrom('ledger_events')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('user_id', '=', userId)
    .where('type', '=', type)
    .executeTakeFirst();
  return Number(row?.at ?? 0);
}

/**
 * The would-push items that arrived with `start <= received_at < end` and did not interrupt
 * (no `breakthrough` or `breakthrough.failed` event): what the ledger counts as spared.
 */
export async function listSparedItems(
  db: Executor,
  userId: number,
  start: number,
  end: number,
  limit: number,
): Promise<LedgerItemRow[]> {
  return await db
    .selectFrom('items as i')
    .innerJoin('sources as s', 's.id', 'i.source_id')
    .select(['i.id', 'i.title', 'i.url', 'i.received_at', 's.name as source_name'])
    .where('i.user_id', '=', userId)
    .where('i.would_push', '=', 1)
    .where('i.received_at', '>=', start)
    .where('i.received_at', '<', end)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('ledger_events as e')
            .select('e.id')
            .whereRef('e.item_id', '=', 'i.id')
            .where('e.type', 'in', ['breakthrough', 'breakthrough.failed']),
        ),
      ),
    )
    .orderBy('i.received_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The `breakthrough.failed` events of the given items (item ids belong to one user), with
 * their rule's id and `data`.
 */
export async function listFailedBreakthroughsOf(
  db: Executor,
  itemIds: readonly number[],
): Promise<{ item_id: number | null; rule_id: number | null; data: string }[]> {
  if (itemIds.length === 0) return [];
  return await db
    .selectFrom('ledger_events')
    .select(['item_id', 'rule_id', 'data'])
    .where('type', '=', 'breakthrough.failed')
    .where('item_id', 'in', [...itemIds])
    .execute();
}
