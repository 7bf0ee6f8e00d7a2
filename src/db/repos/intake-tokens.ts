import type { Executor } from '../connect.ts';

export interface IntakeTokenRow {
  id: number;
  user_id: number;
  label: string | null;
  hint: string;
  created_at: number;
  last_used_at: number | null;
}

const COLUMNS = ['id', 'user_id', 'label', 'hint', 'created_at', 'last_used_at'] as const;

/** Intake tokens: only hashes are stored; every query but the lookup is scoped to its user. */
export async function insertIntakeToken(
  db: Executor,
  row: {
    user_id: number;
    label: string | null;
    token_hash: string;
    hint: string;
    created_at: number;
  },
): Promise<IntakeTokenRow> {
  return await db
    .insertInto('intake_tokens')
    .values(row)
    .returning([...COLUMNS])
    .executeTakeFirstOrThrow();
}

/** The token of a hash, whoever owns it (authentication). */
export async function findIntakeTokenByHash(
  db: Executor,
  tokenHash: string,
): Promise<IntakeTokenRow | undefined> {
  return await db
    .selectFrom('intake_tokens')
    .select([...COLUMNS])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchIntakeToken(db: Executor, id: number, at: number): Promise<void> {
  await db.updateTable('intake_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function listIntakeTokens(db: Executor, userId: number): Promise<IntakeTokenRow[]> {
  return await db
    .selectFrom('intake_tokens')
    .select([...COLUMNS])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

/** Deletes a token of this user; false when there was none. */
export async function deleteIntakeToken(
  db: Executor,
  userId: number,
  id: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom('intake_tokens')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
