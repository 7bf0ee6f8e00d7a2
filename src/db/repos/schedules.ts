import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../connect.ts';
import type { Database, ScheduleRow } from '../schema.ts';

/** Schedules: one row per user (unique user_id). */
export async function findSchedule(db: Executor, userId: number): Promise<ScheduleRow | undefined> {
  return await db
    .selectFrom('schedules')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Inserts the user's schedule unless one exists (two first requests may race). */
export async function insertScheduleIfMissing(
  db: Executor,
  schedule: Insertable<Database['schedules']>,
): Promise<void> {
  await db
    .insertInto('schedules')
    .values(schedule)
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

export async function updateSchedule(
  db: Executor,
  userId: number,
  patch: Updateable<Database['schedules']>,
): Promise<void> {
  await db.updateTable('schedules').set(patch).where('user_id', '=', userId).execute();
}
