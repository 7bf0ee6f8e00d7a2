import type { Executor } from '../../db/connect.ts';
import { databaseFault } from '../../db/database-error.ts';
import {
  type ApiTokenRow,
  findApiTokenByHash,
  insertApiToken,
  touchApiToken,
} from '../../db/repos/api-tokens.ts';
import { findUserById } from '../../db/repos/users.ts';
import type { UserRow } from '../../db/schema.ts';
import type { Clock } from '../../domain/types.ts';
import { randomToken, sha256Hex } from '../../lib/crypto.ts';

const PREFIX = 'cpt';

/**
 * Creates an API token; only its SHA-256 is stored, so the token is shown once.
 *
 * @example const { token } = await createApiToken(db, clock, user.id, 'cron'); // 'cpt_…'
 */
export async function createApiToken(
  db: Executor,
  clock: Clock,
  userId: number,
  label: string | null,
): Promise<{ token: string; row: ApiTokenRow }> {
  const token = randomToken(PREFIX);
  const row = await insertApiToken(db, {
    user_id: userId,
    label,
    token_hash: sha256Hex(token),
    created_at: clock.now().getTime(),
  });
  return { token, row };
}

/** The user a bearer token belongs to, or null. Records when it was last used (hourly). */
export async function authenticateApiToken(
  db: Executor,
  clock: Clock,
  token: string,
): Promise<UserRow | null> {
  if (!token.startsWith(`${PREFIX}_`) || token.length > 200) return null;
  const row = await findApiTokenByHash(db, sha256Hex(token));
  if (!row) return null;
  const now = clock.now().getTime();
  if (row.last_used_at === null || now - row.last_used_at > 3_600_000) {
    // Bookkeeping only: a database that takes no writes (read-only, full) still serves reads.
    await touchApiToken(db, row.id, now).catch((error: unknown) => {
      if (!databaseFault(error)) throw error;
    });
  }
  return (await findUserById(db, row.user_id)) ?? null;
}
