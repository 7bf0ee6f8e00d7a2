import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSource } from '../../src/db/repos/sources.ts';
import { FeedParseError } from '../../src/domain/errors.ts';
import type { ItemDraft } from '../../src/domain/types.ts';
import { prepareDraft } from '../../src/pipeline/prepare.ts';
import { heavyContent, PreparePool, sharedPreparePool } from '../../src/pipeline/prepare-pool.ts';
import { resolveUser } from '../../src/services/accounts/users.ts';
import { ingestDrafts } from '../../src/services/items/ingest.ts';
import { refreshSource } from '../../src/services/sources/refresh.ts';
import { parseFeedBody, THREAD_PARSE_MIN } from '../../src/sources/feed/fetch.ts';
import { parseFeed } from '../../src/sources/feed/parse.ts';
import { DIALECTS, openTestApp, type TestApp } from '../helpers/db.ts';
import { type FixtureServer, startFixtureServer } from '../helpers/fixture-server.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const OPTIONS = { contentType: 'application/rss+xml', url: 'https://example.com/blog/feed.xml' };

/** An ordinary RSS feed of ~1.5 MB: dates, relative URLs, entities, CDATA, enclosures. */
function largeFeed(): string {
  const items = Array.from(
    { length: 3_000 },
    (_, i) =>
      `<item><title>Post ${i} &amp; more</title><link>/posts/${i}</link><guid>post-${i}</guid><pubDate>Mon, 02 Mar 2026 ${String(i % 24).padStart(2, '0')}:00:00 GMT</pubDate><category>c${i % 5}</category><description><![CDATA[<p>Body of <a href="/l/${i}">post ${i}</a> — “quoted” and <img src="i/${i}.png"></p>]]></description><enclosure url="/ep/${i}.mp3" length="${i}" type="audio/mpeg"/></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Big</title><link>https://example.com/</link>${items.join('')}</channel></rss>`;
}

/** ~7 MB: one item whose description holds 10^6 nested elements. */
function nestedFeed(): string {
  const depth = 1_000_000;
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title><item><title>Deep</title><guid>deep</guid><link>https://example.com/deep</link><description>${'<a>'.repeat(depth)}deep${'</a>'.repeat(depth)}</description></item></channel></rss>`;
}

describe('parsing a large feed on the prepare pool', () => {
  const large = encode(largeFeed());

  it('gives what parsing on the calling thread gives, dates included', async () => {
    expect(large.length).toBeGreaterThan(THREAD_PARSE_MIN);
    const pool = new PreparePool(1);
    try {
      const threaded = await parseFeedBody(large, OPTIONS, pool);
      const here = parseFeed(large, OPTIONS);
      expect(threaded).toEqual(here);
      expect(threaded.items).toHaveLength(3_000);
      expect(threaded.items[0]!.publishedAt).toBeInstanceOf(Date);
      expect(threaded.items[0]!.publishedAt).toEqual(new Date('2026-03-02T00:00:00Z'));
      const nested = encode(nestedFeed());
      expect(await parseFeedBody(nested, OPTIONS, pool)).toEqual(parseFeed(nested, OPTIONS));
      expect(pool.feeds).toEqual({ threads: 2, fallback: 0 });
    } finally {
      await pool.close();
    }
  });

  it('rejects a large document that is no feed with the FeedParseError of the calling thread', async () => {
    const page = encode(`<html><body>${'<p>not a feed</p>'.repeat(50_000)}</body></html>`);
    const pool = new PreparePool(1);
    try {
      const error = await parseFeedBody(page, OPTIONS, pool).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FeedParseError);
      expect(error).toMatchObject({
        message: 'feed: not a feed (found <html>)',
        code: 'feed_parse',
        localised: { key: 'error.feed.parse', params: { reason: 'not a feed (found <html>)' } },
      });
      expect(pool.feeds).toEqual({ threads: 1, fallback: 0 });
    } finally {
      await pool.close();
    }
  });

  it('parses a small body on the calling thread', async () => {
    const pool = new PreparePool(1);
    try {
      const small = encode(largeFeed().slice(0, 2_000));
      expect((await parseFeedBody(small, OPTIONS, pool)).title).toBe('Big');
      expect(pool.feeds).toEqual({ threads: 0, fallback: 0 });
    } finally {
      await pool.close();
    }
  });

  it('parses on the calling thread, with the same result and errors, when its worker cannot start', async () => {
    const broken = join(tmpdir(), `checkpoint-broken-feed-worker-${process.pid}.mjs`);
    await writeFile(broken, 'throw new Error("this worker cannot start");\n');
    const pool = new PreparePool(1, pathToFileURL(broken));
    try {
      expect(await parseFeedBody(large, OPTIONS, pool)).toEqual(parseFeed(large, OPTIONS));
      const notFeed = encode(`<html>${' '.repeat(THREAD_PARSE_MIN)}</html>`);
      await expect(parseFeedBody(notFeed, OPTIONS, pool)).rejects.toThrow(FeedParseError);
      expect(pool.feeds).toEqual({ threads: 0, fallback: 2 });
    } finally {
      await pool.close();
    }
  });
});

