/** Failed logins by throttling key ("email:…", "email-ip:…|…", "ip:…"): what limits guessing. */
import type { Executor } from '../connect.ts';

/**
 * Failures recorded under `key` after `since`.
 *
 * @example await countLoginFailures(db, 'ip:203.0.113.7', now - 15 * 60_000)
 */
export async function countLoginFailures(
  db: Executor,
  key: string,
  since: number,
): Promise<number> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key', '=', key)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Records one failed attempt under each of its keys. */
export async function insertLoginFailures(
  db: Executor,
  keys: readonly string[],
  at: number,
): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values(keys.map((key) => ({ key, at })))
    .execute();
}

/** Forgets failures older than `before` (they no longer count). */
export async function deleteLoginFailuresBefore(db: Executor, before: number): Promise<void> {
  await db.deleteFrom('login_attempts').where('at', '<', before).execute();
}

/** Forgets every failure under `key`. */
export async function deleteLoginFailures(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}
