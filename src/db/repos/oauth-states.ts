import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../connect.ts';
import type { OauthStatesTable } from '../schema.ts';

/** An authorisation in progress: the hash of its `state`, whose user, which instance. */
export type OauthStateRow = Selectable<OauthStatesTable>;

/** Drops authorisations started before `before` (never finished). */
export async function deleteOauthStatesBefore(db: Executor, before: number): Promise<void> {
  await db.deleteFrom('oauth_states').where('created_at', '<', before).execute();
}

export async function insertOauthState(
  db: Executor,
  state: Insertable<OauthStatesTable>,
): Promise<void> {
  await db.insertInto('oauth_states').values(state).execute();
}

/**
 * Takes an authorisation by its state's hash: deleted as it is read, so a code is used once.
 *
 * @example const pending = await takeOauthState(db, sha256Hex(state), 'mastodon');
 */
export async function takeOauthState(
  db: Executor,
  stateHash: string,
  provider: string,
): Promise<OauthStateRow | undefined> {
  return await db
    .deleteFrom('oauth_states')
    .where('state_hash', '=', stateHash)
    .where('provider', '=', provider)
    .returningAll()
    .executeTakeFirst();
}
