import type { Insertable } from 'kysely';
import type { Executor } from '../connect.ts';
import type { UserRow, UsersTable } from '../schema.ts';

/** Users: plain functions over an executor (database or transaction). */
export async function findUserById(db: Executor, id: number): Promise<UserRow | undefined> {
  return await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
}

/** The first admin (lowest id): the user the CLI acts as by default. */
export async function findFirstAdmin(db: Executor): Promise<UserRow | undefined> {
  return await db
    .selectFrom('users')
    .selectAll()
    .where('role', '=', 'admin')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function listUsers(db: Executor): Promise<UserRow[]> {
  return await db.selectFrom('users').selectAll().orderBy('id').execute();
}

export async function insertUser(db: Executor, user: Insertable<UsersTable>): Promise<UserRow> {
  return await db
    .insertInto('users')
    .values({ ...user, email: user.email.toLowerCase() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateUser(
  db: Executor,
  id: number,
  patch: Partial<Omit<UserRow, 'id' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}
