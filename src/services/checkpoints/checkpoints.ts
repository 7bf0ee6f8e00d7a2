import { channelName, channelsOf } from '../../channels/registry.ts';
import { transaction } from '../../db/connect.ts';
import type { CheckpointRow, ScheduleRow, UserRow } from '../../db/schema.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { Notice } from '../../domain/notice.ts';
import type { ScorePart } from '../../domain/ranking.ts';
import { latestDueBetween, localTime } from '../../domain/schedule.ts';
import type { Item } from '../../domain/types.ts';
import type { App } from '../app.ts';
import { toItemView } from '../items/items.ts';
import { type LedgerEvent, recordEvents } from './ledger.ts';
import { fitDigest, type HeldRow, heldRows, type RankedItem, rankHeld } from './ranking.ts';
import { ensureSchedule, specOf } from './schedules.ts';

/** A checkpoint as `pull --json` shows it (DESIGN.md / issue: exactly these keys). */
export interface CheckpointRef {
  id: number;
  dueAt: string;
  builtAt: string | null;
  budgetMinutes: number;
}

/** A checkpoint with its figures, for the web app and `/api/v1/checkpoints`. */
export interface CheckpointView extends CheckpointRef {
  openedAt: string | null;
  doneAt: string | null;
  itemCount: number;
  totalSeconds: number;
  laterCount: number;
  overflow: Overflow[];
}

/** An item of a digest: the item shape plus why it is there. */
export type DigestItem = Item & {
  summary: string | null;
  score: number;
  parts: ScorePart[];
  readingSeconds: number;
  sourceName: string;
  alsoFrom: { itemId: number; sourceId: number; sourceName: string; url: string | null }[];
};

/** Items of one source past the per-source limit ("+12 more from X"). */
export interface Overflow {
  sourceId: number;
  sourceName: string;
  count: number;
}

