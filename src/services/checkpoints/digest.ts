import { transaction } from '../../db/connect.ts';
import { listCheckpointEntries } from '../../db/repos/checkpoint-items.ts';
import {
  findCheckpoint as findCheckpointRow,
  findLatestBuiltCheckpoint,
  listBuiltCheckpoints,
  stampCheckpoint,
} from '../../db/repos/checkpoints.ts';
import type { CheckpointRow, UserRow } from '../../db/schema.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import { explainUndelivered } from './breakthroughs.ts';
import {
  type CheckpointView,
  type DigestItem,
  entryToDigestItem,
  type Overflow,
  rankedToDigestItem,
  toCheckpointView,
} from './checkpoint-view.ts';
import { recordEvents } from './ledger.ts';
import { heldRows, type RankedItem } from './ranking.ts';

/** Reading checkpoints and their digests (building them is in checkpoints.ts). */

/** The latest checkpoint of the user, if any. */
export async function latestCheckpoint(
  app: App,
  userId: number,
): Promise<CheckpointRow | undefined> {
  return await findLatestBuiltCheckpoint(app.db.kysely, userId);
}

/** One of the user's checkpoints; NotFoundError when there is no such checkpoint of theirs. */
export async function findCheckpoint(app: App, userId: number, id: number): Promise<CheckpointRow> {
  const row = await findCheckpointRow(app.db.kysely, userId, id);
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
      if (await stampCheckpoint(trx, id, 'opened_at', at)) {
        await recordEvents(trx, [
          { userId: user.id, at, type: 'checkpoint.opened', checkpointId: id },
        ]);
      }
    });
    row = await findCheckpoint(app, user.id, id);
  }
  const entries = (await listCheckpointEntries(app.db.kysely, id)).map(entryToDigestItem);
  const items = await explainUndelivered(app, entries);
  return { checkpoint: toCheckpointView(row), items };
}

/** Recent checkpoints of the user, newest first; `nonEmpty` leaves out those without items. */
export async function listCheckpoints(
  app: App,
  userId: number,
  limit = 20,
  options: { nonEmpty?: boolean } = {},
): Promise<CheckpointView[]> {
  return (await listBuiltCheckpoints(app.db.kysely, userId, limit, options)).map(toCheckpointView);
}

/**
 * The checkpoint the checkpoint page shows: the user's latest, or with `id` that one (also
 * when done); undefined when there is none (or no such built checkpoint of the user).
 *
 * @example const shown = await shownCheckpoint(app, user.id, wanted ?? undefined);
 */
export async function shownCheckpoint(
  app: App,
  userId: number,
  id?: number,
): Promise<CheckpointView | undefined> {
  const row = await findLatestBuiltCheckpoint(app.db.kysely, userId, id);
  return row ? toCheckpointView(row) : undefined;
}

/** Ranked items as the digest shows them, their whole rows loaded now (ranking reads less). */
export async function digestItems(app: App, ranked: readonly RankedItem[]): Promise<DigestItem[]> {
  const rows = await heldRows(
    app.db.kysely,
    ranked.map((item) => item.id),
  );
  const items = ranked.flatMap((item) => {
    const row = rows.get(item.id);
    return row ? [rankedToDigestItem(item, row)] : [];
  });
  return await explainUndelivered(app, items);
}

/** Per source, how many items the per-source limit left out. */
export function overflowOf(overflow: Map<number, RankedItem[]>): Overflow[] {
  return [...overflow].map(([sourceId, items]) => ({
    sourceId,
    sourceName: items[0]!.row.source_name,
    count: items.length,
  }));
}
