import type { Executor } from '../connect.ts';

export interface InviteRow {
  id: number;
  role: 'admin' | 'member';
  expires_at: number;
  used_at: number | null;
}

/** Stores an invite; only the hash of its token is kept. */
export async function insertInvite(
  db: Executor,
  invite: {
    created_by: number;
    token_hash: string;
    role: 'admin' | 'member';
    created_at: number;
    expires_at: number;
  },
): Promise<void> {
  await db.insertInto('invites').values(invite).execute();
}

/** The invite of a token hash, used or not. */
export async function findInviteByHash(
  db: Executor,
  tokenHash: string,
): Promise<InviteRow | undefined> {
  return await db
    .selectFrom('invites')
    .select(['id', 'role', 'expires_at', 'used_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Marks an unused invite used; false when it was used meanwhile (one UPDATE, so two
 * acceptances racing for one link create one account).
 *
 * @example if (!(await markInviteUsed(trx, invite.id, now))) throw new NotFoundError('…')
 */
export async function markInviteUsed(db: Executor, id: number, at: number): Promise<boolean> {
  const used = await db
    .updateTable('invites')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) > 0;
}

/** Records the account an invite created. */
export async function setInviteUser(db: Executor, id: number, userId: number): Promise<void> {
  await db.updateTable('invites').set({ used_by: userId }).where('id', '=', id).execute();
}
