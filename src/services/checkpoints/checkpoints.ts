import { channelName, channelsOf } from '../../channels/registry.ts';
import { transaction } from '../../db/connect.ts';
import { insertCheckpointItems, listCheckpointItemIds } from '../../db/repos/checkpoint-items.ts';
import {
  advanceScheduleLastDue,
  getCheckpointById,
  insertCheckpoint,
  updateCheckpoint,
} from '../../db/repos/checkpoints.ts';
import { listUsers } from '../../db/repos/users.ts';
import type { ScheduleRow, UserRow } from '../../db/schema.ts';
import type { Notice } from '../../domain/notice.ts';
import { latestDueBetween, localTime } from '../../domain/schedule.ts';
import type { App } from '../app.ts';
import { recordChannelOutcome } from './channel-health.ts';
import { finishCheckpoint } from './checkpoint-done.ts';
import {
  type CheckpointRef,
  type CheckpointView,
  type DigestItem,
  type Overflow,
  storedParts,
  toCheckpointView,
} from './checkpoint-view.ts';
import { checkpointDigest, digestItems, latestCheckpoint, overflowOf } from './digest.ts';
import { type LedgerEvent, recordEvents } from './ledger.ts';
import { fitDigest, rankHeld } from './ranking.ts';
import { ensureSchedule, specOf } from './schedules.ts';

export {
  type DoneResult,
  type DoneSummary,
  doneSummary,
  finishCheckpoint,
  undoDone,
} from './checkpoint-done.ts';
export type { CheckpointRef, CheckpointView, DigestItem, Overflow } from './checkpoint-view.ts';
// Reading a checkpoint lives in digest.ts; its callers have always imported it from here.
export { checkpointDigest, listCheckpoints, shownCheckpoint } from './digest.ts';

export interface PullResult {
  checkpoint: CheckpointRef | null;
  items: DigestItem[];
  /** Per source, what the per-source limit left out (not part of `pull --json`). */
  overflow: Overflow[];
}

/** What one build did, for the scheduler's log and `tick --json`. */
export interface BuiltCheckpoint {
  userId: number;
  checkpoint: CheckpointView;
  notices: string[];
}

/**
 * Builds every checkpoint that is due at the app clock's now, exactly once each: the unique
 * (user, due time) row is the lock, so concurrent ticks and restarts never build twice. After
 * downtime only the latest missed checkpoint is built (one catch-up, not a burst).
 */
export async function buildDueCheckpoints(app: App): Promise<BuiltCheckpoint[]> {
  const now = app.clock.now();
  const users = await listUsers(app.db.kysely);
  const built: BuiltCheckpoint[] = [];
  for (const user of users) {
    const schedule = await ensureSchedule(app.db.kysely, user.id, now.getTime());
    const after = new Date(schedule.last_due_at ?? user.created_at);
    const due = latestDueBetween(specOf(schedule, user.tz), after, now);
    if (!due) continue;
    const result = await buildCheckpoint(app, user, schedule, due);
    await advanceScheduleLastDue(app.db.kysely, user.id, due.getTime());
    if (result) built.push(result);
  }
  return built;
}

/**
 * Builds the checkpoint of `due` for a user unless it exists; then sends its notices. With
 * `first`, it is the first checkpoint the user asked for (first-checkpoint.ts): recorded so in
 * the ledger and sent on no channel, since the user is the one who just asked for it.
 */
export async function buildCheckpoint(
  app: App,
  user: UserRow,
  schedule: ScheduleRow,
  due: Date,
  options: { first?: boolean } = {},
): Promise<BuiltCheckpoint | null> {
  const spec = specOf(schedule, user.tz);
  const builtAt = app.clock.now().getTime();
  const made = await transaction(app.db, async (trx) => {
    const id = await insertCheckpoint(trx, {
      user_id: user.id,
      due_at: due.getTime(),
      budget_minutes: schedule.budget_minutes,
    });
    if (id === undefined) return null;
    // The first checkpoint, asked for, takes every source whatever its cadence.
    const cadenceAt = options.first ? null : due;
    const ranked = await rankHeld(trx, user.id, spec, due.getTime(), cadenceAt);
    const fitted = fitDigest(ranked, schedule.budget_minutes, schedule.per_source_limit);
    const rows = fitted.digest.map((item, index) => ({
      checkpoint_id: id,
      item_id: item.id,
      user_id: user.id,
      rank: index + 1,
      score: item.score,
      seconds: item.seconds,
      parts: storedParts(item),
    }));
    await insertCheckpointItems(trx, rows);
    const overflow = overflowOf(fitted.overflow);
    await updateCheckpoint(trx, id, {
      built_at: builtAt,
      item_count: rows.length,
      total_seconds: fitted.digest.reduce((sum, item) => sum + item.seconds, 0),
      later_count: fitted.later.length + overflow.reduce((sum, o) => sum + o.count, 0),
      overflow: JSON.stringify(overflow),
    });
    await recordEvents(trx, [
      {
        userId: user.id,
        at: builtAt,
        type: 'checkpoint.built',
        checkpointId: id,
        data: { items: rows.length, ...(options.first ? { first: true } : {}) },
      },
    ]);
    return await getCheckpointById(trx, id);
  });
  if (!made) return null;
  const view = toCheckpointView(made);
  const notices =
    view.itemCount > 0 && !options.first
      ? await sendCheckpointNotices(app, user, schedule, view)
      : [];
  app.log.info(
    { user: user.id, checkpoint: view.id, items: view.itemCount, notices },
    'checkpoint built',
  );
  return { userId: user.id, checkpoint: view, notices };
}

