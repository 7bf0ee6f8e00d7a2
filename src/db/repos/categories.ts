import type { Executor } from '../connect.ts';

/** The id of the user's category with this name, created when missing. */
export async function ensureCategory(db: Executor, userId: number, name: string): Promise<number> {
  const existing = await db
    .selectFrom('categories')
    .select('id')
    .where('user_id', '=', userId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (existing) return existing.id;
  const row = await db
    .insertInto('categories')
    .values({ user_id: userId, name })
    .onConflict((oc) => oc.columns(['user_id', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return row.id;
  return (
    await db
      .selectFrom('categories')
      .select('id')
      .where('user_id', '=', userId)
      .where('name', '=', name)
      .executeTakeFirstOrThrow()
  ).id;
}

export async function listCategories(
  db: Executor,
  userId: number,
): Promise<{ id: number; name: string }[]> {
  return await db
    .selectFrom('categories')
    .select(['id', 'name'])
    .where('user_id', '=', userId)
    .orderBy('name')
    .execute();
}
