import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import type { Executor } from '../connect.ts';
import type { ItemRow, NewItem } from '../schema.ts';

const CHUNK = 400;

/** External ids already stored for a source, with their row id and content hash. */
export async function findStoredHashes(
  db: Executor,
  sourceId: number,
  externalIds: readonly string[],
): Promise<Map<string, { id: number; hash: string }>> {
  const found = new Map<string, { id: number; hash: string }>();
  for (let i = 0; i < externalIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('items')
      .select(['id', 'external_id', 'hash'])
      .where('source_id', '=', sourceId)
      .where('external_id', 'in', externalIds.slice(i, i + CHUNK))
      .execute();
    for (const row of rows) found.set(row.external_id, { id: row.id, hash: row.hash });
  }
  return found;
}

/**
 * Inserts items in multi-row statements; a row whose (source, external id) exists is skipped,
 * which keeps ingestion idempotent even when two runs race. Returns the rows that were new.
 * Given the raw SQLite connection (inside a transaction on it), it runs one prepared
 * single-row statement per item instead: the same SQL, without building it 20,000 times.
 */
export async function insertItems(
  db: Executor,
  items: readonly NewItem[],
  sqlite?: SqliteDatabase.Database | null,
): Promise<{ id: number; external_id: string }[]> {
  if (sqlite) return insertItemsSqlite(sqlite, items);
  const inserted: { id: number; external_id: string }[] = [];
  // Stay well below SQLite's and PostgreSQL's bound-parameter limits.
  const rowsPerStatement = 100;
  for (let i = 0; i < items.length; i += rowsPerStatement) {
    const rows = await db
      .insertInto('items')
      .values(items.slice(i, i + rowsPerStatement))
      .onConflict((oc) => oc.columns(['source_id', 'external_id']).doNothing())
      .returning(['id', 'external_id'])
      .execute();
    inserted.push(...rows);
  }
  return inserted;
}

const insertStatements = new WeakMap<
  SqliteDatabase.Database,
  Map<string, SqliteDatabase.Statement>
>();

function insertItemsSqlite(
  sqlite: SqliteDatabase.Database,
  items: readonly NewItem[],
): { id: number; external_id: string }[] {
  let statements = insertStatements.get(sqlite);
  if (!statements) {
    statements = new Map();
    insertStatements.set(sqlite, statements);
  }
  const inserted: { id: number; external_id: string }[] = [];
  for (const item of items) {
    const columns = Object.keys(item) as (keyof NewItem)[];
    const key = columns.join(',');
    let statement = statements.get(key);
    if (!statement) {
      // Column names come from NewItem's keys (our code), never from input.
      statement = sqlite.prepare(
        `insert into items (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')}) on conflict ("source_id", "external_id") do nothing`,
      );
      statements.set(key, statement);
    }
    // `returning` would make SQLite buffer a result row: 1.5× the cost of the insert (measured).
    const info = statement.run(columns.map((c) => item[c] ?? null));
    if (info.changes === 1)
      inserted.push({ id: Number(info.lastInsertRowid), external_id: item.external_id });
  }
  return inserted;
}

/** Replaces the content of an item that changed upstream; states (read, starred…) stay. */
export async function updateItemContent(
  db: Executor,
  id: number,
  patch: Pick<
    NewItem,
    | 'title'
    | 'url'
    | 'canonical_url'
    | 'author'
    | 'content_html'
    | 'summary'
    | 'hash'
    | 'extra'
    | 'reading_seconds'
  > & { published_at?: number; published_guessed?: 0 | 1 },
): Promise<void> {
  await db.updateTable('items').set(patch).where('id', '=', id).execute();
}

export interface ItemFilter {
  /** Only items that arrived (were received) at or after this time. */
  since?: number;
  kind?: string;
  sourceId?: number;
  limit?: number;
  /** Only items received before this id (keyset paging, newest first). */
  beforeId?: number;
  /** Only starred items, most recently starred first. */
  starred?: boolean;
  /** Rows to skip (offset paging, for lists that are not keyset-paged). */
  offset?: number;
  /** Only backlog: items dated more than this many ms before their source was added. */
  backlogAgeMs?: number;
}

export type ItemWithSource = ItemRow & { source_kind: string; source_name: string };

/** The user's items with their source's kind and name: where every item listing starts. */
export function userItems(db: Executor, userId: number) {
  return db
    .selectFrom('items')
    .innerJoin('sources', 'sources.id', 'items.source_id')
    .selectAll('items')
    .select(['sources.kind as source_kind', 'sources.name as source_name'])
    .where('items.user_id', '=', userId);
}

