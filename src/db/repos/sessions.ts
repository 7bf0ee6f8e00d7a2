import type { Executor } from '../connect.ts';
import type { UserRow } from '../schema.ts';

/** A session found by its token hash, with its user. */
export type SessionWithUser = UserRow & {
  session_id: number;
  csrf_token: string;
  expires_at: number;
  last_seen_at: number;
};

/** Stores a session; only the hash of its cookie value is kept. */
export async function insertSession(
  db: Executor,
  session: {
    user_id: number;
    token_hash: string;
    csrf_token: string;
    created_at: number;
    expires_at: number;
    last_seen_at: number;
    user_agent: string | null;
  },
): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/**
 * The session of a token hash and its user, expired or not.
 *
 * @example const row = await findSessionByHash(db, sha256Hex(cookie)); // row?.email
 */
export async function findSessionByHash(
  db: Executor,
  tokenHash: string,
): Promise<SessionWithUser | undefined> {
  return await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Records a visit and moves the expiry (sliding sessions). */
export async function touchSession(
  db: Executor,
  id: number,
  at: number,
  expiresAt: number,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: at, expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}

/** Ends the session of a token hash (logout). */
export async function deleteSessionByHash(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a user; returns how many there were. */
export async function deleteUserSessions(db: Executor, userId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
