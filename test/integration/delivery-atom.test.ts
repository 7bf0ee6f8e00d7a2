import { afterEach, describe, expect, it } from 'vitest';
import { checkpointEntry, renderAtom } from '../../src/delivery/atom.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createApiToken } from '../../src/services/accounts/api-tokens.ts';
import { buildDueCheckpoints, markDone } from '../../src/services/checkpoints/checkpoints.ts';
import {
  getFeedToken,
  rotateFeedToken,
  userByFeedToken,
} from '../../src/services/checkpoints/feed-tokens.ts';
import { parseFeed } from '../../src/sources/feed/parse.ts';
import { DAY, DUE, draft, openWorld, type World } from '../helpers/checkpoint-world.ts';
import { DIALECTS } from '../helpers/db.ts';

describe.each(DIALECTS)('private Atom feed of checkpoints on %s', (dialect) => {
  let w: World;
  afterEach(async () => {
    await w?.cleanup();
  });

  const feedPath = (url: string) => new URL(url).pathname;

  it('serves the checkpoints as Atom that our own parser reads back', async () => {
    w = await openWorld(dialect, { env: { CHECKPOINT_BASE_URL: 'https://cp.example.org' } });
    const news = await w.source('Example News');
    const blog = await w.source('Tom & Jerry <Blog>');
    await w.ingest(news, [
      draft('n1', 'Rust 1.80 released', { url: 'https://news.example/rust' }),
      draft('n2', 'Quiet week in "TypeScript"', { url: 'https://news.example/ts' }),
    ]);
    await w.ingest(blog, [
      draft('b1', 'Cats & <mice>', { url: 'https://blog.example/cats?a=1&b=2' }),
    ]);
    const [built] = await w.buildAtDue();
    expect(built?.checkpoint.itemCount).toBe(3);

    const { url } = await getFeedToken(w.app, w.user.id);
    expect(url).toMatch(/^https:\/\/cp\.example\.org\/feeds\/checkpoints\/cpf_[\w-]{43}\.atom$/);
    const http = createHttpApp(w.app);
    const res = await http.request(feedPath(url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('private');
    const xml = await res.text();

    const feed = parseFeed(xml, { url });
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Checkpoint — your checkpoints');
    expect(feed.items).toHaveLength(1);
    const entry = feed.items[0]!;
    const minutes = Math.max(1, Math.round(built!.checkpoint.totalSeconds / 60));
    expect(entry.title).toBe(`Checkpoint of 12:30 — 3 items, ~${minutes} min`);
    expect(entry.guid).toBe(`tag:cp.example.org,${DAY}:checkpoint:${built!.checkpoint.id}`);
    expect(entry.url).toBe(`https://cp.example.org/checkpoint?id=${built!.checkpoint.id}`);
    expect(entry.updatedAt?.toISOString()).toBe(DUE);
    const html = entry.contentHtml ?? '';
    expect(html).toContain('<h3>Example News</h3>');
    expect(html).toContain('<h3>Tom &amp; Jerry &lt;Blog&gt;</h3>');
    expect(html).toContain('<a href="https://news.example/rust">Rust 1.80 released</a>');
    expect(html).toContain(
      '<a href="https://news.example/ts">Quiet week in &quot;TypeScript&quot;</a>',
    );
    expect(html).toContain(
      '<a href="https://blog.example/cats?a=1&amp;b=2">Cats &amp; &lt;mice&gt;</a>',
    );

    // Reading the feed is not opening the checkpoint.
    expect(await w.ledgerCount('checkpoint.opened')).toBe(0);
    // Unchanged feed → 304 on a conditional request.
    const again = await http.request(feedPath(url), {
      headers: { 'if-none-match': res.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(304);
  });

  it('keeps entry ids stable, skips empty checkpoints and lists the newest first', async () => {
    w = await openWorld(dialect);
    const news = await w.source('Example News');
    await w.ingest(news, [draft('n1', 'First story')]);
    const [first] = await w.buildAtDue();
    const { url } = await getFeedToken(w.app, w.user.id);
    const http = createHttpApp(w.app);
    const before = parseFeed(await (await http.request(feedPath(url))).text());

    // The next day: one more story; the day after: nothing new, so an empty checkpoint.
    w.clock.set('2026-03-03T09:00:00Z');
    await w.ingest(news, [draft('n2', 'Second story')]);
    w.clock.set('2026-03-03T12:30:00Z');
    const [second] = await buildDueCheckpoints(w.app);
    await markDone(w.app, w.user, second!.checkpoint.id);
    w.clock.set('2026-03-04T12:30:00Z');
    const [empty] = await buildDueCheckpoints(w.app);
    expect(empty?.checkpoint.itemCount).toBe(0);

    const after = parseFeed(await (await http.request(feedPath(url))).text());
    expect(after.items.map((e) => e.guid)).toEqual([
      `tag:localhost,2026-03-03:checkpoint:${second!.checkpoint.id}`,
      before.items[0]!.guid,
    ]);
    expect(before.items[0]!.guid).toContain(`:checkpoint:${first!.checkpoint.id}`);
    expect(after.items[0]!.contentHtml).toContain('Second story');
  });

  it('answers 404 to unknown and rotated tokens, and rotates through the API and the service', async () => {
    w = await openWorld(dialect);
    const http = createHttpApp(w.app);
    const old = await getFeedToken(w.app, w.user.id);
    expect((await getFeedToken(w.app, w.user.id)).url).toBe(old.url);
    const token = old.url.slice(old.url.lastIndexOf('/') + 1, -'.atom'.length);
    expect((await userByFeedToken(w.app, token))?.id).toBe(w.user.id);
    expect((await http.request(feedPath(old.url))).status).toBe(200);

    for (const path of [
      '/feeds/checkpoints/cpf_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.atom',
      '/feeds/checkpoints/nonsense.atom',
      `/feeds/checkpoints/${token}`,
      `/feeds/checkpoints/${token}.rss`,
    ]) {
      expect((await http.request(path)).status, path).toBe(404);
    }

    const { token: apiToken } = await createApiToken(w.app.db.kysely, w.clock, w.user.id, 'test');
    const auth = { authorization: `Bearer ${apiToken}` };
    expect((await http.request('/api/v1/feed-token')).status).toBe(401);
    const shown = await http.request('/api/v1/feed-token', { headers: auth });
    expect(await shown.json()).toEqual({ url: old.url });
    const rotated = (await (
      await http.request('/api/v1/feed-token', { method: 'POST', headers: auth })
    ).json()) as { url: string };
    expect(rotated.url).not.toBe(old.url);
    expect((await http.request(feedPath(old.url))).status).toBe(404);
    expect((await http.request(feedPath(rotated.url))).status).toBe(200);

    const again = await rotateFeedToken(w.app, w.user.id);
    expect((await getFeedToken(w.app, w.user.id)).url).toBe(again.url);
    expect((await http.request(feedPath(rotated.url))).status).toBe(404);
  });
});

describe('Atom rendering', () => {
  it('drops characters XML cannot carry and links only http(s) URLs', () => {
    const entry = checkpointEntry(
      {
        checkpoint: {
          id: 7,
          dueAt: DUE,
          builtAt: DUE,
          budgetMinutes: 15,
          openedAt: null,
          doneAt: null,
          itemCount: 2,
          totalSeconds: 125,
          laterCount: 4,
          overflow: [{ sourceId: 1, sourceName: 'Feed', count: 3 }],
        },
        items: [
          {
            id: 1,
            title: 'Bell\u0007 and \uD800 lone',
            url: 'javascript:alert(1)',
            sourceName: 'Feed',
            readingSeconds: 60,
            alsoFrom: [],
          },
          {
            id: 2,
            title: 'Fine',
            url: 'https://ok.example/',
            sourceName: 'Feed',
            readingSeconds: 65,
            alsoFrom: [{ sourceName: 'Other' }],
          },
        ],
      },
      'Europe/Amsterdam',
      'https://cp.example.org',
    );
    expect(entry.title).toBe('Checkpoint of 13:30 — 2 items, ~2 min');
    const xml = renderAtom({
      id: 'tag:cp.example.org,2026-03-02:checkpoints',
      title: 'T',
      subtitle: 'S',
      selfUrl: 'https://cp.example.org/feeds/checkpoints/x.atom',
      siteUrl: 'https://cp.example.org/checkpoint',
      updated: new Date(DUE),
      entries: [entry],
    });
    expect(xml.includes('\u0007') || xml.includes('\uD800')).toBe(false);
    const parsed = parseFeed(xml);
    const html = parsed.items[0]!.contentHtml ?? '';
    expect(html).toContain('<a href="https://cp.example.org/items/1">Bell and  lone</a>');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('Fine</a> · 1 min (also from Other)');
    expect(html).toContain('+3 more from Feed · 4 waiting for later');
  });
});
