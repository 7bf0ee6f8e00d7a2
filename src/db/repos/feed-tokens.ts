import type { Executor } from '../connect.ts';
import type { UserRow } from '../schema.ts';

/** A feed token as stored: its SHA-256 (the lookup key) and the token encrypted. */
export interface StoredFeedToken {
  token_hash: string;
  token_enc: string;
}

/** The user's encrypted feed token, if one was made. */
export async function findFeedTokenEnc(db: Executor, userId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('feed_tokens')
    .select('token_enc')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.token_enc;
}

/**
 * Stores the user's token. With `replace` it replaces the one before; without, a token that
 * exists stays (two first uses at once: one insert wins).
 *
 * @example await storeFeedToken(db, user.id, { token_hash, token_enc }, now, { replace: true })
 */
export async function storeFeedToken(
  db: Executor,
  userId: number,
  token: StoredFeedToken,
  createdAt: number,
  options: { replace: boolean },
): Promise<void> {
  await db
    .insertInto('feed_tokens')
    .values({ user_id: userId, ...token, created_at: createdAt })
    .onConflict((oc) =>
      options.replace
        ? oc.column('user_id').doUpdateSet({ ...token, created_at: createdAt })
        : oc.column('user_id').doNothing(),
    )
    .execute();
}

/**
 * The user whose token has this SHA-256, with the stored hash (for a constant-time check).
 *
 * @example await findUserByFeedTokenHash(db, sha256Hex(token))
 */
export async function findUserByFeedTokenHash(
  db: Executor,
  hash: string,
): Promise<(UserRow & { token_hash: string }) | undefined> {
  return await db
    .selectFrom('feed_tokens')
    .innerJoin('users', 'users.id', 'feed_tokens.user_id')
    .selectAll('users')
    .select('feed_tokens.token_hash')
    .where('feed_tokens.token_hash', '=', hash)
    .executeTakeFirst();
}
