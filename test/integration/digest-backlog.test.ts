/**
 * A first subscription's backlog and a Later that can be cleared (issue 13, "A first digest
 * worth opening"): freshness is an item's own date; posts published over 7 days before their
 * source was added wait in the source's backlog except its newest 5; pull now still shows
 * them; Later pages; "dismiss all older than …" and "start fresh" are undone in one click.
 * Real ingests of the Scripting News RSS (posts of June 2017) on both dialects.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeSetup } from '../../src/services/accounts/accounts.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import {
  checkpointDigest,
  laterItems,
  markDone,
  pull,
} from '../../src/services/checkpoints/checkpoints.ts';
import {
  backlogItems,
  backlogSources,
  dismissOlderThan,
  startFresh,
  undoDismiss,
} from '../../src/services/checkpoints/later.ts';
import { setSchedule } from '../../src/services/checkpoints/schedules.ts';
import { importOpml } from '../../src/services/sources/opml.ts';
import { feedToDrafts } from '../../src/sources/feed/adapter.ts';
import { parseFeed } from '../../src/sources/feed/parse.ts';
import { DAY, draft, openWorld, type World } from '../helpers/checkpoint-world.ts';
import { DIALECTS } from '../helpers/db.ts';
import { HttpSession, PASSWORD } from '../helpers/e2e.ts';
import { startFixtureServer } from '../helpers/fixture-server.ts';
import { serveHttpApp } from '../helpers/http-app.ts';

const SCRIPTING = new URL('../fixtures/feeds/netnewswire/scriptingNews.rss', import.meta.url);
const HOUR = 3_600_000;

describe.each(DIALECTS)('backlog and Later on %s', (dialect) => {
  let w: World;

  beforeEach(async () => {
    w = await openWorld(dialect);
    await setSchedule(w.app, w.user, {
      times: ['12:30'],
      tz: 'UTC',
      budgetMinutes: 600,
      perSourceLimit: 50,
    });
  });
  afterEach(async () => {
    await w.cleanup();
  });

  /** The Scripting News feed of 2017 as a first subscription, and a fresh post elsewhere. */
  async function subscribe() {
    const blog = await w.source('Scripting News');
    const drafts = feedToDrafts(
      parseFeed(readFileSync(SCRIPTING), { url: 'http://scripting.com/rss.xml' }),
    );
    await w.ingest(blog, drafts);
    const news = await w.source('Harbour Journal');
    const fresh = Date.parse(`${DAY}T07:30:00Z`);
    await w.ingest(news, [
      draft('fresh1', 'Council approves the new harbour bridge', {
        publishedAt: new Date(fresh),
      }),
      // A date in the future counts as now, not as fresher than everything.
      draft('future', 'Ferry timetable for the summer season', {
        publishedAt: new Date(fresh + 300 * DAY_MS),
      }),
    ]);
    // As stored: the feed repeats two of its posts.
    const rows = await w.app.db.kysely
      .selectFrom('items')
      .select('published_at')
      .where('source_id', '=', blog.id)
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return { blog, news, dated: rows.map((r) => Number(r.published_at)) };
  }

  it('offers a new source’s 5 newest old posts, scored by their own date, and keeps the rest one click away', async () => {
    const { blog, dated } = await subscribe();
    expect(dated.length).toBeGreaterThan(10);
    const [built] = await w.buildAtDue();
    const { items } = await checkpointDigest(w.app, w.user, built!.checkpoint.id, { open: false });
    const old = items.filter((i) => i.sourceName === 'Scripting News');
    expect(old).toHaveLength(5);
    expect(old.map((i) => Date.parse(i.publishedAt!)).sort((a, b) => b - a)).toEqual(
      dated.slice(0, 5),
    );
    const recency = old[0]!.parts.find((p) => p.part === 'recency')!;
    expect(recency.key).toBe('why.publishedYears');
    expect(recency.why).toMatch(/^published \d+ years ago$/);
    // The fresh post leads; the future-dated one counts as published now, nothing more.
    expect(items[0]!.title).toMatch(/harbour bridge|Ferry timetable/);
    const future = items.find((i) => i.title?.startsWith('Ferry'))!;
    expect(future.parts.find((p) => p.part === 'recency')!.points).toBeLessThanOrEqual(20);

    // The rest of the backlog is neither in Later nor in the next checkpoint …
    const later = await laterItems(w.app, w.user);
    expect(later.items.filter((i) => i.sourceName === 'Scripting News')).toEqual([]);
    // … but one click away, every backlog post, newest first.
    const [source] = await backlogSources(w.app, w.user);
    expect(source).toEqual({
      sourceId: blog.id,
      sourceName: 'Scripting News',
      count: dated.length,
    });
    const page = await backlogItems(w.app, w.user, blog.id, { offset: 0, limit: 100 });
    expect(page.items.map((i) => Date.parse(i.publishedAt!))).toEqual(dated);

    // Pull now shows what arrived, backlog included.
    await markDone(w.app, w.user);
    w.clock.advance(HOUR);
    const pulled = await pull(w.app, w.user);
    expect(pulled.checkpoint).toBeNull();
    expect(pulled.items.filter((i) => i.sourceName === 'Scripting News').length).toBe(
      dated.length - 5,
    );
  });

  it('gives 5 old posts of each feed an OPML import brings, not its archive', async () => {
    const server = await startFixtureServer({ root: 'test/fixtures/feeds' });
    try {
      const opml = `<?xml version="1.0"?>
<opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="Blogs">
    <outline type="rss" text="Scripting News" xmlUrl="${server.urlFor('/netnewswire/scriptingNews.rss')}"/>
    <outline type="rss" text="Rubenerd" xmlUrl="${server.urlFor('/netnewswire/rubenerd.rss')}"/>
  </outline>
</body></opml>`;
      const result = await importOpml(w.app, w.user.id, opml, { fetch: true });
      expect(result.fetched.map((r) => r.status)).toEqual(['ok', 'ok']);
      const [built] = await w.buildAtDue();
      const { items } = await checkpointDigest(w.app, w.user, built!.checkpoint.id, {
        open: false,
      });
      const count = (name: string) => items.filter((i) => i.sourceName === name).length;
      expect([count('Rubenerd'), count('Scripting News')]).toEqual([5, 5]);
      expect(items).toHaveLength(10);
      const backlog = await backlogSources(w.app, w.user);
      expect(backlog.map((s) => [s.sourceName, s.count])).toEqual([
        ['Rubenerd', 10],
        ['Scripting News', 48],
      ]);
      expect((await laterItems(w.app, w.user)).total).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('lists the backlog over the API and on the Later page', async () => {
    const { blog, dated } = await subscribe();
    const http = await serveHttpApp(w.app);
    try {
      const token = (await createApiToken(w.app.db.kysely, w.app.clock, w.user.id, 'test')).token;
      const response = await fetch(
        `${http.url}/api/v1/items?backlog=1&sourceId=${blog.id}&limit=1000`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as { sourceId: number }[];
      expect(body).toHaveLength(dated.length);
      const none = await fetch(`${http.url}/api/v1/items?backlog=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(((await none.json()) as unknown[]).length).toBe(dated.length);

      // Later over the API, a page at a time: the fresh posts and the backlog's newest 5.
      const later = async (query: string) =>
        (await (
          await fetch(`${http.url}/api/v1/later?${query}`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json()) as { id: number }[];
      const [head, rest] = [await later('limit=5'), await later('offset=5&limit=5')];
      expect([head.length, rest.length]).toEqual([5, 2]);
      expect(new Set([...head, ...rest].map((i) => i.id)).size).toBe(7);

      // The Later page links to the backlog, which lists it.
      await completeSetup(w.app, {
        email: 'me@example.org',
        password: PASSWORD,
        tz: 'UTC',
        locale: 'en',
        suggestedRule: false,
      });
      const session = new HttpSession(http.url);
      expect((await session.login('me@example.org')).status).toBe(303);
      const laterPage = await (await session.get('/later')).text();
      expect(laterPage).toContain('Older posts of sources you just added');
      expect(laterPage).toContain(`href="/later?backlog=${blog.id}"`);
      const page = await (await session.get(`/later?backlog=${blog.id}`)).text();
      expect(page).toContain('Backlog of Scripting News');
      expect(page.match(/data-item="/g)?.length).toBe(dated.length);
      const stranger = await (await session.get('/later?backlog=999999')).text();
      expect(stranger).toContain('This source has no backlog.');
    } finally {
      await http.close();
    }
  });

  it('pages Later, and dismisses older items or everything with one undo each', async () => {
    const sources = await Promise.all(['A', 'B', 'C'].map((n) => w.source(`Source ${n}`)));
    for (const [k, source] of sources.entries())
      await w.ingest(
        source,
        Array.from({ length: 8 }, (_, i) =>
          draft(`${k}-${i}`, title(k * 8 + i), {
            publishedAt: new Date(w.clock.now().getTime() - (k * 8 + i) * HOUR),
          }),
        ),
      );
    await setSchedule(w.app, w.user, { times: ['12:30'], tz: 'UTC', perSourceLimit: 3 });
    const [built] = await w.buildAtDue();
    expect(built!.checkpoint.itemCount).toBe(9); // three a source
    const all = await laterItems(w.app, w.user, 100, 0);
    expect(all.total).toBe(15);
    const first = await laterItems(w.app, w.user, 10, 0);
    const second = await laterItems(w.app, w.user, 10, 10);
    expect(first.items).toHaveLength(10);
    expect(second.items).toHaveLength(5);
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(all.items.map((i) => i.id));

    const cutoff = new Date(w.clock.now().getTime() - 12 * HOUR);
    const older = await dismissOlderThan(w.app, w.user, cutoff);
    const left = await laterItems(w.app, w.user, 100, 0);
    expect(older.count).toBe(all.items.filter((i) => Date.parse(i.publishedAt!) < +cutoff).length);
    expect(left.total).toBe(15 - older.count);
    expect(left.items.every((i) => Date.parse(i.publishedAt!) >= +cutoff)).toBe(true);

    const fresh = await startFresh(w.app, w.user);
    expect(fresh.count).toBe(left.total);
    expect((await laterItems(w.app, w.user)).total).toBe(0);
    // The digest itself is untouched.
    const { items } = await checkpointDigest(w.app, w.user, built!.checkpoint.id, { open: false });
    expect(items.filter((i) => i.dismissed)).toEqual([]);

    expect(await undoDismiss(w.app, w.user, fresh.batchId)).toEqual({ restored: fresh.count });
    expect((await laterItems(w.app, w.user)).total).toBe(left.total);
    expect(await undoDismiss(w.app, w.user, older.batchId)).toEqual({ restored: older.count });
    expect((await laterItems(w.app, w.user)).total).toBe(15);
    await expect(undoDismiss(w.app, w.user, older.batchId)).rejects.toThrow(/no dismissal/);
    await expect(dismissOlderThan(w.app, w.user, new Date('nonsense'))).rejects.toThrow(
      /not a valid date/,
    );
  });
});

const DAY_MS = 86_400_000;

/** A title of words no other title has, so that nothing clusters. */
function title(n: number): string {
  const word = n.toString(10).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
  return ['north', 'south', 'east', 'west', 'up'].map((w) => `${w}${word}q`).join(' ');
}