describe.each(DIALECTS)('refetching a feed of 10^6 nested elements on %s', (dialect) => {
  let server: FixtureServer;
  let t: TestApp;
  const body = nestedFeed();

  beforeAll(async () => {
    server = await startFixtureServer();
    // No validators: every fetch is a full 200 that is parsed again.
    server.route('/deep.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(body);
    });
    t = await openTestApp(dialect);
  });
  afterAll(async () => {
    await t.cleanup();
    await server.close();
  });

  it('stores the item once, its content bounded, parsed off the event loop', async () => {
    const userId = (await resolveUser(t.app.db.kysely, undefined)).id;
    const source = await insertSource(t.app.db.kysely, {
      user_id: userId,
      kind: 'feed',
      name: 'Deep',
      url: server.urlFor('/deep.xml'),
      created_at: 1,
    });
    const threaded = sharedPreparePool()?.feeds.threads ?? 0;
    const first = await refreshSource(t.app, source);
    expect(first).toMatchObject({ status: 'ok', error: null });
    expect(first.inserted).toHaveLength(1);
    const again = await refreshSource(t.app, source);
    expect(again).toMatchObject({ status: 'ok', inserted: [], error: null });
    expect(server.hits('/deep.xml')).toBe(2);
    // This machine has a second core: both bodies were parsed on the worker thread.
    expect(sharedPreparePool()?.feeds.threads ?? 0).toBe(threaded + 2);
    const rows = await t.app.db.kysely
      .selectFrom('items')
      .select(['external_id', 'content_html'])
      .where('source_id', '=', source.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.content_html).toContain('deep');
    expect(rows[0]!.content_html!.length).toBeLessThan(10_000);
  });

  it('prepares one item of heavy HTML on a worker thread, as it would be prepared here', async () => {
    const userId = (await resolveUser(t.app.db.kysely, undefined)).id;
    const source = await insertSource(t.app.db.kysely, {
      user_id: userId,
      kind: 'feed',
      name: 'Heavy',
      url: 'https://example.org/heavy.xml',
      created_at: 1,
    });
    const draft: ItemDraft = {
      externalId: 'heavy',
      kind: 'article',
      url: 'https://example.org/heavy',
      title: 'Heavy',
      author: null,
      contentHtml: `<p onclick="x()">${'<a href="/x">x</a> '.repeat(30_000)}</p><script>y()</script>`,
      summary: null,
      publishedAt: null,
      baseUrl: 'https://example.org/',
    };
    expect(heavyContent([{ draft }])).toBe(true);
    const threaded = sharedPreparePool()?.counts.threads ?? 0;
    const result = await ingestDrafts(t.app, source, [draft]);
    expect(result.inserted).toHaveLength(1);
    expect(sharedPreparePool()?.counts.threads ?? 0).toBe(threaded + 1);
    const row = await t.app.db.kysely
      .selectFrom('items')
      .select('content_html')
      .where('source_id', '=', source.id)
      .executeTakeFirstOrThrow();
    expect(row.content_html).toBe(prepareDraft(draft).contentHtml);
    expect(row.content_html).not.toMatch(/script|onclick/);
  });
});
