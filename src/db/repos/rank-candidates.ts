import { sql } from 'kysely';
import type { Executor } from '../connect.ts';

/**
 * What ranking reads of a held item: the scoring inputs, and the text fields only when asked
 * for (null otherwise). A checkpoint ranks every unseen item of the last 14 days, which may be
 * a hundred thousand; with their bodies and titles as strings of their own, loading them was
 * most of a pull's time (bench/RESULTS.md, "Scale").
 */
export interface CandidateItemRow {
  id: number;
  source_id: number;
  kind: string;
  priority: number;
  received_at: number;
  published_at: number;
  cluster_id: number | null;
  reading_seconds: number;
  /** Always for items in a cluster ("also from" links); for the others only when asked. */
  url: string | null;
  title: string | null;
  author: string | null;
  summary: string | null;
  content_html: string | null;
}

/** Which text fields to load: those a boost or lower rule looks at. */
export interface CandidateFields {
  title: boolean;
  author: boolean;
  url: boolean;
  /** `content_html` and `summary`. */
  content: boolean;
}

/**
 * The user's held items that arrived in `[from, to]`: unseen, not dismissed, not read.
 *
 * @example await listRankCandidates(db, user.id, now - 14 * DAY, now, { title: false, … })
 */
export async function listRankCandidates(
  db: Executor,
  userId: number,
  from: number,
  to: number,
  fields: CandidateFields,
): Promise<CandidateItemRow[]> {
  const column = (wanted: boolean, name: 'title' | 'author' | 'content_html') =>
    wanted ? sql<string | null>`${sql.ref(`items.${name}`)}` : sql<null>`null`;
  return await db
    .selectFrom('items')
    .select([
      'id',
      'source_id',
      'kind',
      'priority',
      'received_at',
      'published_at',
      'cluster_id',
      'reading_seconds',
      fields.url
        ? 'url'
        : sql<string | null>`case when cluster_id is not null then url end`.as('url'),
      column(fields.title, 'title').as('title'),
      column(fields.author, 'author').as('author'),
      (fields.content ? sql<string | null>`summary` : sql<null>`null`).as('summary'),
      column(fields.content, 'content_html').as('content_html'),
    ])
    .where('user_id', '=', userId)
    .where('seen_checkpoint_id', 'is', null)
    .where('dismissed_at', 'is', null)
    .where('read_at', 'is', null)
    .where('received_at', '<=', to)
    .where('received_at', '>=', from)
    .execute();
}

/** What ranking reads of the user's sources: one row each, shared by their items. */
export async function listRankSources(
  db: Executor,
  userId: number,
): Promise<{ id: number; name: string; kind: string; weight: number; cadence: string }[]> {
  return await db
    .selectFrom('sources')
    .select(['id', 'name', 'kind', 'weight', 'cadence'])
    .where('user_id', '=', userId)
    .execute();
}

/** Per source, how many of the items received since `since` the user has opened. */
export async function countOpenedBySource(
  db: Executor,
  userId: number,
  since: number,
): Promise<{ source_id: number; n: number }[]> {
  return await db
    .selectFrom('items')
    .select((eb) => ['source_id', eb.fn.count<number>('read_at').as('n')])
    .where('user_id', '=', userId)
    .where('received_at', '>=', since)
    .groupBy('source_id')
    .execute();
}

/** An item published long before its source was added: a first subscription's backlog. */
export interface BacklogRow {
  id: number;
  source_id: number;
  published_at: number;
}

/**
 * The user's backlog items that arrived since `since`: items with a date of their own
 * (`published_guessed` = 0) more than `ageMs` before their source was added (`created_at`),
 * any state. What ranking keeps out of checkpoints but for each source's newest few.
 *
 * @example await listBacklogItems(db, user.id, now - 14 * DAY, 7 * DAY)
 */
export async function listBacklogItems(
  db: Executor,
  userId: number,
  since: number,
  ageMs: number,
): Promise<BacklogRow[]> {
  return await db
    .selectFrom('items')
    .innerJoin('sources', 'sources.id', 'items.source_id')
    .select(['items.id', 'items.source_id', 'items.published_at'])
    .where('items.user_id', '=', userId)
    .where('items.received_at', '>=', since)
    .where('items.published_guessed', '=', 0)
    .where(sql<boolean>`items.published_at < sources.created_at - ${ageMs}`)
    .execute();
}

/**
 * Per source, how many backlog items it has (any state; see {@link listBacklogItems}), for
 * the "backlog of …" links.
 */
export async function countBacklogBySource(
  db: Executor,
  userId: number,
  ageMs: number,
): Promise<{ source_id: number; source_name: string; n: number }[]> {
  const rows = await db
    .selectFrom('items')
    .innerJoin('sources', 'sources.id', 'items.source_id')
    .select((eb) => [
      'items.source_id',
      'sources.name as source_name',
      eb.fn.countAll<number>().as('n'),
    ])
    .where('items.user_id', '=', userId)
    .where('items.published_guessed', '=', 0)
    .where(sql<boolean>`items.published_at < sources.created_at - ${ageMs}`)
    .groupBy(['items.source_id', 'sources.name'])
    .orderBy('sources.name')
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
