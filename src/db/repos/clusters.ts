import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import type { Db, Executor } from '../connect.ts';

/** What clustering needs of an item: its story keys and its cluster. */
export interface StoryRow {
  id: number;
  source_id: number;
  canonical_url: string | null;
  title_key: string | null;
  cluster_id: number | null;
}

const COLUMNS = ['id', 'source_id', 'canonical_url', 'title_key', 'cluster_id'] as const;

/** Items with a title key: the ones a story index holds. */
const titled = (db: Executor) =>
  db.selectFrom('items').select(COLUMNS).where('title_key', 'is not', null);

/**
 * The user's titled items received since `since`: what a story index is built from.
 *
 * @example await findRecentStoryRows(trx, user.id, now - 3 * 86_400_000)
 */
export async function findRecentStoryRows(
  db: Executor,
  userId: number,
  since: number,
): Promise<StoryRow[]> {
  return await titled(db).where('user_id', '=', userId).where('received_at', '>=', since).execute();
}

/**
 * The user's titled items with an id above `afterId`: what a story index adds since it was
 * built (by id, so items stored by other processes are seen too).
 *
 * @example await findStoryRowsAfter(trx, user.id, index.maxId)
 */
export async function findStoryRowsAfter(
  db: Executor,
  userId: number,
  afterId: number,
): Promise<StoryRow[]> {
  return await titled(db)
    // `+user_id` keeps the planner on the primary key range (the rows added since), not on a
    // user index that would scan all of the user's items every time.
    .where(sql<number>`+user_id`, '=', userId)
    .where('id', '>', afterId)
    .execute();
}

const urlLookups = new WeakMap<SqliteDatabase.Database, SqliteDatabase.Statement>();

/**
 * The user's items with one of these canonical URLs, any source, any time; the rows of one
 * URL come together, in the order the database returns them. On SQLite it runs one prepared
 * lookup per URL on the raw connection (the same connection, so inside `trx`'s transaction):
 * cheaper than building IN lists on the ingest path.
 *
 * @example await findItemsByCanonicalUrl(app.db, trx, user.id, ['https://example.org/a'])
 */
export async function findItemsByCanonicalUrl(
  db: Db,
  trx: Executor,
  userId: number,
  urls: readonly string[],
): Promise<StoryRow[]> {
  const found: StoryRow[] = [];
  if (db.sqlite) {
    let statement = urlLookups.get(db.sqlite);
    if (!statement) {
      statement = db.sqlite.prepare(
        `select ${COLUMNS.join(', ')} from items where user_id = ? and canonical_url = ?`,
      );
      urlLookups.set(db.sqlite, statement);
    }
    for (const url of urls)
      for (const row of statement.all(userId, url)) found.push(row as StoryRow);
    return found;
  }
  for (let i = 0; i < urls.length; i += 400) {
    const rows = await trx
      .selectFrom('items')
      .select(COLUMNS)
      .where('user_id', '=', userId)
      .where('canonical_url', 'in', urls.slice(i, i + 400))
      .execute();
    found.push(...rows);
  }
  return found;
}

/** The cluster an item is in now (null: none, or no such item). */
export async function findItemCluster(db: Executor, itemId: number): Promise<number | null> {
  const row = await db
    .selectFrom('items')
    .select('cluster_id')
    .where('id', '=', itemId)
    .executeTakeFirst();
  return row?.cluster_id ?? null;
}

/**
 * Starts a cluster of two around an item that had none: the cluster row, with the item as its
 * representative and in it. The second member is added with {@link setItemCluster}.
 *
 * @example const clusterId = await createCluster(trx, user.id, match.id, now)
 */
export async function createCluster(
  db: Executor,
  userId: number,
  representativeId: number,
  now: number,
): Promise<number> {
  const cluster = await db
    .insertInto('clusters')
    .values({ user_id: userId, representative_id: representativeId, size: 2, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setItemCluster(db, representativeId, cluster.id);
  return cluster.id;
}

/** Counts one more member of a cluster. */
export async function growCluster(db: Executor, clusterId: number): Promise<void> {
  await db
    .updateTable('clusters')
    .set((eb) => ({ size: eb('size', '+', 1) }))
    .where('id', '=', clusterId)
    .execute();
}

/** Puts an item into a cluster. */
export async function setItemCluster(
  db: Executor,
  itemId: number,
  clusterId: number,
): Promise<void> {
  await db.updateTable('items').set({ cluster_id: clusterId }).where('id', '=', itemId).execute();
}
