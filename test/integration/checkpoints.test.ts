import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSource } from '../../src/db/repos/sources.ts';
import type { SourceRow, UserRow } from '../../src/db/schema.ts';
import { SUGGESTED_RULE } from '../../src/domain/rules.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { openApp } from '../../src/services/app.ts';
import {
  buildDueCheckpoints,
  checkpointDigest,
  markDone,
  pull,
} from '../../src/services/checkpoints/checkpoints.ts';
import { ledgerDays } from '../../src/services/checkpoints/ledger.ts';
import { rankHeld } from '../../src/services/checkpoints/ranking.ts';
import { addRule, previewRule } from '../../src/services/checkpoints/rules.ts';
import { ensureSchedule, setSchedule, specOf } from '../../src/services/checkpoints/schedules.ts';
import { ingestDrafts } from '../../src/services/items/ingest.ts';
import { setItemState } from '../../src/services/items/items.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp, testConfig } from '../helpers/db.ts';
import { expectTopRanked, type RankedCandidate } from '../helpers/digest-check.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';
import { MINUTE, plannedDay } from '../helpers/replayed-day.ts';

describe.each(DIALECTS)('checkpoints on %s', (dialect) => {
  let t: TestApp;
  let clock: TestClock;
  let user: UserRow;
  let ntfy: FixtureServer;
  const published: { title: string; priority: string; body: string }[] = [];
  const sources: Record<string, SourceRow> = {};
  // Monday 2 March 2026, Amsterdam is UTC+1: local midnight = 23:00 UTC the day before.
  const dayStart = Date.parse('2026-03-01T23:00:00Z');

  beforeAll(async () => {
    ntfy = await startFixtureServer();
    ntfy.route('/topic', async (req: IncomingMessage, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      published.push({
        title: String(req.headers.title ?? ''),
        priority: String(req.headers.priority ?? ''),
        body,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"x"}');
    });
    clock = new TestClock('2026-03-01T20:00:00Z');
    t = await openTestApp(dialect, { clock });
    user = await resolveUser(t.app.db.kysely, undefined);
    await setSchedule(t.app, user, {
      tz: 'Europe/Amsterdam',
      times: ['08:00', '12:30', '17:00'],
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      budgetMinutes: 15,
      notify: [{ ntfy: ntfy.urlFor('/topic') }],
    });
    user = await resolveUser(t.app.db.kysely, undefined);
    await addRule(t.app, user.id, SUGGESTED_RULE);
    for (const [key, name, weight, kind] of [
      ['a', 'Alpha', 1, 'feed'],
      ['b', 'Beta', 2, 'feed'],
      ['c', 'Gamma', 1, 'feed'],
      ['push', 'Phone', 1, 'ntfy'],
      ['letters', 'Letters', 2, 'imap'],
      ['social', 'Mastodon', 1, 'mastodon'],
    ] as const) {
      sources[key] = await insertSource(t.app.db.kysely, {
        user_id: user.id,
        kind,
        name,
        url: kind === 'feed' ? `https://${key}.example.org/feed` : null,
        weight,
        created_at: clock.now().getTime(),
      });
    }
  });
  afterAll(async () => {
    await t.cleanup();
    await ntfy.close();
  });

  it('replays a day: checkpoints exactly at the chosen times, capped breakthroughs, budgets, clusters and an exact ledger', async () => {
    const { plan, stories } = plannedDay(dayStart);
    expect(plan.length).toBe(117);
    const kinds = new Set(plan.map((p) => p.draft.kind));
    expect([...kinds].sort()).toEqual(['article', 'mention', 'newsletter', 'notification']);
    const dueTimes = ['2026-03-02T07:00:00Z', '2026-03-02T11:30:00Z', '2026-03-02T16:00:00Z'].map(
      Date.parse,
    );
    const builtIds: number[] = [];
    const rankedAt = new Map<number, RankedCandidate[]>();
    let pullsNow = 0;
    let opened = 0;
    let read = 0;
    let dismissed = 0;
    // Ticks every 10 minutes between the arrivals, as the scheduler would.
    const events = [
      ...plan.map((p) => ({ at: p.at, p })),
      ...Array.from({ length: 6 * 14 }, (_, i) => ({
        at: dayStart + 5 * 60 * MINUTE + i * 10 * MINUTE,
        p: null,
      })),
    ].sort((x, y) => x.at - y.at);
    for (const event of events) {
      clock.set(new Date(event.at));
      if (event.p) {
        await ingestDrafts(t.app, sources[event.p.source]!, [event.p.draft]);
        continue;
      }
      // Two ticks at once must still build each checkpoint once.
      const [x, y] = await Promise.all([buildDueCheckpoints(t.app), buildDueCheckpoints(t.app)]);
      for (const b of [...x, ...y]) {
        builtIds.push(b.checkpoint.id);
        // Every candidate as it ranked at the due time (nothing has changed since the build).
        const schedule = await ensureSchedule(t.app.db.kysely, user.id, event.at);
        const due = new Date(b.checkpoint.dueAt);
        rankedAt.set(
          b.checkpoint.id,
          await rankHeld(t.app.db.kysely, user.id, specOf(schedule, user.tz), due.getTime(), due),
        );
      }
      const local = new Date(event.at + 60 * MINUTE).toISOString().slice(11, 16);
      if (local === '09:00' || local === '13:00') {
        const result = await pull(t.app, user);
        expect(result.checkpoint).not.toBeNull();
        opened++;
        const [first, second] = result.items;
        if (first) {
          await setItemState(t.app, user.id, first.id, { read: true });
          read++;
        }
        if (second) {
          await setItemState(t.app, user.id, second.id, { dismissed: true });
          dismissed++;
        }
        await markDone(t.app, user, result.checkpoint!.id);
      }
      if (local === '10:30') {
        const now = await pull(t.app, user);
        expect(now.checkpoint).toBeNull();
        pullsNow++;
      }
    }

    // Exactly the three checkpoints of the day, at their due times.
    const built = await t.app.db.kysely
      .selectFrom('checkpoints')
      .selectAll()
      .where('user_id', '=', user.id)
      .orderBy('due_at')
      .execute();
    expect(built.map((c) => c.due_at)).toEqual(dueTimes);
    expect(new Set(builtIds).size).toBe(3);

    // Breakthroughs: six urgent pushes within one hour, the rule allows three per hour.
    const urgentAt = plan.filter((p) => p.draft.priority === 5).map((p) => p.at);
    let allowed = 0;
    const sent: number[] = [];
    for (const at of urgentAt) {
      if (sent.filter((s) => s > at - 60 * MINUTE).length < 3) {
        sent.push(at);
        allowed++;
      }
    }
    expect(allowed).toBe(3);
    const breakthroughs = published.filter((p) => p.title.startsWith('Alarm'));
    expect(breakthroughs).toHaveLength(allowed);
    expect(breakthroughs.every((p) => p.priority === '5')).toBe(true);
    const notices = published.filter((p) => p.title.includes('checkpoint is ready'));
    expect(notices.map((n) => n.title)).toEqual([
      'Your 08:00 checkpoint is ready',
      'Your 12:30 checkpoint is ready',
      'Your 17:00 checkpoint is ready',
    ]);
    expect(published).toHaveLength(allowed + 3);

    // Each digest fits its budget, is ranked, and holds its top-ranked items: what was left
    // for later ranks below its source's share ("+N more") or did not fit the budget.
    let overflowing = 0;
    const digestKinds = new Set<string>();
    for (const checkpoint of built) {
      const { checkpoint: view, items } = await checkpointDigest(t.app, user, checkpoint.id, {
        open: false,
      });
      const ranked = rankedAt.get(checkpoint.id)!;
      expect(items.map((i) => i.score)).toEqual(
        items.map((i) => ranked.find((r) => r.id === i.id)?.score),
      );
      const overflow = expectTopRanked(
        ranked,
        { items: items.map((i) => i.id), overflow: view.overflow, laterCount: view.laterCount },
        15 * 60,
        3,
      );
      overflowing += overflow.size;
      for (const item of items) digestKinds.add(item.kind);
      const total = items.reduce((s, i) => s + i.readingSeconds, 0);
      expect(total).toBeLessThanOrEqual(15 * 60);
      expect(total).toBe(checkpoint.total_seconds);
      expect(items.map((i) => i.score)).toEqual(
        [...items.map((i) => i.score)].sort((a, b) => b - a),
      );
      for (const item of items)
        expect(item.score).toBeCloseTo(
          item.parts.reduce((s, p) => s + p.points, 0),
          1,
        );
      const perSource = new Map<number, number>();
      for (const item of items)
        perSource.set(item.sourceId, (perSource.get(item.sourceId) ?? 0) + 1);
      expect(Math.max(...perSource.values())).toBeLessThanOrEqual(3);
    }
    expect(overflowing).toBeGreaterThan(0);
    expect(digestKinds).toContain('mention');
    expect(digestKinds).toContain('newsletter');

    // The cross-posted stories each became one cluster, shown once.
    const rows = await t.app.db.kysely
      .selectFrom('items')
      .select(['external_id', 'cluster_id'])
      .where('user_id', '=', user.id)
      .execute();
    const clusterOf = new Map(rows.map((r) => [r.external_id, r.cluster_id]));
    for (const story of stories) {
      const ids = new Set(story.map((id) => clusterOf.get(id)));
      expect(ids.size).toBe(1);
      expect([...ids][0]).not.toBeNull();
    }
    const shown = await t.app.db.kysely
      .selectFrom('checkpoint_items')
      .innerJoin('items', 'items.id', 'checkpoint_items.item_id')
      .select(['items.cluster_id'])
      .where('items.cluster_id', 'is not', null)
      .execute();
    const counts = new Map<number, number>();
    for (const s of shown) counts.set(s.cluster_id!, (counts.get(s.cluster_id!) ?? 0) + 1);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);

    // The ledger equals what happened.
    const [day] = await ledgerDays(t.app, user, '2026-03-02', '2026-03-02');
    expect(day).toEqual({
      date: '2026-03-02',
      // 40 pushes, 6 newsletters and 8 mentions would have interrupted; articles would not.
      pushesReceived: 54,
      breakthroughs: allowed,
      checkpointNotices: 3,
      interruptions: allowed + 3,
      // Spared: the pushes that neither broke through nor failed to (notices are not pushes).
      interruptionsSpared: 54 - allowed,
      checkpointsBuilt: 3,
      checkpointsOpened: opened,
      pullsBetween: pullsNow,
      itemsRead: read,
      itemsDismissed: dismissed,
      breakthroughsUndelivered: 0,
    });
    const held = await t.app.db.kysely
      .selectFrom('ledger_events')
      .select('type')
      .where('type', '=', 'breakthrough.held')
      .execute();
    expect(held).toHaveLength(6 - allowed);
  });

  it('previews a rule over the last 7 days before saving it', async () => {
    const preview = await previewRule(t.app, user.id, SUGGESTED_RULE);
    expect(preview).toMatchObject({ matched: 6, brokeThrough: 3, heldByCap: 3 });
  });

  it('builds one catch-up checkpoint after downtime, and none twice after a restart', async () => {
    // Down from Monday 17:00 local until Wednesday 13:15 local: five checkpoints were missed.
    clock.set('2026-03-04T12:15:00Z');
    const built = await buildDueCheckpoints(t.app);
    expect(built.map((b) => b.checkpoint.dueAt)).toEqual(['2026-03-04T11:30:00.000Z']);
    // A second process on the same database (a restart) builds nothing more.
    const again = await openApp(
      testConfig(t.dataDir, t.databaseUrl ? { CHECKPOINT_DATABASE_URL: t.databaseUrl } : {}),
      { clock },
    );
    try {
      expect(await buildDueCheckpoints(again)).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it('builds a checkpoint once when the process died after its commit, before the schedule moved on', async () => {
    // The state such a crash leaves: the checkpoint of 12:30 (local) committed with its items
    // and ledger event, the schedule's last_due_at still at the checkpoint before it.
    const schedule = () =>
      t.app.db.kysely
        .selectFrom('schedules')
        .selectAll()
        .where('user_id', '=', user.id)
        .executeTakeFirstOrThrow();
    const before = (await schedule()).last_due_at;
    const due = Date.parse('2026-03-04T11:30:00Z');
    expect(before).toBe(due);
    await t.app.db.kysely
      .updateTable('schedules')
      .set({ last_due_at: Date.parse('2026-03-04T07:00:00Z') })
      .where('user_id', '=', user.id)
      .execute();
    const sentBefore = published.length;
    const builtBefore = await t.app.db.kysely
      .selectFrom('ledger_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'checkpoint.built')
      .executeTakeFirstOrThrow();

    // The restarted process ticks (twice at once, as two processes would) and builds nothing new.
    clock.set('2026-03-04T12:20:00Z');
    const restarted = await openApp(
      testConfig(t.dataDir, t.databaseUrl ? { CHECKPOINT_DATABASE_URL: t.databaseUrl } : {}),
      { clock },
    );
    try {
      const [x, y] = await Promise.all([
        buildDueCheckpoints(restarted),
        buildDueCheckpoints(restarted),
      ]);
      expect([...x, ...y]).toEqual([]);
    } finally {
      await restarted.close();
    }
    const rows = await t.app.db.kysely
      .selectFrom('checkpoints')
      .select(['id', 'item_count'])
      .where('user_id', '=', user.id)
      .where('due_at', '=', due)
      .execute();
    expect(rows).toHaveLength(1);
    const items = await t.app.db.kysely
      .selectFrom('checkpoint_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('checkpoint_id', '=', rows[0]!.id)
      .executeTakeFirstOrThrow();
    expect(Number(items.n)).toBe(rows[0]!.item_count);
    // The schedule caught up, no second notice went out, the ledger counts one build.
    expect((await schedule()).last_due_at).toBe(due);
    expect(published).toHaveLength(sentBefore);
    const builtAfter = await t.app.db.kysely
      .selectFrom('ledger_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'checkpoint.built')
      .executeTakeFirstOrThrow();
    expect(Number(builtAfter.n)).toBe(Number(builtBefore.n));
    // The next checkpoint is built as usual.
    clock.set('2026-03-04T16:00:00Z');
    expect((await buildDueCheckpoints(t.app)).map((b) => b.checkpoint.dueAt)).toEqual([
      '2026-03-04T16:00:00.000Z',
    ]);
  });
});
