import type { Executor } from '../connect.ts';
import type { FetchRunRow, NewFetchRun } from '../schema.ts';

/** How many fetch runs a source keeps: enough for its page, never a growing table. */
export const FETCH_RUNS_KEPT = 50;

/**
 * Stores one fetch run and drops the source's runs beyond the newest `keep`.
 *
 * @example await insertFetchRun(db, { source_id: 7, started_at: now, duration_ms: 120, outcome: 'ok' })
 */
export async function insertFetchRun(
  db: Executor,
  run: NewFetchRun,
  keep = FETCH_RUNS_KEPT,
): Promise<void> {
  await db.insertInto('fetch_runs').values(run).execute();
  // Ids grow with time: everything at or below the (keep+1)-th newest id goes.
  const cut = await db
    .selectFrom('fetch_runs')
    .select('id')
    .where('source_id', '=', run.source_id)
    .orderBy('id', 'desc')
    .offset(keep)
    .limit(1)
    .executeTakeFirst();
  if (cut)
    await db
      .deleteFrom('fetch_runs')
      .where('source_id', '=', run.source_id)
      .where('id', '<=', cut.id)
      .execute();
}

/** A source's fetch runs, newest first (the caller checked that the source is the user's). */
export async function listFetchRuns(
  db: Executor,
  sourceId: number,
  limit = FETCH_RUNS_KEPT,
): Promise<FetchRunRow[]> {
  return await db
    .selectFrom('fetch_runs')
    .selectAll()
    .where('source_id', '=', sourceId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
