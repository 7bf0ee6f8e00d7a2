import type { Insertable } from 'kysely';
import type { Executor } from '../connect.ts';
import type { CheckpointItemsTable, ItemRow } from '../schema.ts';

/** Rows per insert: well below SQLite's and PostgreSQL's bound-parameter limits. */
const ROWS_PER_INSERT = 100;

/** The items of a checkpoint's digest, in rank order (`parts` is JSON). */
export async function insertCheckpointItems(
  db: Executor,
  rows: readonly Insertable<CheckpointItemsTable>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
    await db
      .insertInto('checkpoint_items')
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .execute();
}

/** A digest entry: the item whole, its source, and what the checkpoint stored about it. */
export type CheckpointEntryRow = ItemRow & {
  rank: number;
  score: number;
  seconds: number;
  parts: string;
  source_kind: string;
  source_name: string;
};

/**
 * A checkpoint's digest, in rank order.
 *
 * @example const entries = await listCheckpointEntries(db, checkpoint.id);
 */
export async function listCheckpointEntries(
  db: Executor,
  checkpointId: number,
): Promise<CheckpointEntryRow[]> {
  return await db
    .selectFrom('checkpoint_items')
    .innerJoin('items', 'items.id', 'checkpoint_items.item_id')
    .innerJoin('sources', 'sources.id', 'items.source_id')
    .selectAll('items')
    .select([
      'checkpoint_items.rank',
      'checkpoint_items.score',
      'checkpoint_items.seconds',
      'checkpoint_items.parts',
      'sources.kind as source_kind',
      'sources.name as source_name',
    ])
    .where('checkpoint_items.checkpoint_id', '=', checkpointId)
    .orderBy('checkpoint_items.rank')
    .execute();
}

/** A checkpoint's item with its cluster and what the user did with it. */
export interface CheckpointMemberRow {
  id: number;
  cluster_id: number | null;
  read_at: number | null;
  dismissed_at: number | null;
}

/** The items of a checkpoint with their cluster (what marking it done marks seen) and states. */
export async function listCheckpointMembers(
  db: Executor,
  checkpointId: number,
): Promise<CheckpointMemberRow[]> {
  return await db
    .selectFrom('checkpoint_items')
    .innerJoin('items', 'items.id', 'checkpoint_items.item_id')
    .select(['items.id', 'items.cluster_id', 'items.read_at', 'items.dismissed_at'])
    .where('checkpoint_items.checkpoint_id', '=', checkpointId)
    .execute();
}

/** The ids of a checkpoint's items. */
export async function listCheckpointItemIds(db: Executor, checkpointId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('checkpoint_items')
    .select('item_id')
    .where('checkpoint_id', '=', checkpointId)
    .execute();
  return rows.map((r) => r.item_id);
}