export interface PullResult {
  checkpoint: CheckpointRef | null;
  items: DigestItem[];
  /** Per source, what the per-source limit left out (not part of `pull --json`). */
  overflow: Overflow[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toCheckpointRef(row: CheckpointRow): CheckpointRef {
  return {
    id: row.id,
    dueAt: new Date(row.due_at).toISOString(),
    builtAt: iso(row.built_at),
    budgetMinutes: row.budget_minutes,
  };
}

export function toCheckpointView(row: CheckpointRow): CheckpointView {
  return {
    ...toCheckpointRef(row),
    openedAt: iso(row.opened_at),
    doneAt: iso(row.done_at),
    itemCount: row.item_count,
    totalSeconds: row.total_seconds,
    laterCount: row.later_count,
    overflow: JSON.parse(row.overflow) as CheckpointView['overflow'],
  };
}

function toDigestItem(item: RankedItem, row: HeldRow): DigestItem {
  return {
    ...toItemView(row),
    summary: row.summary,
    score: item.score,
    parts: item.parts,
    readingSeconds: item.seconds,
    sourceName: row.source_name,
    alsoFrom: item.alsoFrom,
  };
}

/** Ranked items as the digest shows them, their whole rows loaded now (ranking reads less). */
async function digestItems(app: App, ranked: readonly RankedItem[]): Promise<DigestItem[]> {
  const rows = await heldRows(
    app.db.kysely,
    ranked.map((item) => item.id),
  );
  return ranked.flatMap((item) => {
    const row = rows.get(item.id);
    return row ? [toDigestItem(item, row)] : [];
  });
}

function overflowOf(overflow: Map<number, RankedItem[]>): Overflow[] {
  return [...overflow].map(([sourceId, items]) => ({
    sourceId,
    sourceName: items[0]!.row.source_name,
    count: items.length,
  }));
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
  const users = await app.db.kysely.selectFrom('users').selectAll().execute();
  const built: BuiltCheckpoint[] = [];
  for (const user of users) {
    const schedule = await ensureSchedule(app.db.kysely, user.id, now.getTime());
    const after = new Date(schedule.last_due_at ?? user.created_at);
    const due = latestDueBetween(specOf(schedule, user.tz), after, now);
    if (!due) continue;
    const result = await buildCheckpoint(app, user, schedule, due);
    await app.db.kysely
      .updateTable('schedules')
      .set({ last_due_at: due.getTime() })
      .where('user_id', '=', user.id)
      .where((eb) => eb.or([eb('last_due_at', 'is', null), eb('last_due_at', '<', due.getTime())]))
      .execute();
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
    const inserted = await trx
      .insertInto('checkpoints')
      .values({ user_id: user.id, due_at: due.getTime(), budget_minutes: schedule.budget_minutes })
      .onConflict((oc) => oc.columns(['user_id', 'due_at']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return null;
    const ranked = await rankHeld(trx, user.id, spec, due.getTime(), due);
    const fitted = fitDigest(ranked, schedule.budget_minutes, schedule.per_source_limit);
    const rows = fitted.digest.map((item, index) => ({
      checkpoint_id: inserted.id,
      item_id: item.id,
      user_id: user.id,
      rank: index + 1,
      score: item.score,
      seconds: item.seconds,
      parts: JSON.stringify({ parts: item.parts, alsoFrom: item.alsoFrom }),
    }));
    for (let i = 0; i < rows.length; i += 100)
      await trx
        .insertInto('checkpoint_items')
        .values(rows.slice(i, i + 100))
        .execute();
    const overflow = overflowOf(fitted.overflow);
    await trx
      .updateTable('checkpoints')
      .set({
        built_at: builtAt,
        item_count: rows.length,
        total_seconds: fitted.digest.reduce((sum, item) => sum + item.seconds, 0),
        later_count: fitted.later.length + overflow.reduce((sum, o) => sum + o.count, 0),
        overflow: JSON.stringify(overflow),
      })
      .where('id', '=', inserted.id)
      .execute();
    await recordEvents(trx, [
      {
        userId: user.id,
        at: builtAt,
        type: 'checkpoint.built',
        checkpointId: inserted.id,
        data: { items: rows.length },
      },
    ]);
    return await trx
      .selectFrom('checkpoints')
      .selectAll()
      .where('id', '=', inserted.id)
      .executeTakeFirstOrThrow();
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
      sent.push(channelName(channel));
      events.push({
        userId: user.id,
        at: app.clock.now().getTime(),
        type: 'checkpoint.notice',
        checkpointId: view.id,
        data: { channel: channelName(channel) },
      });
    } catch (error) {
      app.log.warn(
        { user: user.id, checkpoint: view.id, channel: channelName(channel), err: error },
        'checkpoint notice failed',
      );
    }
  }
  await recordEvents(app.db.kysely, events);
  return sent;
}

/** The latest checkpoint of the user, if any. */
async function latestCheckpoint(app: App, userId: number): Promise<CheckpointRow | undefined> {
  return await app.db.kysely
    .selectFrom('checkpoints')
    .selectAll()
    .where('user_id', '=', userId)
    .where('built_at', 'is not', null)
    .orderBy('due_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

async function findCheckpoint(app: App, userId: number, id: number): Promise<CheckpointRow> {
  const row = await app.db.kysely
    .selectFrom('checkpoints')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`checkpoint: no checkpoint ${id}`);
  return row;
}

/** The digest of one checkpoint, in rank order. With `open`, records that the user opened it. */
export async function checkpointDigest(
  app: App,
  user: Pick<UserRow, 'id'>,
  id: number,
  options: { open: boolean },
): Promise<{ checkpoint: CheckpointView; items: DigestItem[] }> {
  let row = await findCheckpoint(app, user.id, id);
  if (options.open && row.opened_at === null) {
    const at = app.clock.now().getTime();
    await transaction(app.db, async (trx) => {
      const updated = await trx
        .updateTable('checkpoints')
        .set({ opened_at: at })
        .where('id', '=', id)
        .where('opened_at', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) > 0) {
        await recordEvents(trx, [
          { userId: user.id, at, type: 'checkpoint.opened', checkpointId: id },
        ]);
      }
    });
    row = await findCheckpoint(app, user.id, id);
  }
  const entries = await app.db.kysely
    .selectFrom('checkpoint_items')
    .innerJoin('items', 'items.id', 'checkpoint_items.item_id')
    .innerJoin('sources', 'sources.id', 'items.source_id')
    .selectAll('items')
    .select([
      'checkpoint_items.rank',
      'checkpoint_items.score',
      'checkpoint_items.seconds',
      'checkpoint_items.parts',
      'sources.kind as source_kind',
      'sources.name as source_name',
    ])
    .where('checkpoint_items.checkpoint_id', '=', id)
    .orderBy('checkpoint_items.rank')
    .execute();
  const items = entries.map((e): DigestItem => {
    const extra = JSON.parse(e.parts) as { parts: ScorePart[]; alsoFrom: DigestItem['alsoFrom'] };
    return {
      ...toItemView(e),
      summary: e.summary,
      score: e.score,
      parts: extra.parts,
      readingSeconds: e.seconds,
      sourceName: e.source_name,
      alsoFrom: extra.alsoFrom ?? [],
    };
  });
  return { checkpoint: toCheckpointView(row), items };
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
    const updated = await trx
      .updateTable('checkpoints')
      .set({ done_at: at })
      .where('id', '=', row.id)
      .where('done_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return;
    const members = await trx
      .selectFrom('checkpoint_items')
      .innerJoin('items', 'items.id', 'checkpoint_items.item_id')
      .select(['items.id', 'items.cluster_id'])
      .where('checkpoint_items.checkpoint_id', '=', row.id)
      .execute();
    const ids = members.map((m) => m.id);
    const clusters = [
      ...new Set(members.map((m) => m.cluster_id).filter((c): c is number => c !== null)),
    ];
    for (let i = 0; i < ids.length; i += 400) {
      await trx
        .updateTable('items')
        .set({ seen_checkpoint_id: row.id })
        .where('id', 'in', ids.slice(i, i + 400))
        .where('seen_checkpoint_id', 'is', null)
        .execute();
    }
    for (let i = 0; i < clusters.length; i += 400) {
      await trx
        .updateTable('items')
        .set({ seen_checkpoint_id: row.id })
        .where('user_id', '=', user.id)
        .where('cluster_id', 'in', clusters.slice(i, i + 400))
        .where('seen_checkpoint_id', 'is', null)
        .execute();
    }
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

/** Recent checkpoints of the user, newest first. */
export async function listCheckpoints(
  app: App,
  userId: number,
  limit = 20,
): Promise<CheckpointView[]> {
  const rows = await app.db.kysely
    .selectFrom('checkpoints')
    .selectAll()
    .where('user_id', '=', userId)
    .where('built_at', 'is not', null)
    .orderBy('due_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toCheckpointView);
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
    const rows = await app.db.kysely
      .selectFrom('checkpoint_items')
      .select('item_id')
      .where('checkpoint_id', '=', current.id)
      .execute();
    for (const r of rows) inDigest.add(r.item_id);
  }
  const later = ranked.filter((item) => !inDigest.has(item.id));
  return { items: await digestItems(app, later.slice(0, limit)), total: later.length };
}
