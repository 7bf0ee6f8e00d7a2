import { transaction } from '../../db/connect.ts';
import { listCheckpointItemIds } from '../../db/repos/checkpoint-items.ts';
import {
  dismissInstantTaken,
  dismissItemsAt,
  undismissItemsAt,
} from '../../db/repos/held-dismissals.ts';
import type { UserRow } from '../../db/schema.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import type { DigestItem } from './checkpoint-view.ts';
import { digestItems, latestCheckpoint } from './digest.ts';
import { type RankedItem, rankHeld } from './ranking.ts';
import { ensureSchedule, specOf } from './schedules.ts';

/**
 * Later: the held items outside the open digest, a page at a time, and the two ways out of a
 * backlog a user of Feedbin or Miniflux expects — "dismiss all older than …" and "start fresh"
 * — each undoable as one batch (see held-dismissals.ts for how a batch is named).
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

/** Dismisses the given items as one batch at a fresh instant; its batch id is that instant. */
async function dismissBatch(
  app: App,
  user: UserRow,
  ids: number[],
): Promise<{ batchId: number; count: number }> {
  return await transaction(app.db, async (trx) => {
    let at = app.clock.now().getTime();
    // Two batches in one millisecond (or a single dismissal then) would share an undo.
    while (await dismissInstantTaken(trx, user.id, at)) at += 1;
    return { batchId: at, count: await dismissItemsAt(trx, user.id, ids, at) };
  });
}

/**
 * Dismisses every Later item published before `date`; undo with {@link undoDismiss}.
 *
 * @example const { batchId, count } = await dismissOlderThan(app, user, weekAgo);
 */
export async function dismissOlderThan(
  app: App,
  user: UserRow,
  date: Date,
): Promise<{ batchId: number; count: number }> {
  const cutoff = date.getTime();
  if (Number.isNaN(cutoff)) throw new ValidationError('later: not a date');
  const later = await laterRanked(app, user);
  const ids = later.filter((item) => item.row.published_at < cutoff).map((item) => item.id);
  return await dismissBatch(app, user, ids);
}

/**
 * "Start fresh": dismisses everything in Later (the open digest stays); undo with
 * {@link undoDismiss}.
 *
 * @example const { batchId, count } = await startFresh(app, user);
 */
export async function startFresh(
  app: App,
  user: UserRow,
): Promise<{ batchId: number; count: number }> {
  const later = await laterRanked(app, user);
  return await dismissBatch(
    app,
    user,
    later.map((item) => item.id),
  );
}

/**
 * Undoes a batch of {@link dismissOlderThan} or {@link startFresh}: its items are held again.
 *
 * @example const { count } = await undoDismiss(app, user, batchId);
 */
export async function undoDismiss(
  app: App,
  user: UserRow,
  batchId: number,
): Promise<{ count: number }> {
  if (!Number.isSafeInteger(batchId) || batchId <= 0)
    throw new ValidationError('later: not a batch to undo');
  return { count: await undismissItemsAt(app.db.kysely, user.id, batchId) };
}
