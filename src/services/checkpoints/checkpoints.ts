import { channelName, channelsOf } from '../../channels/registry.ts';
import { transaction } from '../../db/connect.ts';
import {
  insertCheckpointItems,
  listCheckpointItemIds,
  listCheckpointMembers,
} from '../../db/repos/checkpoint-items.ts';
import {
  advanceScheduleLastDue,
  getCheckpointById,
  insertCheckpoint,
  stampCheckpoint,
  updateCheckpoint,
} from '../../db/repos/checkpoints.ts';
import { markClustersSeen, markItemsSeen } from '../../db/repos/items.ts';
import { listUsers } from '../../db/repos/users.ts';
import type { ScheduleRow, UserRow } from '../../db/schema.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { Notice } from '../../domain/notice.ts';
import { latestDueBetween, localTime } from '../../domain/schedule.ts';
import type { App } from '../app.ts';
import { recordChannelOutcome } from './channel-health.ts';
import {
  type CheckpointRef,
  type CheckpointView,
  type DigestItem,
  type Overflow,
  storedParts,
  toCheckpointView,
} from './checkpoint-view.ts';
import {
  checkpointDigest,
  digestItems,
  findCheckpoint,
  latestCheckpoint,
  overflowOf,
} from './digest.ts';
import { type LedgerEvent, recordEvents } from './ledger.ts';
import { fitDigest, rankHeld } from './ranking.ts';
import { ensureSchedule, specOf } from './schedules.ts';

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

/** Builds the checkpoint of `due` for a user unless it exists; then sends its notices. */
export async function buildCheckpoint(
  app: App,
  user: UserRow,
  schedule: ScheduleRow,
  due: Date,
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
    const ranked = await rankHeld(trx, user.id, spec, due.getTime(), due);
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
        data: { items: rows.length },
      },
    ]);
    return await getCheckpointById(trx, id);
  });
  if (!made) return null;
  const view = toCheckpointView(made);
  const notices = view.itemCount > 0 ? await sendCheckpointNotices(app, user, schedule, view) : [];
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
 * What the user gets when they pull: the current checkpoint (the latest, until marked done),
 * opened and recorded as such — or, when none is waiting, a pull-now over everything that has
 * arrived, ranked and fitted the same way, recorded as a pull between checkpoints.
 */
export async function pull(app: App, user: UserRow): Promise<PullResult> {
  const current = await latestCheckpoint(app, user.id);
  if (current && current.done_at === null) {
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
  const ranked = await rankHeld(app.db.kysely, user.id, specOf(schedule, user.tz), now, null);
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
 * Marks a checkpoint done (default: the latest): its items, and the other items of their
 * clusters, count as seen and will not come back; read/starred/dismissed states stay.
 */
export async function markDone(app: App, user: UserRow, id?: number): Promise<CheckpointView> {
  const row =
    id === undefined
      ? await latestCheckpoint(app, user.id)
      : await findCheckpoint(app, user.id, id);
  if (!row) throw new NotFoundError('checkpoint: there is no checkpoint yet');
  const at = app.clock.now().getTime();
  await transaction(app.db, async (trx) => {
    if (!(await stampCheckpoint(trx, row.id, 'done_at', at))) return;
    const members = await listCheckpointMembers(trx, row.id);
    const ids = members.map((m) => m.id);
    const clusters = [
      ...new Set(members.map((m) => m.cluster_id).filter((c): c is number => c !== null)),
    ];
    await markItemsSeen(trx, ids, row.id);
    await markClustersSeen(trx, user.id, clusters, row.id);
    await recordEvents(trx, [
      {
        userId: user.id,
        at,
        type: 'checkpoint.done',
        checkpointId: row.id,
        data: { items: ids.length },
      },
    ]);
  });
  return toCheckpointView(await findCheckpoint(app, user.id, row.id));
}

/** At most this many "later" items are listed (the best-ranked); the count says how many wait. */
export const LATER_LIMIT = 200;

/**
 * Held items that are not in the current digest ("later"), ranked: the best `limit` of them,
 * and how many there are in all.
 */
export async function laterItems(
  app: App,
  user: UserRow,
  limit = LATER_LIMIT,
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
  return { items: await digestItems(app, later.slice(0, limit)), total: later.length };
}
