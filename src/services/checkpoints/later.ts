import { transaction } from '../../db/connect.ts';
import { listCheckpointItemIds } from '../../db/repos/checkpoint-items.ts';
import {
  dismissHeldItems,
  findDismissBatch,
  undoDismissBatch,
} from '../../db/repos/dismiss-batches.ts';
import { listItems } from '../../db/repos/items.ts';
import { countBacklogBySource } from '../../db/repos/rank-candidates.ts';
import type { UserRow } from '../../db/schema.ts';
import { invalid, NotFoundError } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import { type ItemCardView, toItemCard } from '../items/item-view.ts';
import type { DigestItem } from './checkpoint-view.ts';
import { digestItems, latestCheckpoint } from './digest.ts';
import { BACKLOG_AGE_MS, type RankedItem, rankHeld } from './ranking.ts';
import { ensureSchedule, specOf } from './schedules.ts';

/**
 * Later: the held items outside the open digest, a page at a time; clearing it in bulk
 * ("dismiss all older than …", "start fresh"), each undoable as one batch; and a new source's
 * backlog: the old posts a first subscription brings, kept out of checkpoints but one click away.
 */

/** Held items outside the open digest (if any), ranked best first. */
async function laterRanked(app: App, user: UserRow): Promise<RankedItem[]> {
  const now = app.clock.now().getTime();
  const schedule = await ensureSchedule(app.db.kysely, user.id, now);
  const ranked = await rankHeld(app.db.kysely, user.id, specOf(schedule, user.tz), now, null);
  const current = await latestCheckpoint(app, user.id);
  if (!current || current.done_at !== null) return ranked;
  const inDigest = new Set(await listCheckpointItemIds(app.db.kysely, current.id));
  return ranked.filter((item) => !inDigest.has(item.id));
}

/**
 * One page of Later, and how many items wait in all.
 *
 * @example const { items, total } = await laterPage(app, user, { offset: 50, limit: 50 });
 */
export async function laterPage(
  app: App,
  user: UserRow,
  page: { offset: number; limit: number },
): Promise<{ items: DigestItem[]; total: number }> {
  const later = await laterRanked(app, user);
  const slice = later.slice(page.offset, page.offset + page.limit);
  return { items: await digestItems(app, slice), total: later.length };
}

/** What a bulk dismissal did: the batch to undo, and how many items it took. */
export interface DismissResult {
  batchId: number;
  count: number;
}

type Who = Pick<UserRow, 'id'>;

/**
 * Dismisses the given Later items as one undoable batch (those still held and not starred:
 * one read or starred meanwhile stays as it is).
 */
async function dismissBatch(
  app: App,
  user: Who,
  kind: 'older' | 'fresh',
  ids: readonly number[],
): Promise<DismissResult> {
  const at = app.clock.now().getTime();
  const batch = await transaction(app.db, async (trx) =>
    dismissHeldItems(trx, user.id, kind, ids, at),
  );
  return { batchId: batch.id, count: batch.item_count };
}

/**
 * "Dismiss all older than …": every item in Later (held, outside the open digest) dated
 * before `date` — its own date, else its arrival — is dismissed; starred ones stay.
 *
 * @example const { batchId } = await dismissOlderThan(app, user, new Date('2026-03-01'))
 */
export async function dismissOlderThan(
  app: App,
  user: UserRow,
  date: Date,
): Promise<DismissResult> {
  const before = date.getTime();
  if (!Number.isFinite(before))
    throw invalid('later: the date is not a valid date', 'later.badDate');
  const later = await laterRanked(app, user);
  const ids = later.filter((item) => item.row.published_at < before).map((item) => item.id);
  return await dismissBatch(app, user, 'older', ids);
}

/**
 * "Start fresh": everything in Later is dismissed (the open digest and starred items stay;
 * a new source's backlog stays one click away).
 *
 * @example const { batchId, count } = await startFresh(app, user)
 */
export async function startFresh(app: App, user: UserRow): Promise<DismissResult> {
  const later = await laterRanked(app, user);
  return await dismissBatch(
    app,
    user,
    'fresh',
    later.map((item) => item.id),
  );
}

/**
 * Undoes a bulk dismissal: its items are held again (those dismissed by hand since stay so).
 * NotFoundError when the batch is not the user's or was undone already.
 *
 * @example await undoDismiss(app, user, batchId) // { restored: 412 }
 */
export async function undoDismiss(
  app: App,
  user: Who,
  batchId: number,
): Promise<{ restored: number }> {
  return await transaction(app.db, async (trx) => {
    const batch = await findDismissBatch(trx, user.id, batchId);
    if (!batch) throw new NotFoundError(`later: no dismissal ${batchId} to undo`);
    return { restored: await undoDismissBatch(trx, batch) };
  });
}

/** A source with a backlog, for the "backlog of …" links. */
export interface BacklogSource {
  sourceId: number;
  sourceName: string;
  count: number;
}

/** The user's sources with a backlog (posts dated over 7 days before the source was added). */
export async function backlogSources(app: App, user: Who): Promise<BacklogSource[]> {
  return (await countBacklogBySource(app.db.kysely, user.id, BACKLOG_AGE_MS)).map((r) => ({
    sourceId: r.source_id,
    sourceName: r.source_name,
    count: r.n,
  }));
}

/**
 * One page of a source's backlog, newest first, whatever its state; `source` is undefined
 * when the source has no backlog (or is not the user's).
 *
 * @example await backlogItems(app, user, sourceId, { offset: 0, limit: 50 })
 */
export async function backlogItems(
  app: App,
  user: Who,
  sourceId: number,
  page: { offset: number; limit: number },
): Promise<{ source: BacklogSource | undefined; items: ItemCardView[] }> {
  const source = (await backlogSources(app, user)).find((s) => s.sourceId === sourceId);
  if (!source) return { source, items: [] };
  const rows = await listItems(app.db.kysely, user.id, {
    sourceId,
    backlogAgeMs: BACKLOG_AGE_MS,
    offset: page.offset,
    limit: page.limit,
  });
  return { source, items: rows.map(toItemCard) };
}
