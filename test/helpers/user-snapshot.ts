import type { Executor } from '../../src/db/connect.ts';

/** Tables whose rows belong to a user. */
const OWNED_TABLES = [
  'api_tokens',
  'categories',
  'sources',
  'items',
  'schedules',
  'checkpoints',
  'checkpoint_items',
  'clusters',
  'rules',
  'rule_changes',
  'item_tags',
  'push_subscriptions',
  'feed_tokens',
  'mail_addresses',
  'unsubscribes',
  'intake_tokens',
  'oauth_states',
] as const;

/**
 * Every row of the user's (and how many users, invites, sessions and ledger events there
 * are), comparable with `toEqual`: a walk that must not touch the user leaves it equal.
 *
 * @example const before = await userSnapshot(db, ada.id); … expect(await userSnapshot(db, ada.id)).toEqual(before);
 */
export async function userSnapshot(db: Executor, userId: number): Promise<unknown> {
  const rows: Record<string, string[]> = {};
  for (const table of OWNED_TABLES) {
    const found = await db
      .selectFrom(table as 'items')
      .selectAll()
      .where('user_id', '=', userId)
      .execute();
    rows[table] = found.map((row) => JSON.stringify(row)).sort();
  }
  const count = async (table: 'sessions' | 'ledger_events') =>
    (await db.selectFrom(table).select('user_id').where('user_id', '=', userId).execute()).length;
  return {
    rows,
    user: await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst(),
    users: (await db.selectFrom('users').select('id').execute()).length,
    invites: (await db.selectFrom('invites').select('id').execute()).length,
    sessions: await count('sessions'),
    ledger: await count('ledger_events'),
  };
}
