import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/db/connect.ts';
import { groupTransaction } from '../../src/db/group-commit.ts';
import { systemClock } from '../../src/domain/types.ts';
import { createUser } from '../../src/services/accounts/users.ts';
import { DIALECTS, openTestDb, type TestDb } from '../helpers/db.ts';

/** Group commit: calls queued together share a transaction, each in its own savepoint. */
describe.each(DIALECTS)('group commit on %s', (dialect) => {
  let t: TestDb;
  let userId: number;
  const open = async () => {
    t = await openTestDb(dialect);
    userId = (await createUser(t.db.kysely, systemClock, { email: 'g@example.org' })).id;
  };
  afterEach(async () => {
    await t?.cleanup();
  });

  const addCategory = (trx: Executor, name: string) =>
    trx.insertInto('categories').values({ user_id: userId, name }).execute();
  const names = async () =>
    (await t.db.kysely.selectFrom('categories').select('name').orderBy('name').execute()).map(
      (r) => r.name,
    );

  it('commits every call, and rolls back only the one that throws', async () => {
    await open();
    const results = await Promise.allSettled([
      groupTransaction(t.db, async (trx) => {
        await addCategory(trx, 'a');
        return 'first';
      }),
      groupTransaction(t.db, async (trx) => {
        await addCategory(trx, 'broken');
        throw new Error('second failed');
      }),
      groupTransaction(t.db, async (trx) => {
        await addCategory(trx, 'c');
        return 'third';
      }),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason.message))).toEqual([
      'first',
      'second failed',
      'third',
    ]);
    expect(await names()).toEqual(['a', 'c']);
  });

  it('rejects every call of a group whose commit fails, and stores none of them', async () => {
    await open();
    const results = await Promise.allSettled([
      groupTransaction(t.db, (trx) => addCategory(trx, 'kept-out')),
      groupTransaction(t.db, async (trx) => {
        // A foreign key checked only at commit: the commit itself fails.
        await sql`${sql.raw(dialect === 'sqlite' ? 'pragma defer_foreign_keys = on' : 'set constraints all deferred')}`.execute(
          trx,
        );
        await trx.insertInto('categories').values({ user_id: 999_999, name: 'orphan' }).execute();
      }),
    ]);
    if (dialect === 'sqlite') {
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect(await names()).toEqual([]);
    } else {
      // PostgreSQL gives every call its own transaction: only the orphan fails.
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
      expect(await names()).toEqual(['kept-out']);
    }
  });
});

describe('group commit on SQLite', () => {
  let t: TestDb;
  afterEach(async () => {
    await t?.cleanup();
  });

  it('shares one transaction among calls made in the same turn (nothing visible before the commit)', async () => {
    t = await openTestDb('sqlite');
    const userId = (await createUser(t.db.kysely, systemClock, { email: 'g@example.org' })).id;
    const reader = new SqliteDatabase(join(t.dataDir, 'checkpoint.db'), { readonly: true });
    const seen: number[] = [];
    const count = () =>
      (reader.prepare('select count(*) as n from categories').get() as { n: number }).n;
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        groupTransaction(t.db, async (trx) => {
          await trx.insertInto('categories').values({ user_id: userId, name }).execute();
          seen.push(count());
        }),
      ),
    );
    // Another connection saw none of them while the group ran: one commit for all three.
    expect(seen).toEqual([0, 0, 0]);
    expect(count()).toBe(3);
    reader.close();
  });
});
