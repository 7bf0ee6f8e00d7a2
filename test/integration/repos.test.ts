import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction } from '../../src/db/connect.ts';
import { findStoredHashes, insertItems, listItems } from '../../src/db/repos/items.ts';
import {
  acquireLease,
  findSource,
  insertSource,
  releaseLease,
} from '../../src/db/repos/sources.ts';
import { insertUser } from '../../src/db/repos/users.ts';
import type { NewItem } from '../../src/db/schema.ts';
import { DIALECTS, openTestDb, type TestDb } from '../helpers/db.ts';

describe.each(DIALECTS)('repositories on %s', (dialect) => {
  let t: TestDb;
  let userA: number;
  let userB: number;
  let sourceId: number;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    userA = (await insertUser(t.db.kysely, { email: 'A@example.org', created_at: 1 })).id;
    userB = (await insertUser(t.db.kysely, { email: 'b@example.org', created_at: 1 })).id;
    sourceId = (
      await insertSource(t.db.kysely, {
        user_id: userA,
        kind: 'feed',
        name: 'Example',
        url: 'https://example.org/feed',
        created_at: 1,
      })
    ).id;
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const item = (externalId: string, publishedAt: number): NewItem => ({
    user_id: userA,
    source_id: sourceId,
    external_id: externalId,
    kind: 'article',
    title: `Title ${externalId}`,
    published_at: publishedAt,
    received_at: 1000,
    hash: `h-${externalId}`,
  });

  it('stores e-mail addresses lower-cased, unique', async () => {
    await expect(
      insertUser(t.db.kysely, { email: 'a@EXAMPLE.org', created_at: 2 }),
    ).rejects.toThrow();
  });

  it('scopes sources to their user', async () => {
    expect(await findSource(t.db.kysely, userA, sourceId)).toMatchObject({
      name: 'Example',
      enabled: 1,
      weight: 1,
    });
    expect(await findSource(t.db.kysely, userB, sourceId)).toBeUndefined();
  });

  it('inserts items idempotently on (source, external id)', async () => {
    const first = await insertItems(t.db.kysely, [item('a', 10), item('b', 20)]);
    expect(first.map((r) => r.external_id).sort()).toEqual(['a', 'b']);
    const again = await insertItems(t.db.kysely, [item('a', 10), item('c', 30)]);
    expect(again.map((r) => r.external_id)).toEqual(['c']);
    const stored = await findStoredHashes(t.db.kysely, sourceId, ['a', 'b', 'c', 'zzz']);
    expect([...stored.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(stored.get('a')?.hash).toBe('h-a');
  });

  it('lists items newest first, only the owner’s', async () => {
    const rows = await listItems(t.db.kysely, userA, {});
    expect(rows.map((r) => r.external_id)).toEqual(['c', 'b', 'a']);
    expect(rows[0]).toMatchObject({
      source_kind: 'feed',
      source_name: 'Example',
      published_at: 30,
    });
    expect(typeof rows[0]?.published_at).toBe('number');
    expect(await listItems(t.db.kysely, userB, {})).toEqual([]);
  });

  it('rolls a failed transaction back completely', async () => {
    await expect(
      transaction(t.db, async (trx) => {
        await insertItems(trx, [item('rollback', 40)]);
        throw new Error('crash between parse and commit');
      }),
    ).rejects.toThrow('crash');
    expect((await findStoredHashes(t.db.kysely, sourceId, ['rollback'])).size).toBe(0);
  });

  it('gives a source lease to one owner at a time', async () => {
    expect(await acquireLease(t.db.kysely, sourceId, 'cli', 100, 200)).toBe(true);
    expect(await acquireLease(t.db.kysely, sourceId, 'server', 150, 250)).toBe(false);
    // An expired lease can be taken over.
    expect(await acquireLease(t.db.kysely, sourceId, 'server', 201, 300)).toBe(true);
    await releaseLease(t.db.kysely, sourceId, 'server');
    expect(await acquireLease(t.db.kysely, sourceId, 'cli', 202, 300)).toBe(true);
    await releaseLease(t.db.kysely, sourceId, 'cli');
  });
});
