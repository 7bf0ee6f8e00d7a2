import { hasNonEmptyCheckpoint } from '../../db/repos/checkpoints.ts';
import type { UserRow } from '../../db/schema.ts';
import type { App } from '../app.ts';
import type { CheckpointView } from './checkpoint-view.ts';
import { buildCheckpoint, laterItems } from './checkpoints.ts';
import { ensureSchedule } from './schedules.ts';

/**
 * The first checkpoint, offered once. Right after subscribing, items arrive but the first
 * scheduled checkpoint may be hours away; a new user who was told only "all quiet until 17:00"
 * has nothing to judge the product by. So until the user has had a checkpoint with items, the
 * checkpoint page offers one now. It is a real checkpoint (built, ranked and budgeted like the
 * scheduled ones, and counted as "checkpoints built" in the ledger with `first: true`), not a
 * pull; after it the usual holding goes on.
 */

/**
 * How many held items the first checkpoint would take, or null when it is not offered (the
 * user has had a checkpoint with items, or nothing waits).
 *
 * @example const waiting = await firstCheckpointOffer(app, user); // 47, or null
 */
export async function firstCheckpointOffer(app: App, user: UserRow): Promise<number | null> {
  if (await hasNonEmptyCheckpoint(app.db.kysely, user.id)) return null;
  const { total } = await laterItems(app, user, 0);
  return total > 0 ? total : null;
}

/**
 * Builds the first checkpoint now, if it is still offered (a second tab or a double click
 * builds nothing more); null when it is not.
 *
 * @example const checkpoint = await buildFirstCheckpoint(app, user);
 */
export async function buildFirstCheckpoint(
  app: App,
  user: UserRow,
): Promise<CheckpointView | null> {
  if ((await firstCheckpointOffer(app, user)) === null) return null;
  const now = app.clock.now();
  const schedule = await ensureSchedule(app.db.kysely, user.id, now.getTime());
  const built = await buildCheckpoint(app, user, schedule, now, { first: true });
  return built?.checkpoint ?? null;
}