/** "Your 12:30 checkpoint is ready (23 items, ~14 min)" on each channel; e-mail gets the digest. */
async function sendCheckpointNotices(
  app: App,
  user: UserRow,
  schedule: ScheduleRow,
  view: CheckpointView,
): Promise<string[]> {
  const channels = channelsOf(schedule.notify);
  if (channels.length === 0) return [];
  const minutes = Math.max(1, Math.round(view.totalSeconds / 60));
  const notice: Notice = {
    kind: 'checkpoint',
    title: `Your ${localTime(new Date(view.dueAt), user.tz)} checkpoint is ready`,
    body: `${view.itemCount} item${view.itemCount === 1 ? '' : 's'}, ~${minutes} min`,
    url: `${app.config.baseUrl}/checkpoint`,
    priority: 3,
    tags: ['checkpoint'],
  };
  const sent: string[] = [];
  const events: LedgerEvent[] = [];
  for (const channel of channels) {
    try {
      if ('email' in channel) {
        const { items } = await checkpointDigest(app, user, view.id, { open: false });
        await app.notifier.sendDigest(channel.email, notice, view, items);
      } else {
        await app.notifier.send(user.id, channel, notice);
      }
      await recordChannelOutcome(app, user.id, channel, null);
      sent.push(channelName(channel));
      events.push({
        userId: user.id,
        at: app.clock.now().getTime(),
        type: 'checkpoint.notice',
        checkpointId: view.id,
        data: { channel: channelName(channel) },
      });
    } catch (error) {
      await recordChannelOutcome(app, user.id, channel, (error as Error).message);
      app.log.warn(
        { user: user.id, checkpoint: view.id, channel: channelName(channel), err: error },
        'checkpoint notice failed',
      );
    }
  }
  await recordEvents(app.db.kysely, events);
  return sent;
}

/**
 * What the user gets when they pull: the current checkpoint (the latest with items, until marked
 * done), opened and recorded as such — or, when none is waiting, a pull-now over everything that has
 * arrived, ranked and fitted the same way, recorded as a pull between checkpoints.
 */
export async function pull(app: App, user: UserRow): Promise<PullResult> {
  const current = await latestCheckpoint(app, user.id);
  // An empty checkpoint has nothing to open: what arrived since is pulled instead.
  if (current && current.done_at === null && current.item_count > 0) {
    const { checkpoint, items } = await checkpointDigest(app, user, current.id, { open: true });
    return {
      checkpoint: {
        id: checkpoint.id,
        dueAt: checkpoint.dueAt,
        builtAt: checkpoint.builtAt,
        budgetMinutes: checkpoint.budgetMinutes,
      },
      items,
      overflow: checkpoint.overflow,
    };
  }
  const now = app.clock.now().getTime();
  const schedule = await ensureSchedule(app.db.kysely, user.id, now);
  // Pull now shows everything that arrived, a new source's backlog included: the user asked.
  const ranked = await rankHeld(app.db.kysely, user.id, specOf(schedule, user.tz), now, null, {
    backlog: 'all',
  });
  const fitted = fitDigest(ranked, schedule.budget_minutes, schedule.per_source_limit);
  await recordEvents(app.db.kysely, [
    { userId: user.id, at: now, type: 'pull', data: { items: fitted.digest.length } },
  ]);
  return {
    checkpoint: null,
    items: await digestItems(app, fitted.digest),
    overflow: overflowOf(fitted.overflow),
  };
}

/**
 * Marks a checkpoint done (default: the latest) and returns it; see {@link finishCheckpoint}
 * for whether it was already done and what its items came to.
 */
export async function markDone(app: App, user: UserRow, id?: number): Promise<CheckpointView> {
  return (await finishCheckpoint(app, user, id)).checkpoint;
}

/** "Later" is listed this many items a page (the best-ranked first); the count says how many wait. */
export const LATER_LIMIT = 50;

/**
 * Held items that are not in the current digest ("later"), ranked: `limit` of them from
 * `offset` (the best first), and how many there are in all. A new source's backlog beyond its
 * newest 5 is not among them (see later.ts `backlogItems`).
 */
export async function laterItems(
  app: App,
  user: UserRow,
  limit = LATER_LIMIT,
  offset = 0,
): Promise<{ items: DigestItem[]; total: number }> {
  const now = app.clock.now().getTime();
  const schedule = await ensureSchedule(app.db.kysely, user.id, now);
  const ranked = await rankHeld(app.db.kysely, user.id, specOf(schedule, user.tz), now, null);
  const current = await latestCheckpoint(app, user.id);
  const inDigest = new Set<number>();
  if (current && current.done_at === null) {
    for (const itemId of await listCheckpointItemIds(app.db.kysely, current.id))
      inDigest.add(itemId);
  }
  const later = ranked.filter((item) => !inDigest.has(item.id));
  return {
    items: await digestItems(app, later.slice(offset, offset + limit)),
    total: later.length,
  };
}
