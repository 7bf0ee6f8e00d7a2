import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { acquireLease, findSource, releaseLease } from '../../src/db/repos/sources.ts';
import type { UserRow } from '../../src/db/schema.ts';
import { runFetchCycle } from '../../src/jobs/fetch-cycle.ts';
import { createUser, resolveUser } from '../../src/services/accounts/users.ts';
import { listItemViews } from '../../src/services/items/items.ts';
import { exportOpml, importOpml } from '../../src/services/sources/opml.ts';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import { subscribe } from '../../src/services/sources/sources.ts';
import { TestClock } from '../helpers/clock.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { pageWithFeeds, rss, type TestEntry } from '../helpers/feeds.ts';
import {
  type FixtureServer,
  sendWithValidators,
  startFixtureServer,
} from '../helpers/fixture-server.ts';

const HOUR = 3_600_000;

describe.each(DIALECTS)('feed pipeline on %s', (dialect) => {
  let server: FixtureServer;
  let t: TestApp;
  let clock: TestClock;
  let admin: UserRow;
  /** The entries each path serves; tests change them between fetches. */
  const feeds = new Map<string, TestEntry[]>();
  let version = 1;

  const serveFeed = (path: string) => (req: IncomingMessage, res: ServerResponse) =>
    sendWithValidators(req, res, {
      body: rss(`Feed ${path}`, feeds.get(path) ?? []),
      contentType: 'application/rss+xml; charset=utf-8',
      etag: `"${path}-${version}-${(feeds.get(path) ?? []).length}"`,
    });

  beforeAll(async () => {
    server = await startFixtureServer();
    clock = new TestClock('2026-03-02T07:00:00Z');
    t = await openTestApp(dialect, { clock, env: { CHECKPOINT_FETCH_MAX_ERRORS: '3' } });
    admin = await resolveUser(t.app.db.kysely, undefined);
  });
  afterAll(async () => {
    await t.cleanup();
    await server.close();
  });
  beforeEach(() => {
    server.reset();
  });

  it('subscribes a site URL through the feed its page declares and stores the items', async () => {
    feeds.set('/blog/feed.xml', [
      {
        guid: 'a',
        title: 'First &amp; foremost',
        link: 'https://blog.example.org/a',
        date: 'Mon, 02 Mar 2026 06:00:00 GMT',
      },
      {
        guid: 'b',
        title: 'Second',
        link: 'https://blog.example.org/b?utm_source=rss',
        date: 'Mon, 02 Mar 2026 05:00:00 GMT',
      },
    ]);
    server.route('/blog/', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(pageWithFeeds([{ href: 'feed.xml', title: 'Posts' }]));
    });
    server.route('/blog/feed.xml', serveFeed('/blog/feed.xml'));

    const result = await subscribe(t.app, admin.id, server.urlFor('/blog/'));
    expect(result.status).toBe('subscribed');
    if (result.status !== 'subscribed') return;
    expect(result.created).toBe(true);
    expect(result.itemsAdded).toBe(2);
    expect(result.source).toMatchObject({
      kind: 'feed',
      name: 'Feed /blog/feed.xml',
      url: server.urlFor('/blog/feed.xml'),
    });
    const items = await listItemViews(t.app, admin.id, { sourceId: result.source.id });
    expect(items.map((i) => i.title)).toEqual(['First & foremost', 'Second']);
    expect(items[0]).toMatchObject({
      kind: 'article',
      sourceKind: 'feed',
      wouldPush: false,
      priority: 3,
      read: false,
    });
    expect(items[0]?.publishedAt).toBe('2026-03-02T06:00:00.000Z');

    // Subscribing again finds the existing source.
    const again = await subscribe(t.app, admin.id, server.urlFor('/blog/feed.xml'));
    expect(again.status === 'subscribed' && again.created).toBe(false);
  });

  it('finds a feed at a common path when the page declares none', async () => {
    server.route('/plain/', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><head><title>No links</title></head><body>Hi</body></html>');
    });
    // `/feed` and `/rss` answer 404 here; `/feed.xml` is a built-in fixture feed.
    const result = await subscribe(t.app, admin.id, server.urlFor('/plain/'));
    expect(result).toMatchObject({ status: 'subscribed', created: true });
    const row = await sourceByUrl(server.urlFor('/feed.xml'));
    expect(row.name).toBe('Fixture feed');
    expect(server.hits('/feed')).toBe(1);
  });

  it('decodes a UTF-8 feed served with a wrong charset header', async () => {
    await subscribe(t.app, admin.id, server.urlFor('/wrong-charset'));
    const row = await sourceByUrl(server.urlFor('/wrong-charset'));
    const titles = (await listItemViews(t.app, admin.id, {}))
      .filter((i) => i.sourceId === row.id)
      .map((i) => i.title);
    expect(titles).toContain('Café first');
  });

  it('lets the user choose when a page offers several feeds', async () => {
    server.route('/two/', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        pageWithFeeds([
          { href: '/two/rss.xml', title: 'RSS' },
          { href: '/two/comments.xml', title: 'Comments' },
        ]),
      );
    });
    feeds.set('/two/rss.xml', [{ guid: 'r1', title: 'Post' }]);
    feeds.set('/two/comments.xml', [{ guid: 'c1', title: 'A comment' }]);
    server.route('/two/rss.xml', serveFeed('/two/rss.xml'));
    server.route('/two/comments.xml', serveFeed('/two/comments.xml'));

    const choose = await subscribe(t.app, admin.id, server.urlFor('/two/'));
    expect(choose.status).toBe('choose');
    if (choose.status !== 'choose') return;
    expect(choose.candidates.map((c) => c.title)).toEqual(['RSS', 'Comments']);
    const picked = await subscribe(t.app, admin.id, server.urlFor('/two/'), { pick: 2 });
    expect(picked.status === 'subscribed' && picked.source.url).toBe(
      server.urlFor('/two/comments.xml'),
    );
  });

  it('uses conditional GET: an unchanged feed costs one 304 and stores nothing', async () => {
    const source = await sourceByUrl(server.urlFor('/blog/feed.xml'));
    clock.advance(HOUR);
    const result = await refreshSource(t.app, source);
    expect(result.status).toBe('not_modified');
    const request = server.requests('/blog/feed.xml')[0];
    expect(request?.headers['if-none-match']).toBe('"/blog/feed.xml-1-2"');
    expect((await sourceByUrl(server.urlFor('/blog/feed.xml'))).last_checked_at).toBe(
      clock.now().getTime(),
    );
  });

  it('stores only what is new when the feed changes, and keeps the first-seen date of undated items', async () => {
    feeds
      .get('/blog/feed.xml')!
      .push({ guid: 'c', title: 'Undated third', link: 'https://blog.example.org/c' });
    clock.advance(HOUR);
    const firstSeen = clock.now().getTime();
    const result = await refreshSource(t.app, await sourceByUrl(server.urlFor('/blog/feed.xml')));
    expect(result.status).toBe('ok');
    expect(result.inserted).toHaveLength(1);
    const undated = (await listItemViews(t.app, admin.id, {})).find(
      (i) => i.title === 'Undated third',
    );
    expect(undated?.publishedAt).toBe(new Date(firstSeen).toISOString());

    // The same item again, with changed content, later: still one row, first-seen date kept.
    feeds.get('/blog/feed.xml')!.at(-1)!.html = '<p>edited</p>';
    version++;
    clock.advance(HOUR);
    const again = await refreshSource(t.app, await sourceByUrl(server.urlFor('/blog/feed.xml')));
    expect(again).toMatchObject({ status: 'ok', inserted: [], updated: 1 });
    const items = await listItemViews(t.app, admin.id, {});
    const third = items.filter((i) => i.title === 'Undated third');
    expect(third).toHaveLength(1);
    expect(third[0]?.publishedAt).toBe(new Date(firstSeen).toISOString());
    expect(third[0]?.contentHtml).toContain('edited');
  });

  it('follows a permanent redirect by updating the stored URL', async () => {
    feeds.set('/moved/new.xml', [{ guid: 'm1', title: 'Moved post' }]);
    server.route('/moved/new.xml', serveFeed('/moved/new.xml'));
    let moved = false;
    server.route('/moved/old.xml', (req, res) => {
      if (!moved) return serveFeed('/moved/new.xml')(req, res);
      res.writeHead(301, { location: '/moved/new.xml' });
      res.end();
    });
    const sub = await subscribe(t.app, admin.id, server.urlFor('/moved/old.xml'));
    expect(sub.status).toBe('subscribed');
    moved = true;
    version++;
    const source = await sourceByUrl(server.urlFor('/moved/old.xml'));
    await refreshSource(t.app, source);
    expect((await findSource(t.app.db.kysely, admin.id, source.id))?.url).toBe(
      server.urlFor('/moved/new.xml'),
    );
  });

  it('disables a feed that answers 410 Gone, with the reason', async () => {
    let gone = false;
    feeds.set('/gone.xml', [{ guid: 'g1', title: 'Last words' }]);
    server.route('/gone.xml', (req, res) => {
      if (!gone) return serveFeed('/gone.xml')(req, res);
      res.writeHead(410);
      res.end();
    });
    await subscribe(t.app, admin.id, server.urlFor('/gone.xml'));
    gone = true;
    const result = await refreshSource(t.app, await sourceByUrl(server.urlFor('/gone.xml')));
    expect(result.status).toBe('gone');
    const row = await sourceByUrl(server.urlFor('/gone.xml'));
    expect(row.enabled).toBe(0);
    expect(row.disabled_reason).toContain('410');
  });

  it('honours Retry-After on 429, even when fetching is forced', async () => {
    let limited = false;
    feeds.set('/busy.xml', [{ guid: 'b1', title: 'Busy' }]);
    server.route('/busy.xml', (req, res) => {
      if (!limited) return serveFeed('/busy.xml')(req, res);
      res.writeHead(429, { 'retry-after': '7200' });
      res.end();
    });
    await subscribe(t.app, admin.id, server.urlFor('/busy.xml'));
    limited = true;
    const result = await refreshSource(t.app, await sourceByUrl(server.urlFor('/busy.xml')));
    expect(result.status).toBe('retry_later');
    const row = await sourceByUrl(server.urlFor('/busy.xml'));
    expect(row.retry_after).toBe(clock.now().getTime() + 2 * HOUR);
    expect(row.next_check_at).toBeGreaterThanOrEqual(row.retry_after!);
    const hits = server.hits('/busy.xml');
    const forced = await runFetchCycle(t.app, { force: true, sourceIds: [row.id] });
    expect(forced[0]?.status).toBe('held_back');
    expect(server.hits('/busy.xml')).toBe(hits);
  });

  it('honours Retry-After on 503 given as an HTTP date', async () => {
    let down = false;
    feeds.set('/maint.xml', [{ guid: 'm1', title: 'Maintenance' }]);
    server.route('/maint.xml', (req, res) => {
      if (!down) return serveFeed('/maint.xml')(req, res);
      res.writeHead(503, {
        'retry-after': new Date(clock.now().getTime() + 3 * HOUR).toUTCString(),
      });
      res.end();
    });
    await subscribe(t.app, admin.id, server.urlFor('/maint.xml'));
    down = true;
    const result = await refreshSource(t.app, await sourceByUrl(server.urlFor('/maint.xml')));
    expect(result.status).toBe('retry_later');
    const row = await sourceByUrl(server.urlFor('/maint.xml'));
    expect(row.retry_after).toBe(clock.now().getTime() + 3 * HOUR);
    expect(row.error_count).toBe(0);
  });

  it('backs off on errors, stores the last error, and disables after the limit', async () => {
    let broken = false;
    feeds.set('/flaky.xml', [{ guid: 'f1', title: 'Flaky' }]);
    server.route('/flaky.xml', (req, res) => {
      if (!broken) return serveFeed('/flaky.xml')(req, res);
      res.writeHead(500);
      res.end('oops');
    });
    await subscribe(t.app, admin.id, server.urlFor('/flaky.xml'));
    broken = true;
    const intervals: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const result = await refreshSource(t.app, await sourceByUrl(server.urlFor('/flaky.xml')));
      expect(result.status).toBe('error');
      const row = await sourceByUrl(server.urlFor('/flaky.xml'));
      expect(row.error_count).toBe(attempt);
      expect(row.last_error).toContain('HTTP 500');
      intervals.push(row.next_check_at - clock.now().getTime());
    }
    expect(intervals[1]).toBeGreaterThan(intervals[0]!);
    const row = await sourceByUrl(server.urlFor('/flaky.xml'));
    expect(row.enabled).toBe(0);
    expect(row.disabled_reason).toMatch(/disabled after 3 failed fetches/);
  });

  it('refuses a feed that redirects to a private address', async () => {
    server.route('/evil.xml', (_req, res) => {
      res.writeHead(302, { location: 'http://10.0.0.1/feed.xml' });
      res.end();
    });
    await expect(subscribe(t.app, admin.id, server.urlFor('/evil.xml'))).rejects.toThrow(
      /private|blocked/,
    );
  });

  it('runs due sources only, within limits, and never fetches one source twice at once', async () => {
    const due = await runFetchCycle(t.app);
    const ids = due.map((r) => r.sourceId);
    expect(new Set(ids).size).toBe(ids.length);
    // Everything was fetched within the hour: nothing is due yet.
    expect(due.every((r) => r.status !== 'ok' || r.inserted.length === 0)).toBe(true);
    // Another process (the CLI) holds the source's lease: the scheduler leaves it alone.
    const source = await sourceByUrl(server.urlFor('/blog/feed.xml'));
    const now = clock.now().getTime();
    expect(await acquireLease(t.app.db.kysely, source.id, 'cli-process', now, now + 60_000)).toBe(
      true,
    );
    const hits = server.hits('/blog/feed.xml');
    expect((await refreshSource(t.app, source)).status).toBe('busy');
    expect(server.hits('/blog/feed.xml')).toBe(hits);
    await releaseLease(t.app.db.kysely, source.id, 'cli-process');
    expect(['ok', 'not_modified']).toContain((await refreshSource(t.app, source)).status);
  });

  it('keeps items apart between users', async () => {
    const other = await createUser(t.app.db.kysely, clock, {
      email: `other-${dialect}@example.org`,
    });
    expect(await listItemViews(t.app, other.id, {})).toEqual([]);
    const sub = await subscribe(t.app, other.id, server.urlFor('/blog/feed.xml'));
    expect(sub.status === 'subscribed' && sub.created).toBe(true);
    expect((await listItemViews(t.app, other.id, {})).length).toBe(3);
  });

  it('imports OPML with folders as categories, skips duplicates, reports bad lines, and exports it back', async () => {
    const opml = `<?xml version="1.0"?>
<opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="Tech">
    <outline text="Web">
      <outline type="rss" text="Blog" xmlUrl="${server.urlFor('/blog/feed.xml')}" htmlUrl="https://blog.example.org/"/>
      <outline type="rss" text="Deep" xmlUrl="${server.urlFor('/opml-deep.xml')}"/>
    </outline>
    <outline type="rss" text="Two" xmlUrl="${server.urlFor('/two/rss.xml')}"/>
  </outline>
  <outline type="rss" text="Broken" xmlUrl="javascript:alert(1)"/>
  <outline type="rss" text="New" xmlUrl="${server.urlFor('/opml-new.xml')}"/>
</body></opml>`;
    feeds.set('/opml-new.xml', [{ guid: 'n1', title: 'From OPML' }]);
    server.route('/opml-new.xml', serveFeed('/opml-new.xml'));
    feeds.set('/opml-deep.xml', [{ guid: 'd1', title: 'Two folders down' }]);
    server.route('/opml-deep.xml', serveFeed('/opml-deep.xml'));
    const progress: string[] = [];
    const result = await importOpml(t.app, admin.id, opml, {
      fetch: true,
      onProgress: (p) => progress.push(`${p.phase} ${p.done}/${p.total}`),
    });
    expect(result).toMatchObject({ added: 3, skipped: 1 });
    expect(result.errors).toEqual([{ line: 10, message: expect.stringContaining('line 10') }]);
    expect(result.fetched.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    expect(progress.at(-1)).toBe('fetching 3/3');
    const deep = await sourceByUrl(server.urlFor('/opml-deep.xml'));
    const category = await t.app.db.kysely
      .selectFrom('categories')
      .select('name')
      .where('id', '=', deep.category_id)
      .executeTakeFirstOrThrow();
    expect(category.name).toBe('Tech/Web');

    const exported = await exportOpml(t.app, admin.id);
    const again = await importOpml(t.app, admin.id, exported);
    expect(again.added).toBe(0);
    expect(again.skipped).toBeGreaterThanOrEqual(6);
    expect(exported).toMatch(
      /<outline text="Tech" title="Tech">\s*<outline text="Web" title="Web">\s*<outline type="rss" text="Deep"[^>]*\/>\s*<\/outline>\s*<outline type="rss" text="Two"/,
    );
  });

  async function sourceByUrl(url: string) {
    const row = await t.app.db.kysely
      .selectFrom('sources')
      .selectAll()
      .where('user_id', '=', admin.id)
      .where('url', '=', url)
      .executeTakeFirstOrThrow();
    return row;
  }
});
