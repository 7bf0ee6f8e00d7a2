import type { Executor } from '../connect.ts';
import type { NewSource, SourceRow, SourceUpdate } from '../schema.ts';

/** Sources: every query is scoped to its user, so another user's id finds nothing. */
export async function insertSource(db: Executor, source: NewSource): Promise<SourceRow> {
  return await db.insertInto('sources').values(source).returningAll().executeTakeFirstOrThrow();
}

export async function findSource(
  db: Executor,
  userId: number,
  id: number,
): Promise<SourceRow | undefined> {
  return await db
    .selectFrom('sources')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findSourceByUrl(
  db: Executor,
  userId: number,
  kind: string,
  url: string,
): Promise<SourceRow | undefined> {
  return await db
    .selectFrom('sources')
    .selectAll()
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('url', '=', url)
    .executeTakeFirst();
}

/** The user's first source of a kind (oldest first), with its stored config, or undefined. */
export async function findFirstSourceOfKind(
  db: Executor,
  userId: number,
  kind: string,
): Promise<Pick<SourceRow, 'id' | 'kind' | 'config'> | undefined> {
  return await db
    .selectFrom('sources')
    .select(['id', 'kind', 'config'])
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .orderBy('id')
    .executeTakeFirst();
}

export async function listSources(db: Executor, userId: number): Promise<SourceRow[]> {
  return await db
    .selectFrom('sources')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function updateSource(
  db: Executor,
  userId: number,
  id: number,
  patch: SourceUpdate,
): Promise<void> {
  await db
    .updateTable('sources')
    .set(patch)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .execute();
}

export async function deleteSource(db: Executor, userId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('sources')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Enabled sources of the given kinds whose next check is due (all users), oldest first. */
export async function findDueSources(
  db: Executor,
  kinds: readonly string[],
  now: number,
  limit: number,
): Promise<SourceRow[]> {
  return await db
    .selectFrom('sources')
    .selectAll()
    .where('enabled', '=', 1)
    .where('kind', 'in', kinds)
    .where('next_check_at', '<=', now)
    .orderBy('next_check_at')
    .limit(limit)
    .execute();
}

/**
 * Takes the fetch lease of a source until `until` unless another owner holds a live one.
 * One UPDATE, so a CLI `fetch` and the scheduler never fetch the same source at once.
 */
export async function acquireLease(
  db: Executor,
  id: number,
  owner: string,
  now: number,
  until: number,
): Promise<boolean> {
  const result = await db
    .updateTable('sources')
    .set({ lease_owner: owner, lease_until: until })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('lease_until', 'is', null),
        eb('lease_until', '<', now),
        eb('lease_owner', '=', owner),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseLease(db: Executor, id: number, owner: string): Promise<void> {
  await db
    .updateTable('sources')
    .set({ lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

/** Who holds a source's fetch lease (null: nobody); undefined when there is no such source. */
export async function findLeaseOwner(
  db: Executor,
  id: number,
): Promise<{ lease_owner: string | null } | undefined> {
  return await db
    .selectFrom('sources')
    .select('lease_owner')
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Takes the lease over from `from` (a dead process) unless someone else took it meanwhile:
 * one UPDATE conditioned on the owner seen, so two processes never both take it over.
 */
export async function takeOverLease(
  db: Executor,
  id: number,
  from: string | null,
  owner: string,
  until: number,
): Promise<boolean> {
  const taken = await db
    .updateTable('sources')
    .set({ lease_owner: owner, lease_until: until })
    .where('id', '=', id)
    .where('lease_owner', '=', from)
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/** Which sources a fetch cycle takes besides the due ones: given ids, or every enabled one. */
export interface FetchSelection {
  kinds: readonly string[];
  /** Only these ids (enabled or not); otherwise every enabled source. */
  sourceIds?: readonly number[] | undefined;
  userId?: number | undefined;
}

/** Sources of the pulled kinds a forced (or per-id) fetch takes, by id. */
export async function findSourcesToFetch(
  db: Executor,
  selection: FetchSelection,
): Promise<SourceRow[]> {
  let query = db
    .selectFrom('sources')
    .selectAll()
    .where('kind', 'in', selection.kinds)
    .orderBy('id');
  if (!selection.sourceIds) query = query.where('enabled', '=', 1);
  if (selection.sourceIds)
    query = query.where('id', 'in', selection.sourceIds.length ? selection.sourceIds : [-1]);
  if (selection.userId !== undefined) query = query.where('user_id', '=', selection.userId);
  return await query.execute();
}

/** A source by id alone (any user): for use cases that got the id from their own query. */
export async function findSourceById(db: Executor, id: number): Promise<SourceRow | undefined> {
  return await db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
}
