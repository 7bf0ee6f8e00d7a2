import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { ItemRow } from '../../db/schema.ts';
import {
  type Fitted,
  fitBudget,
  type RankInput,
  type ScorePart,
  scoreItem,
  scoreOf,
} from '../../domain/ranking.ts';
import { isFirstOfDay, localWeekday, type ScheduleSpec } from '../../domain/schedule.ts';
import { activeRules, matching, ruleSubject } from './rules.ts';

/** Items older than this are no longer offered at checkpoints (still searchable). */
const MAX_AGE_MS = 14 * 86_400_000;
const AFFINITY_WINDOW_MS = 30 * 86_400_000;

/**
 * What ranking reads of a candidate: the scoring inputs, and the text fields only when a boost
 * or lower rule looks at them (null otherwise). A checkpoint ranks every unseen item of the
 * last 14 days, which may be a hundred thousand; with their bodies, titles and source names
 * as strings of their own, loading them was most of a pull's time (bench/RESULTS.md, "Scale").
 * Source fields are shared from one row per source; the digest's items are loaded whole
 * afterwards (`heldRows`).
 */
export interface CandidateRow {
  id: number;
  source_id: number;
  kind: string;
  priority: number;
  received_at: number;
  published_at: number;
  cluster_id: number | null;
  reading_seconds: number;
  /** Only for items in a cluster ("also from" links) or when a rule matches on the host. */
  url: string | null;
  title: string | null;
  author: string | null;
  summary: string | null;
  content_html: string | null;
  source_name: string;
  source_kind: string;
  source_weight: number;
  source_cadence: string;
}

/** The rule fields that need an item column beyond the scoring inputs. */
const TEXT_FIELDS = { title: 'title', author: 'author', host: 'url', content: 'content_html' };

/** A ranked item with the parts of its score and the other items of its cluster. */
export interface RankedItem {
  id: number;
  sourceId: number;
  score: number;
  seconds: number;
  parts: ScorePart[];
  row: CandidateRow;
  /** Other items carrying the same story (shown as "also from"). */
  alsoFrom: { itemId: number; sourceId: number; sourceName: string; url: string | null }[];
}

/** Does a source's cadence let its items into the checkpoint at `due`? */
export function cadenceAllows(cadence: string, spec: ScheduleSpec, due: Date): boolean {
  if (cadence === 'every' || cadence === '') return true;
  if (cadence === 'daily') return isFirstOfDay(spec, due);
  const weekly = /^weekly:(mon|tue|wed|thu|fri|sat|sun)$/.exec(cadence);
  if (weekly) return localWeekday(due, spec.tz) === weekly[1] && isFirstOfDay(spec, due);
  return true;
}

/**
 * What the user did with each source's items in the 30 days before `at`: items opened, and
 * items the user dismissed. Dismissals are those the user made (an `item.dismissed` ledger
 * event, still dismissed): a mute rule also sets `dismissed_at` when an item arrives, but that
 * is the rule acting, not the user turning the source down, and must not lower the source.
 */
export async function sourceAffinity(
  db: Executor,
  userId: number,
  at: number,
): Promise<Map<number, { opened: number; dismissed: number }>> {
  const since = at - AFFINITY_WINDOW_MS;
  // One after the other: inside a transaction both share its one connection.
  const opened = await db
    .selectFrom('items')
    .select((eb) => ['source_id', eb.fn.count<number>('read_at').as('n')])
    .where('user_id', '=', userId)
    .where('received_at', '>=', since)
    .groupBy('source_id')
    .execute();
  const dismissed = await db
    .selectFrom('ledger_events')
    .innerJoin('items', 'items.id', 'ledger_events.item_id')
    .select((eb) => ['items.source_id', eb.fn.count<number>('items.id').distinct().as('n')])
    .where('ledger_events.user_id', '=', userId)
    .where('ledger_events.type', '=', 'item.dismissed')
    .where('ledger_events.at', '>=', since)
    .where('items.received_at', '>=', since)
    .where('items.dismissed_at', 'is not', null)
    .groupBy('items.source_id')
    .execute();
  const affinity = new Map<number, { opened: number; dismissed: number }>();
  for (const row of opened)
    if (Number(row.n) > 0) affinity.set(row.source_id, { opened: Number(row.n), dismissed: 0 });
  for (const row of dismissed) {
    const entry = affinity.get(row.source_id) ?? { opened: 0, dismissed: 0 };
    affinity.set(row.source_id, { ...entry, dismissed: Number(row.n) });
  }
  return affinity;
}

/**
 * The user's held items at `at`, ranked: unseen, not dismissed or read, arrived by `at`,
 * allowed by their source's cadence; one representative per cluster (the best-scored), the
 * others listed as "also from". `cadenceAt` is the checkpoint time (null: pull now, which
 * ignores cadence because the user asked).
 */