/** The user's items, newest first. */
export async function listItems(
  db: Executor,
  userId: number,
  filter: ItemFilter = {},
): Promise<ItemWithSource[]> {
  let query = userItems(db, userId);
  if (filter.since !== undefined) query = query.where('items.received_at', '>=', filter.since);
  if (filter.kind) query = query.where('items.kind', '=', filter.kind);
  if (filter.sourceId !== undefined) query = query.where('items.source_id', '=', filter.sourceId);
  if (filter.beforeId !== undefined) query = query.where('items.id', '<', filter.beforeId);
  if (filter.backlogAgeMs !== undefined)
    query = query
      .where('items.published_guessed', '=', 0)
      .where(sql<boolean>`items.published_at < sources.created_at - ${filter.backlogAgeMs}`);
  if (filter.starred)
    query = query.where('items.starred_at', 'is not', null).orderBy('items.starred_at', 'desc');
  return await query
    .orderBy('items.published_at', 'desc')
    .orderBy('items.id', 'desc')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute();
}

export async function findItem(
  db: Executor,
  userId: number,
  id: number,
): Promise<ItemWithSource | undefined> {
  return await userItems(db, userId).where('items.id', '=', id).executeTakeFirst();
}

export async function countItems(db: Executor, userId: number, sourceId?: number): Promise<number> {
  let query = db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId);
  if (sourceId !== undefined) query = query.where('source_id', '=', sourceId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sets or clears read/starred/dismissed on one of the user's items; false when not found. */
export async function setItemFlags(
  db: Executor,
  userId: number,
  id: number,
  flags: { read?: boolean; starred?: boolean; dismissed?: boolean },
  at: number,
): Promise<boolean> {
  const patch: {
    read_at?: number | null;
    starred_at?: number | null;
    dismissed_at?: number | null;
  } = {};
  if (flags.read !== undefined) patch.read_at = flags.read ? at : null;
  if (flags.starred !== undefined) patch.starred_at = flags.starred ? at : null;
  if (flags.dismissed !== undefined) patch.dismissed_at = flags.dismissed ? at : null;
  if (Object.keys(patch).length === 0) return (await findItem(db, userId, id)) !== undefined;
  const result = await db
    .updateTable('items')
    .set(patch)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ids per `in (…)` list: well below SQLite's and PostgreSQL's bound-parameter limits. */
const IDS_PER_STATEMENT = 400;

/**
 * Items by id with their source's kind and name, whoever they belong to (the caller got the
 * ids from the user's own rows).
 *
 * @example const rows = await findItemsWithSource(db, ranked.map((r) => r.id));
 */
export async function findItemsWithSource(
  db: Executor,
  ids: readonly number[],
): Promise<Map<number, ItemWithSource>> {
  const out = new Map<number, ItemWithSource>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('items')
      .innerJoin('sources', 'sources.id', 'items.source_id')
      .selectAll('items')
      .select(['sources.kind as source_kind', 'sources.name as source_name'])
      .where('items.id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) out.set(row.id, row);
  }
  return out;
}

/** Marks items seen at a checkpoint, unless an earlier one saw them. */
export async function markItemsSeen(
  db: Executor,
  ids: readonly number[],
  checkpointId: number,
): Promise<void> {
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    await db
      .updateTable('items')
      .set({ seen_checkpoint_id: checkpointId })
      .where('id', 'in', ids.slice(i, i + IDS_PER_STATEMENT))
      .where('seen_checkpoint_id', 'is', null)
      .execute();
  }
}

/** Marks every item of the user's clusters seen at a checkpoint, unless an earlier one saw it. */
export async function markClustersSeen(
  db: Executor,
  userId: number,
  clusterIds: readonly number[],
  checkpointId: number,
): Promise<void> {
  for (let i = 0; i < clusterIds.length; i += IDS_PER_STATEMENT) {
    await db
      .updateTable('items')
      .set({ seen_checkpoint_id: checkpointId })
      .where('user_id', '=', userId)
      .where('cluster_id', 'in', clusterIds.slice(i, i + IDS_PER_STATEMENT))
      .where('seen_checkpoint_id', 'is', null)
      .execute();
  }
}

/** Replaces an item's `extra` JSON (what was learned about it later, e.g. its full text). */
export async function updateItemExtra(db: Executor, id: number, extra: string): Promise<void> {
  await db.updateTable('items').set({ extra }).where('id', '=', id).execute();
}
