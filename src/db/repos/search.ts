import type SqliteDatabase from 'better-sqlite3';
import { type AliasedExpression, sql } from 'kysely';
import type { Db, Executor } from '../connect.ts';
import { type ItemWithSource, userItems } from './items.ts';

/**
 * The full-text index: SQLite FTS5 (the contentless `items_fts` table) or PostgreSQL's
 * `items.search` tsvector. Which one is decided here, and nowhere outside src/db/.
 */

/** Text indexed per item: title and the plain text of its content (capped). */
export interface Indexable {
  id: number;
  title: string | null;
  text: string;
}

const MAX_TEXT = 20_000;

const ftsInserts = new WeakMap<SqliteDatabase.Database, SqliteDatabase.Statement>();

/** Lower case without accents: PostgreSQL's `simple` configuration does not fold them. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Writes items into the full-text index: SQLite FTS5 (contentless) or the PostgreSQL
 * `search` tsvector. Runs inside the ingest transaction `trx`; on SQLite, new items go through
 * one prepared statement on the raw connection (the same transaction: the ingest hot path).
 *
 * @example await indexItems(app.db, trx, [{ id, title, text }])
 */
export async function indexItems(
  database: Db,
  db: Executor,
  items: readonly Indexable[],
  replace = false,
): Promise<void> {
  if (items.length === 0) return;
  const sqlite = database.sqlite;
  if (sqlite && !replace) {
    let statement = ftsInserts.get(sqlite);
    if (!statement) {
      statement = sqlite.prepare('insert into items_fts (rowid, title, body) values (?, ?, ?)');
      ftsInserts.set(sqlite, statement);
    }
    for (const x of items) statement.run(x.id, x.title ?? '', x.text.slice(0, MAX_TEXT));
    return;
  }
  if (database.dialect === 'sqlite') await indexSqlite(db, items, replace);
  else await indexPostgres(db, items);
}

async function indexSqlite(
  db: Executor,
  items: readonly Indexable[],
  replace: boolean,
): Promise<void> {
  if (replace) {
    for (let i = 0; i < items.length; i += 400) {
      await db
        .deleteFrom('items_fts')
        .where(
          'rowid',
          'in',
          items.slice(i, i + 400).map((x) => x.id),
        )
        .execute();
    }
  }
  for (let i = 0; i < items.length; i += 100) {
    await db
      .insertInto('items_fts')
      .values(
        items
          .slice(i, i + 100)
          .map((x) => ({ rowid: x.id, title: x.title ?? '', body: x.text.slice(0, MAX_TEXT) })),
      )
      .execute();
  }
}

async function indexPostgres(db: Executor, items: readonly Indexable[]): Promise<void> {
  for (let i = 0; i < items.length; i += 200) {
    const batch = items.slice(i, i + 200);
    const ids = batch.map((x) => x.id);
    const titles = batch.map((x) => fold(x.title ?? ''));
    const bodies = batch.map((x) => fold(x.text.slice(0, MAX_TEXT)));
    await sql`update items set search = setweight(to_tsvector('simple', v.title), 'A') || to_tsvector('simple', v.body)
      from (select unnest(${ids}::int[]) as id, unnest(${titles}::text[]) as title, unnest(${bodies}::text[]) as body) v
      where items.id = v.id`.execute(db);
  }
}

/** Removes items of a source from the SQLite index before the rows go (PostgreSQL needs nothing). */
export async function unindexSource(database: Db, db: Executor, sourceId: number): Promise<void> {
  if (database.dialect !== 'sqlite') return;
  await sql`delete from items_fts where rowid in (select id from items where source_id = ${sourceId})`.execute(
    db,
  );
}

