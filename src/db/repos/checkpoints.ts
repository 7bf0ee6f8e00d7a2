import type { Updateable } from 'kysely';
import type { Executor } from '../connect.ts';
import type { CheckpointRow, CheckpointsTable } from '../schema.ts';

/** Checkpoints: every read by user is scoped to that user, so another user's id finds nothing. */

/**
 * Inserts the checkpoint of (user, due time) unless it exists; the unique pair is the lock that
 * builds each checkpoint once. Returns the new id, or undefined when it already existed.
 */
export async function insertCheckpoint(
  db: Executor,
  checkpoint: { user_id: number; due_at: number; budget_minutes: number },
): Promise<number | undefined> {
  const row = await db
    .insertInto('checkpoints')
    .values(checkpoint)
    .onConflict((oc) => oc.columns(['user_id', 'due_at']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Writes what a build found (built_at, figures, overflow) to the checkpoint's row. */
export async function updateCheckpoint(
  db: Executor,
  id: number,
  patch: Updateable<CheckpointsTable>,
): Promise<void> {
  await db.updateTable('checkpoints').set(patch).where('id', '=', id).execute();
}

/** A checkpoint by id alone: for the builder, which has just made it. */
export async function getCheckpointById(db: Executor, id: number): Promise<CheckpointRow> {
  return await db
    .selectFrom('checkpoints')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** One of the user's checkpoints, built or not. */
export async function findCheckpoint(
  db: Executor,
  userId: number,
  id: number,
): Promise<CheckpointRow | undefined> {
  return await db
    .selectFrom('checkpoints')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * The user's latest built checkpoint; with `id`, that one checkpoint if it is built.
 *
 * @example await findLatestBuiltCheckpoint(db, user.id)
 */
export async function findLatestBuiltCheckpoint(
  db: Executor,
  userId: number,
  id?: number,
): Promise<CheckpointRow | undefined> {
  let query = db
    .selectFrom('checkpoints')
    .selectAll()
    .where('user_id', '=', userId)
    .where('built_at', 'is not', null);
  if (id !== undefined) query = query.where('id', '=', id);
  return await query.orderBy('due_at', 'desc').limit(1).executeTakeFirst();
}

/** The user's built checkpoints, newest first; `nonEmpty` leaves out those without items. */
export async function listBuiltCheckpoints(
  db: Executor,
  userId: number,
  limit: number,
  options: { nonEmpty?: boolean } = {},
): Promise<CheckpointRow[]> {
  let query = db
    .selectFrom('checkpoints')
    .selectAll()
    .where('user_id', '=', userId)
    .where('built_at', 'is not', null);
  if (options.nonEmpty) query = query.where('item_count', '>', 0);
  return await query.orderBy('due_at', 'desc').limit(limit).execute();
}

/**
 * Sets `opened_at` or `done_at` unless it is set; true when this call set it (the one to
 * record in the ledger).
 *
 * @example if (await stampCheckpoint(trx, id, 'done_at', now)) { … }
 */
export async function stampCheckpoint(
  db: Executor,
  id: number,
  column: 'opened_at' | 'done_at',
  at: number,
): Promise<boolean> {
  const result = await db
    .updateTable('checkpoints')
    .set({ [column]: at })
    .where('id', '=', id)
    .where(column, 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Undoes a checkpoint's done: clears `done_at` and makes unseen again exactly the items that
 * this checkpoint marked seen (its own and their cluster mates); read, starred and dismissed
 * stay as the user left them. False when the checkpoint was not done.
 *
 * @example if (!(await reopenCheckpoint(trx, user.id, id))) { … it was not done … }
 */
export async function reopenCheckpoint(db: Executor, userId: number, id: number): Promise<boolean> {
  const result = await db
    .updateTable('checkpoints')
    .set({ done_at: null })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('done_at', 'is not', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await db
    .updateTable('items')
    .set({ seen_checkpoint_id: null })
    .where('user_id', '=', userId)
    .where('seen_checkpoint_id', '=', id)
    .execute();
  return true;
}

/** Whether the user has ever had a built checkpoint with items (the first one is offered once). */
export async function hasNonEmptyCheckpoint(db: Executor, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('checkpoints')
    .select('id')
    .where('user_id', '=', userId)
    .where('built_at', 'is not', null)
    .where('item_count', '>', 0)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Moves the schedule's last built due time forward to `dueAt` (never back), so that a
 * checkpoint is considered once. (A schedules column the checkpoint builder owns.)
 */
export async function advanceScheduleLastDue(
  db: Executor,
  userId: number,
  dueAt: number,
): Promise<void> {
  await db
    .updateTable('schedules')
    .set({ last_due_at: dueAt })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_due_at', 'is', null), eb('last_due_at', '<', dueAt)]))
    .execute();
}

/** The stored `notify` of the user's schedule (the checkpoint notice channels), if any. */
export async function findScheduleNotify(
  db: Executor,
  userId: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('schedules')
    .select('notify')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.notify;
}
