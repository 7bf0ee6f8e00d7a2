import type { Executor } from '../connect.ts';

/** The last delivery outcome of one channel of a user. */
export interface ChannelOutcomeRow {
  channel_key: string;
  ok: 0 | 1;
  error: string | null;
  at: number;
}

/**
 * Keeps the outcome of a send as the channel's last one (one row per user and channel).
 *
 * @example await saveChannelOutcome(db, user.id, 'ntfy https://ntfy.sh/me', null, Date.now())
 */
export async function saveChannelOutcome(
  db: Executor,
  userId: number,
  channelKey: string,
  error: string | null,
  at: number,
): Promise<void> {
  const ok = error === null ? 1 : 0;
  await db
    .insertInto('channel_outcomes')
    .values({ user_id: userId, channel_key: channelKey, ok, error, at })
    .onConflict((oc) => oc.columns(['user_id', 'channel_key']).doUpdateSet({ ok, error, at }))
    .execute();
}

/** The last outcome of each channel the user has sent through. */
export async function listChannelOutcomes(
  db: Executor,
  userId: number,
): Promise<ChannelOutcomeRow[]> {
  return await db
    .selectFrom('channel_outcomes')
    .select(['channel_key', 'ok', 'error', 'at'])
    .where('user_id', '=', userId)
    .execute();
}
