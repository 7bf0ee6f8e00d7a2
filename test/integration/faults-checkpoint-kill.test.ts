import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSource } from '../../src/db/repos/sources.ts';
import type { UserRow } from '../../src/db/schema.ts';
import { createUser, resolveUser } from '../../src/services/accounts/users.ts';
import { setSchedule } from '../../src/services/checkpoints/schedules.ts';
import { ingestDrafts } from '../../src/services/items/ingest.ts';
import { draft } from '../helpers/checkpoint-world.ts';
import { runCheckpoint } from '../helpers/cli.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import {
  checkpointEnv,
  seededRandom,
  sleep,
  startCheckpoint,
  until,
} from '../helpers/processes.ts';

const USERS = 5;
const ITEMS = 600;
const DUE = '2026-03-02T12:30:00.000Z';

/**
 * Invariant 4 for checkpoints: a `checkpoint tick --at` killed with SIGKILL while it builds
 * (between users, inside a build's transaction) leaves every checkpoint whole or absent; the
 * rerun builds exactly one per (user, due time), and the ledger counts each build once.
 */
describe.each(DIALECTS)('a checkpoint build killed with SIGKILL on %s', (dialect) => {
  let t: TestApp;
  let env: Record<string, string>;
  const users: UserRow[] = [];

  beforeAll(async () => {
    const clock = new TestClock('2026-03-02T07:00:00Z');
    t = await openTestApp(dialect, { clock });
    users.push(await resolveUser(t.app.db.kysely, undefined));
    for (let i = 1; i < USERS; i++) {
      users.push(await createUser(t.app.db.kysely, clock, { email: `u${i}@example.org` }));
    }
    for (const user of users) {
      await setSchedule(t.app, user, { times: ['12:30'], tz: 'UTC', notify: [] });
    }
    clock.set('2026-03-02T08:00:00Z');
    for (const user of users) {
      // A pushed source: the tick's fetch cycle leaves it alone, so the build is all it does.
      const source = await insertSource(t.app.db.kysely, {
        user_id: user.id,
        kind: 'ntfy',
        name: `ntfy: u${user.id}`,
        url: `/intake/ntfy/u${user.id}`,
        created_at: clock.now().getTime(),
      });
      const drafts = Array.from({ length: ITEMS }, (_, i) =>
        draft(`u${user.id}-${i}`, `Story ${i} for user ${user.id} about topic ${i % 37}`),
      );
      await ingestDrafts(t.app, source, drafts);
    }
    env = checkpointEnv(t);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const db = () => t.app.db.kysely;
  const checkpoints = () =>
    db()
      .selectFrom('checkpoints')
      .select(['id', 'user_id', 'built_at', 'item_count'])
      .where('due_at', '=', Date.parse(DUE))
      .execute();
  const builtEvents = async () =>
    Number(
      (
        await db()
          .selectFrom('ledger_events')
          .select((eb) => eb.fn.sum<number>('count').as('n'))
          .where('type', '=', 'checkpoint.built')
          .executeTakeFirst()
      )?.n ?? 0,
    );

  /** Whatever a kill left: at most one checkpoint per user, each whole, each counted once. */
  async function expectConsistent(): Promise<number> {
    const rows = await checkpoints();
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(rows.length);
    for (const row of rows) {
      // Inserted and filled in one transaction: never a row without its build.
      expect(row.built_at).not.toBeNull();
      const members = await db()
        .selectFrom('checkpoint_items')
        .select(['item_id', 'user_id'])
        .where('checkpoint_id', '=', row.id)
        .execute();
      expect(members.length).toBe(row.item_count);
      expect(new Set(members.map((m) => m.item_id)).size).toBe(members.length);
      expect(members.every((m) => m.user_id === row.user_id)).toBe(true);
    }
    expect(await builtEvents()).toBe(rows.length);
    return rows.length;
  }

  it('keeps each checkpoint whole or absent, and the rerun builds each exactly once', {
    timeout: 120_000,
  }, async () => {
    const random = seededRandom(dialect === 'sqlite' ? 7 : 11);
    const killedAt: number[] = [];
    // Run k is killed once k checkpoints are committed, plus a few random milliseconds: inside
    // the next user's transaction or between two builds.
    for (let k = 0; k < USERS - 1; k++) {
      const run = startCheckpoint(['tick', '--at', DUE, '--json'], env);
      const reached = await until(async () => (await checkpoints()).length >= k, run);
      if (reached) await sleep(Math.floor(random() * 40));
      await run.kill();
      killedAt.push(await expectConsistent());
      if (killedAt.at(-1) === USERS) break;
    }
    expect(killedAt.length).toBeGreaterThan(0);

    const rerun = await runCheckpoint(['tick', '--at', DUE, '--json'], env);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await expectConsistent()).toBe(USERS);
    const rows = await checkpoints();
    expect(rows.map((r) => r.user_id).sort()).toEqual(users.map((u) => u.id).sort());
    expect(rows.every((r) => r.item_count > 0)).toBe(true);

    // Ticking the same due time again builds nothing and counts nothing twice.
    const again = await runCheckpoint(['tick', '--at', DUE, '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { checkpoints: unknown[] }).checkpoints).toEqual([]);
    expect(await expectConsistent()).toBe(USERS);
  });
});