export async function rankHeld(
  db: Executor,
  userId: number,
  spec: ScheduleSpec,
  at: number,
  cadenceAt: Date | null,
): Promise<RankedItem[]> {
  const rules = (await activeRules(db, userId)).filter(
    (r) => r.spec.action === 'boost' || r.spec.action === 'lower',
  );
  const needs = new Set(rules.flatMap((r) => r.spec.when.map((c) => c.field)));
  const column = (field: keyof typeof TEXT_FIELDS) =>
    needs.has(field)
      ? sql<string | null>`${sql.ref(`items.${TEXT_FIELDS[field]}`)}`
      : sql<null>`null`;
  const items = await db
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
      needs.has('host')
        ? 'url'
        : sql<string | null>`case when cluster_id is not null then url end`.as('url'),
      column('title').as('title'),
      column('author').as('author'),
      (needs.has('content') ? sql<string | null>`summary` : sql<null>`null`).as('summary'),
      column('content').as('content_html'),
    ])
    .where('user_id', '=', userId)
    .where('seen_checkpoint_id', 'is', null)
    .where('dismissed_at', 'is', null)
    .where('read_at', 'is', null)
    .where('received_at', '<=', at)
    .where('received_at', '>=', at - MAX_AGE_MS)
    .execute();
  const sources = new Map(
    (
      await db
        .selectFrom('sources')
        .select(['id', 'name', 'kind', 'weight', 'cadence'])
        .where('user_id', '=', userId)
        .execute()
    ).map((s) => [s.id, s]),
  );
  const rows: CandidateRow[] = [];
  for (const item of items) {
    const source = sources.get(item.source_id);
    if (!source) continue; // removed meanwhile
    const row = item as CandidateRow;
    row.source_name = source.name;
    row.source_kind = source.kind;
    row.source_weight = source.weight;
    row.source_cadence = source.cadence;
    rows.push(row);
  }
  const allowed = cadenceAt
    ? rows.filter((r) => cadenceAllows(r.source_cadence, spec, cadenceAt))
    : rows;
  if (allowed.length === 0) return [];

  const affinity = await sourceAffinity(db, userId, at);

  const clusterSizes = new Map<number, number>();
  for (const r of allowed)
    if (r.cluster_id !== null)
      clusterSizes.set(r.cluster_id, (clusterSizes.get(r.cluster_id) ?? 0) + 1);

  const scored = allowed.map((row): RankedItem => {
    const boosts = rules.length
      ? matching(
          rules,
          ruleSubject(row, { id: row.source_id, name: row.source_name, kind: row.source_kind }),
        ).map((r) => ({
          name: r.spec.name,
          amount: (r.spec.action === 'lower' ? -1 : 1) * (r.spec.amount ?? 10),
        }))
      : [];
    const input: RankInput = {
      kind: row.kind,
      priority: row.priority,
      receivedAt: row.received_at,
      publishedAt: row.published_at,
      sourceName: row.source_name,
      sourceWeight: row.source_weight,
      ruleBoosts: boosts,
      clusterSize: row.cluster_id === null ? 1 : (clusterSizes.get(row.cluster_id) ?? 1),
      opened: affinity.get(row.source_id)?.opened ?? 0,
      dismissed: affinity.get(row.source_id)?.dismissed ?? 0,
    };
    let parts: ScorePart[] | undefined;
    return {
      id: row.id,
      sourceId: row.source_id,
      score: scoreOf(input, at),
      seconds: row.reading_seconds,
      // The reasons are made when asked for: only the few items shown ever are.
      get parts() {
        parts ??= scoreItem(input, at).parts;
        return parts;
      },
      row,
      alsoFrom: [],
    };
  });

  // One representative per cluster: the best-scored member; the rest are "also from".
  const best = new Map<number, RankedItem>();
  for (const item of scored) {
    const cluster = item.row.cluster_id;
    if (cluster === null) continue;
    const current = best.get(cluster);
    if (
      !current ||
      item.score > current.score ||
      (item.score === current.score && item.id < current.id)
    ) {
      best.set(cluster, item);
    }
  }
  const out: RankedItem[] = [];
  for (const item of scored) {
    const cluster = item.row.cluster_id;
    if (cluster === null || best.get(cluster) === item) out.push(item);
    else {
      best.get(cluster)!.alsoFrom.push({
        itemId: item.id,
        sourceId: item.sourceId,
        sourceName: item.row.source_name,
        url: item.row.url,
      });
    }
  }
  return out.sort((a, b) => b.score - a.score || b.id - a.id);
}

/** Fits ranked items to the budget (minutes) and per-source limit. */
export function fitDigest(
  ranked: RankedItem[],
  budgetMinutes: number,
  perSource: number,
): Fitted<RankedItem> {
  return fitBudget(ranked, budgetMinutes * 60, perSource);
}

/** A held item whole, with its source, as a digest shows it. */
export type HeldRow = ItemRow & { source_name: string; source_kind: string };

/** The whole rows of ranked items (a digest's, a page of "later"), by id. */
export async function heldRows(
  db: Executor,
  ids: readonly number[],
): Promise<Map<number, HeldRow>> {
  const out = new Map<number, HeldRow>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('items')
      .innerJoin('sources', 'sources.id', 'items.source_id')
      .selectAll('items')
      .select(['sources.name as source_name', 'sources.kind as source_kind'])
      .where('items.id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) out.set(row.id, row);
  }
  return out;
}
