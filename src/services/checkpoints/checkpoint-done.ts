import { transaction } from '../../db/connect.ts';
import { listCheckpointItemIds, listCheckpointMembers } from '../../db/repos/checkpoint-items.ts';
import { reopenCheckpoint, stampCheckpoint } from '../../db/repos/checkpoints.ts';
import { markClustersSeen, markItemsSeen } from '../../db/repos/items.ts';
import type { UserRow } from '../../db/schema.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import { type CheckpointView, toCheckpointView } from './checkpoint-view.ts';
import { findCheckpoint, latestCheckpoint } from './digest.ts';
import { recordEvents } from './ledger.ts';
import { rankHeld } from './ranking.ts';
import { ensureSchedule, specOf } from './schedules.ts';

/** What a checkpoint's items came to when it was done. */
export interface DoneSummary {
  /** Items of the digest the user read. */
  read: number;
  /** Items of the digest the user dismissed. */
  dismissed: number;
  /** Items of the digest neither read nor dismissed: seen, they will not come back. */
  skipped: number;
  /** Held items outside any open digest: they wait for the next checkpoint ("Later"). */
  later: number;
}

/** The outcome of marking a checkpoint done; `alreadyDone` when an earlier call did it. */
export interface DoneResult {
  checkpoint: CheckpointView;
  alreadyDone: boolean;
  summary: DoneSummary;
}

/** The checkpoint `id` of the user, or their latest; NotFoundError when there is none. */
async function targetCheckpoint(app: App, user: Pick<UserRow, 'id' | 'tz'>, id?: number) {
  const row =
    id === undefined
      ? await latestCheckpoint(app, user.id)
      : await findCheckpoint(app, user.id, id);
  if (!row) throw new NotFoundError('checkpoint: there is no checkpoint yet');
  return row;
}

/** How many held items wait outside the open digest (if any): Later's count. */
async function laterCount(app: App, user: Pick<UserRow, 'id' | 'tz'>): Promise<number> {
  const now = app.clock.now().getTime();
  const schedule = await ensureSchedule(app.db.kysely, user.id, now);
  const ranked = await rankHeld(app.db.kysely, user.id, specOf(schedule, user.tz), now, null);
  const current = await latestCheckpoint(app, user.id);
  if (!current || current.done_at !== null) return ranked.length;
  const inDigest = new Set(await listCheckpointItemIds(app.db.kysely, current.id));
  return ranked.filter((item) => !inDigest.has(item.id)).length;
}

/**
 * Read, dismissed and skipped among a checkpoint's items as they stand now, and how many held
 * items wait for later.
 *
 * @example const { read, dismissed, skipped, later } = await doneSummary(app, user, 12);
 */
export async function doneSummary(
  app: App,
  user: Pick<UserRow, 'id' | 'tz'>,
  id: number,
): Promise<DoneSummary> {
  const row = await findCheckpoint(app, user.id, id);
  const members = await listCheckpointMembers(app.db.kysely, row.id);
  const dismissed = members.filter((m) => m.dismissed_at !== null).length;
  const read = members.filter((m) => m.dismissed_at === null && m.read_at !== null).length;
  const skipped = members.length - read - dismissed;
  return { read, dismissed, skipped, later: await laterCount(app, user) };
}

/**
 * Marks a checkpoint done (default: the latest): its items, and the other items of their
 * clusters, count as seen and will not come back; read/starred/dismissed states stay. Doing it
 * twice (a second tab, the CLI after the web) changes nothing and says `alreadyDone`.
 *
 * @example const { alreadyDone, summary } = await finishCheckpoint(app, user, 12);
 */
export async function finishCheckpoint(
  app: App,
  user: Pick<UserRow, 'id' | 'tz'>,
  id?: number,
): Promise<DoneResult> {
  const row = await targetCheckpoint(app, user, id);
  const at = app.clock.now().getTime();
  const done = await transaction(app.db, async (trx) => {
    if (!(await stampCheckpoint(trx, row.id, 'done_at', at))) return false;
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
    return true;
  });
  return {
    checkpoint: toCheckpointView(await findCheckpoint(app, user.id, row.id)),
    alreadyDone: !done,
    summary: await doneSummary(app, user, row.id),
  };
}

/**
 * Undoes Done (default: on the latest checkpoint): the items it marked seen are held again, as
 * they were before, and the checkpoint is open again. `undone` is false when it was not done.
 * The ledger keeps its `checkpoint.done` event: it is a record of what happened.
 *
 * @example const { undone } = await undoDone(app, user, 12);
 */
export async function undoDone(
  app: App,
  user: Pick<UserRow, 'id' | 'tz'>,
  id?: number,
): Promise<{ checkpoint: CheckpointView; undone: boolean }> {
  const row = await targetCheckpoint(app, user, id);
  const undone = await transaction(app.db, (trx) => reopenCheckpoint(trx, user.id, row.id));
  return { checkpoint: toCheckpointView(await findCheckpoint(app, user.id, row.id)), undone };
}
