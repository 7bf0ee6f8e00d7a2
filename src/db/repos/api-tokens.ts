import type { Executor } from '../connect.ts';

export interface ApiTokenRow {
  id: number;
  user_id: number;
  label: string | null;
  created_at: number;
  last_used_at: number | null;
}

export async function insertApiToken(
  db: Executor,
  row: { user_id: number; label: string | null; token_hash: string; created_at: number },
): Promise<ApiTokenRow> {
  return await db
    .insertInto('api_tokens')
    .values(row)
    .returning(['id', 'user_id', 'label', 'created_at', 'last_used_at'])
    .executeTakeFirstOrThrow();
}

/** The owner of a token hash, if any. */
export async function findApiTokenByHash(
  db: Executor,
  tokenHash: string,
): Promise<ApiTokenRow | undefined> {
  return await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'label', 'created_at', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchApiToken(db: Executor, id: number, at: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function listApiTokens(db: Executor, userId: number): Promise<ApiTokenRow[]> {
  return await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'label', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

/** Deletes a token of this user; false when there was none. */
export async function deleteApiToken(db: Executor, userId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('api_tokens')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
