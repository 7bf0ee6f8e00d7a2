import type { Executor } from '../../db/connect.ts';
import { findItemsWithSource, type ItemWithSource } from '../../db/repos/items.ts';
import { countDismissedBySource } from '../../db/repos/ledger-events.ts';
import {
  type CandidateItemRow,
  countOpenedBySource,
  listBacklogItems,
  listRankCandidates,
  listRankSources,
} from '../../db/repos/rank-candidates.ts';
import {
  type Fitted,
  fitBudget,
  type RankInput,
  type ScorePart,
  scoreItem,
  scoreOf,
} from '../../domain/ranking.ts';
import { isFirstOfDay, localWeekday, type ScheduleSpec } from '../../domain/schedule.ts';
import { type ActiveRule, activeRules, matching, ruleSubject } from './rules.ts';

/** Items older than this are no longer offered at checkpoints (still searchable). */
const MAX_AGE_MS = 14 * 86_400_000;
const AFFINITY_WINDOW_MS = 30 * 86_400_000;
/** Items published this long before their source was added are its backlog. */
export const BACKLOG_AGE_MS = 7 * 86_400_000;
/** Of a source's backlog, this many of the newest join checkpoints and Later. */
export const BACKLOG_HEAD = 5;

/** Which of a first subscription's backlog ranking offers. */
export interface RankOptions {
  /** `head` (default): each source's 5 newest only; `all`: every one (pull now). */
  backlog?: 'head' | 'all';
}

/**
 * What ranking reads of a candidate: the scoring inputs, the text fields only when a boost or
 * lower rule looks at them (null otherwise), and its source's fields, shared from one row per
 * source. The digest's items are loaded whole afterwards (`heldRows`).
 */
export interface CandidateRow extends CandidateItemRow {
  source_name: string;
  source_kind: string;
  source_weight: number;
  source_cadence: string;
}

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
  const opened = await countOpenedBySource(db, userId, since);
  const dismissed = await countDismissedBySource(db, userId, since);
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
 * The ids of backlog items past each source's newest {@link BACKLOG_HEAD}: a first
 * subscription's old posts (published more than 7 days before the source was added), which
 * wait in the source's backlog list instead of filling checkpoints. The head is fixed (newest
 * of all the backlog, whatever the user did with them), so that it does not drip 5 more into
 * every checkpoint.
 */
export async function backlogBeyondHead(
  db: Executor,
  userId: number,
  at: number,
): Promise<Set<number>> {
  const rows = await listBacklogItems(db, userId, at - MAX_AGE_MS, BACKLOG_AGE_MS);
  const bySource = new Map<number, typeof rows>();
  for (const row of rows) {
    const list = bySource.get(row.source_id) ?? [];
    list.push(row);
    bySource.set(row.source_id, list);
  }
  const beyond = new Set<number>();
  for (const list of bySource.values()) {
    list.sort((a, b) => b.published_at - a.published_at || b.id - a.id);
    for (const row of list.slice(BACKLOG_HEAD)) beyond.add(row.id);
  }
  return beyond;
}

/**
 * The user's held items at `at`, ranked: unseen, not dismissed or read, arrived by `at`,
 * allowed by their source's cadence, of a source's backlog only its newest 5 (unless
 * `options.backlog` is `all`); one representative per cluster (the best-scored), the others
 * listed as "also from". `cadenceAt` is the checkpoint time (null: pull now, which ignores
 * cadence because the user asked).
 */
export async function rankHeld(
  db: Executor,
  userId: number,
  spec: ScheduleSpec,
  at: number,
  cadenceAt: Date | null,
  options: RankOptions = {},
): Promise<RankedItem[]> {
  const rules = (await activeRules(db, userId)).filter(
    (r) => r.spec.action === 'boost' || r.spec.action === 'lower',
  );
  const rows = await heldCandidates(db, userId, at, rules);
  const hidden = options.backlog === 'all' ? null : await backlogBeyondHead(db, userId, at);
  const allowed = rows.filter(
    (r) => !hidden?.has(r.id) && (!cadenceAt || cadenceAllows(r.source_cadence, spec, cadenceAt)),
  );
  if (allowed.length === 0) return [];

  const affinity = await sourceAffinity(db, userId, at);

  // A story's size is the number of sources carrying it: one blog's items are one voice.
  const clusterSources = new Map<number, Set<number>>();
  for (const r of allowed) {
    if (r.cluster_id === null) continue;
    const sources = clusterSources.get(r.cluster_id) ?? new Set<number>();
    sources.add(r.source_id);
    clusterSources.set(r.cluster_id, sources);
  }

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
      clusterSize: row.cluster_id === null ? 1 : (clusterSources.get(row.cluster_id)?.size ?? 1),
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

  return oneByCluster(scored);
}

/**
 * The user's held items at `at` with their source's fields, reading the text fields only
 * where a rule looks at them (`host` is read from the url).
 */
async function heldCandidates(
  db: Executor,
  userId: number,
  at: number,
  rules: readonly ActiveRule[],
): Promise<CandidateRow[]> {
  const needs = new Set<string>(rules.flatMap((r) => r.spec.when.map((c) => c.field)));
  const items = await listRankCandidates(db, userId, at - MAX_AGE_MS, at, {
    title: needs.has('title'),
    author: needs.has('author'),
    url: needs.has('host'),
    content: needs.has('content'),
  });
  const sources = new Map((await listRankSources(db, userId)).map((s) => [s.id, s]));
  const rows: CandidateRow[] = [];
  for (const item of items) {
    const source = sources.get(item.source_id);
    if (!source) continue; // removed meanwhile
    // Filled in place: a hundred thousand candidates are not copied once more.
    const row = item as CandidateRow;
    row.source_name = source.name;
    row.source_kind = source.kind;
    row.source_weight = source.weight;
    row.source_cadence = source.cadence;
    rows.push(row);
  }
  return rows;
}

/**
 * One representative per cluster: the best-scored member; the rest are its "also from" (those
 * of other sources; the representative's own source's are only folded into it).
 * Returns the representatives and unclustered items, best first.
 */
function oneByCluster(scored: readonly RankedItem[]): RankedItem[] {
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
    const shown = cluster === null ? item : best.get(cluster)!;
    if (shown === item) out.push(item);
    // The same source again (one story pushed three times) is not "also from" anyone.
    else if (shown.sourceId !== item.sourceId) {
      shown.alsoFrom.push({
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
export type HeldRow = ItemWithSource;

/** The whole rows of ranked items (a digest's, a page of "later"), by id. */
export async function heldRows(
  db: Executor,
  ids: readonly number[],
): Promise<Map<number, HeldRow>> {
  return await findItemsWithSource(db, ids);
}