/** The words of a query, as both full-text engines split them. */
function words(q: string): string[] {
  return q.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** An FTS5 query of quoted terms, all of which must match (the last as a prefix, or whole). */
function ftsQuery(terms: readonly string[], prefix: boolean): string {
  return terms.map((t, i) => `"${t}"${prefix && i === terms.length - 1 ? '*' : ''}`).join(' ');
}

/** The PostgreSQL `to_tsquery` equivalent of {@link ftsQuery}. */
function tsQuery(terms: readonly string[], prefix: boolean): string {
  return terms.map((t, i) => `${t}${prefix && i === terms.length - 1 ? ':*' : ''}`).join(' & ');
}

/**
 * How many of the newest matches are ranked by relevance. Ranking scores every match, which
 * for a word in most of a million items took seconds (bench/RESULTS.md, "Scale"); in a feed
 * reader the best of the newest few thousand matches is what a search is for, and a rarer
 * query (fewer matches) is ranked whole, exactly as before.
 */
export const RANKED_MATCHES = 2000;

/**
 * The user's items matching every word of `query` (titles weigh more), the best-ranked of the
 * newest matches first. The last word also matches as the start of a longer word ("brid" finds
 * "bridge"), unless it already fills the page as a whole word: a prefix query reads every
 * matching word's list in full (1.8 s for a two-letter prefix over a million items,
 * bench/RESULTS.md "Scale"), a whole word only the newest of its list. No words, no matches.
 *
 * @example await searchItemRows(app.db, user.id, 'harbour bridge', 50)
 */
export async function searchItemRows(
  db: Db,
  userId: number,
  query: string,
  limit: number,
): Promise<ItemWithSource[]> {
  const terms = words(db.dialect === 'sqlite' ? query : fold(query));
  if (terms.length === 0) return [];
  const search = db.dialect === 'sqlite' ? searchSqlite : searchPostgres;
  const whole = await search(db.kysely, userId, terms, false, limit);
  return whole.length < limit ? await search(db.kysely, userId, terms, true, limit) : whole;
}

/** A full-text match: the item's id and its bm25 rank (lower is better). */
interface Hit {
  fts_id: number;
  rank: number;
}

/** One engine's search: every term must match, the last as a prefix when `prefix`. */
type Search = (
  db: Executor,
  userId: number,
  terms: readonly string[],
  prefix: boolean,
  limit: number,
) => Promise<ItemWithSource[]>;

const searchSqlite: Search = async (db, userId, terms, prefix, limit) => {
  const match = ftsQuery(terms, prefix);
  const matches = () =>
    db
      .selectFrom('items_fts')
      .select([sql<number>`rowid`.as('fts_id'), sql<number>`bm25(items_fts, 5.0, 1.0)`.as('rank')])
      .where(sql<boolean>`items_fts match ${match}`);
  // The matches drive the join (`+user_id` keeps SQLite from walking all the user's items by
  // index instead: ten times slower at 100,000 items, measured).
  const best = (hits: AliasedExpression<Hit, 'hits'>) =>
    db
      .selectFrom(hits)
      .innerJoin('items', 'items.id', 'hits.fts_id')
      .innerJoin('sources', 'sources.id', 'items.source_id')
      .selectAll('items')
      .select(['sources.kind as source_kind', 'sources.name as source_name'])
      .where(sql<number>`+items.user_id`, '=', userId)
      .orderBy('hits.rank')
      .orderBy('items.published_at', 'desc')
      .limit(limit)
      .execute();
  // Item ids grow with arrival, so the index's rowid order is newest-first for free: the
  // newest matches are read once, then ranked with the user's items among them.
  const newest = await matches().orderBy(sql`rowid`, 'desc').limit(RANKED_MATCHES).execute();
  if (newest.length === 0) return [];
  const pairs = JSON.stringify(newest.map((h) => [h.fts_id, h.rank]));
  const found = await best(
    sql<Hit>`(select value ->> 0 as fts_id, value ->> 1 as rank from json_each(${pairs}))`.as(
      'hits',
    ),
  );
  // Fewer than asked although there were more matches: the newest may all have been other
  // users' (the index holds every user's items); then rank all of them, which is exact.
  return found.length < limit && newest.length === RANKED_MATCHES
    ? await best(matches().as('hits'))
    : found;
};

const searchPostgres: Search = async (db, userId, terms, prefix, limit) => {
  const tsquery = tsQuery(terms, prefix);
  const newest = db
    .selectFrom('items')
    .select('id')
    .where('user_id', '=', userId)
    .where(sql<boolean>`search @@ to_tsquery('simple', ${tsquery})`)
    .orderBy('id', 'desc')
    .limit(RANKED_MATCHES);
  return await userItems(db, userId)
    .where('items.id', 'in', newest)
    .orderBy(sql`ts_rank(items.search, to_tsquery('simple', ${tsquery}))`, 'desc')
    .orderBy('items.published_at', 'desc')
    .limit(limit)
    .execute();
};
