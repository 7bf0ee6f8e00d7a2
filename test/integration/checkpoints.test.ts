import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSource } from '../../src/db/repos/sources.ts';
import type { SourceRow, UserRow } from '../../src/db/schema.ts';
import { SUGGESTED_RULE } from '../../src/domain/rules.ts';
import type { ItemDraft } from '../../src/domain/types.ts';
import { openApp } from '../../src/services/app.ts';
import {
  buildDueCheckpoints,
  checkpointDigest,
  markDone,
  pull,
} from '../../src/services/checkpoints.ts';
import { ingestDrafts } from '../../src/services/ingest.ts';
import { setItemState } from '../../src/services/items.ts';
import { ledgerDays } from '../../src/services/ledger.ts';
import { addRule, previewRule } from '../../src/services/rules.ts';
import { setSchedule } from '../../src/services/schedules.ts';
import { resolveUser } from '../../src/services/users.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp, testConfig } from '../helpers/db.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';

const MINUTE = 60_000;

/** A small deterministic PRNG (mulberry32), so the replayed day is the same every run. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'river garden quantum ledger harbour violin maple orbit lantern cobalt meadow canyon falcon prism tundra'.split(
    ' ',
  );
/** A vocabulary of 3,375 pseudo-words, so that unrelated titles share few words (as in real feeds). */
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'sto',
  'vu',
  'dal',
  'pe',
  'nor',
  'tis',
  'gra',
  'bel',
  'cu',
  'fen',
  'zor',
];
const VOCAB = SYLLABLES.flatMap((a) =>
  SYLLABLES.flatMap((b) => SYLLABLES.map((c) => `${a}${b}${c}`)),
);

interface Planned {
  at: number;
  source: 'a' | 'b' | 'c' | 'push';
  draft: ItemDraft;
}

/** ~100 items over one Monday (Amsterdam): feed articles with cross-posted stories, and pushes. */
function plannedDay(dayStartUtc: number): { plan: Planned[]; stories: string[][] } {
  const rand = prng(42);
  const plan: Planned[] = [];
  const stories: string[][] = [];
  const title = () =>
    Array.from({ length: 7 }, () => VOCAB[Math.floor(rand() * VOCAB.length)]).join(' ');
  let n = 0;
  const article = (source: 'a' | 'b' | 'c', at: number, t: string, url: string): Planned => ({
    at,
    source,
    draft: {
      externalId: `${source}-${++n}`,
      kind: 'article',
      url,
      title: t,
      author: null,
      contentHtml: `<p>${`${t} `.repeat(20 + Math.floor(rand() * 400))}</p>`,
      summary: null,
      publishedAt: new Date(at - 10 * MINUTE),
      baseUrl: null,
    },
  });
  // 54 plain articles between 06:00 and 18:00 local (05:00–17:00 UTC).
  for (let i = 0; i < 54; i++) {
    const at = dayStartUtc + 5 * 60 * MINUTE + Math.floor(rand() * 12 * 60) * MINUTE;
    const source = (['a', 'b', 'c'] as const)[i % 3]!;
    plan.push(article(source, at, `${title()} ${i}`, `https://${source}.example.org/post/${i}`));
  }
  // 3 stories carried by several sources: same canonical URL (tracking differs) or same title.
  for (let s = 0; s < 3; s++) {
    const at = dayStartUtc + (6 + s * 3) * 60 * MINUTE;
    const t = [
      'Council approves harbour bridge plan after long debate',
      'Heavy snow closes mountain passes across the northern valleys',
      'Startup unveils solar kite that charges phones on hiking trips',
    ][s]!;
    const ids: string[] = [];
    const a = article('a', at, t, `https://news.example.org/story-${s}?utm_source=a`);
    const b = article('b', at + 5 * MINUTE, t, `https://news.example.org/story-${s}/?fbclid=xyz`);
    const c = article('c', at + 9 * MINUTE, `${t} today`, `https://c.example.org/mirror/${s}`);
    plan.push(a, b, c);
    ids.push(a.draft.externalId, b.draft.externalId, c.draft.externalId);
    stories.push(ids);
  }
  // 40 pushes with priorities; the urgent ones bunch up at 10:00–10:59 local to hit the cap.
  for (let i = 0; i < 40; i++) {
    const urgent = i < 6;
    const at = urgent
      ? dayStartUtc + 9 * 60 * MINUTE + i * 7 * MINUTE
      : dayStartUtc + 5 * 60 * MINUTE + Math.floor(rand() * 12 * 60) * MINUTE;
    plan.push({
      at,
      source: 'push',
      draft: {
        externalId: `push-${i}`,
        kind: 'notification',
        url: null,
        title: urgent ? `Alarm ${i}: water leak` : `Note ${i} ${WORDS[i % WORDS.length]}`,
        author: 'home',
        contentHtml: null,
        summary: `message ${i}`,
        publishedAt: new Date(at),
        baseUrl: null,
        priority: urgent ? 5 : 1 + (i % 4),
      },
    });
  }
  plan.sort((x, y) => x.at - y.at || x.draft.externalId.localeCompare(y.draft.externalId));
  return { plan, stories };
}

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
    expect(plan.length).toBe(103);
    const dueTimes = ['2026-03-02T07:00:00Z', '2026-03-02T11:30:00Z', '2026-03-02T16:00:00Z'].map(
      Date.parse,
    );
    const builtIds: number[] = [];
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
      for (const b of [...x, ...y]) builtIds.push(b.checkpoint.id);
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

    // Each digest fits its budget, is ranked, and holds its top-ranked items.
    for (const checkpoint of built) {
      const { items } = await checkpointDigest(t.app, user, checkpoint.id, { open: false });
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
      pushesReceived: 40,
      breakthroughs: allowed,
      checkpointNotices: 3,
      interruptions: allowed + 3,
      interruptionsSpared: 40 - allowed - 3,
      checkpointsBuilt: 3,
      checkpointsOpened: opened,
      pullsBetween: pullsNow,
      itemsRead: read,
      itemsDismissed: dismissed,
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
});
