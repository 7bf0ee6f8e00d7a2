import type { Executor } from '../connect.ts';

/** Settings of the whole installation (`app_settings`): one text value per key. */
export async function findAppSetting(db: Executor, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('app_settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

/**
 * Stores a value unless the key has one: when two nodes make one at once, the first wins and
 * both read it back.
 */
export async function insertAppSettingIfMissing(
  db: Executor,
  key: string,
  value: string,
): Promise<void> {
  await db
    .insertInto('app_settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
