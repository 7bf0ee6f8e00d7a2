/**
 * Clusters a first digest can trust (issue 13, "A first digest worth opening"): titles join
 * items of different sources only, one source's items only by equal canonical URLs (fragments
 * that tell a blog's posts apart kept, tracking parameters not), untitled items never by their
 * words, and a story's size counts sources, not items. Real ingests and checkpoints on both
 * dialects; the one-blog feed is the real Scripting News RSS of the feed corpus.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUntitled, storyKey } from '../../src/domain/near-duplicate.ts';
import { canonicalUrl } from '../../src/pipeline/canonical-url.ts';
import { checkpointDigest } from '../../src/services/checkpoints/checkpoints.ts';
import { feedToDrafts } from '../../src/sources/feed/adapter.ts';
import { parseFeed } from '../../src/sources/feed/parse.ts';
import { draft, openWorld, type World } from '../helpers/checkpoint-world.ts';
import { DIALECTS } from '../helpers/db.ts';

const SCRIPTING = new URL('../fixtures/feeds/netnewswire/scriptingNews.rss', import.meta.url);

describe('story keys of URLs and titles', () => {
  it('keeps fragments that tell items apart and drops those that only point into a page', () => {
    expect(canonicalUrl('http://scripting.com/2017/06/26.html#a080605')).toBe(
      'https://scripting.com/2017/06/26.html#a080605',
    );
    expect(canonicalUrl('http://scripting.com/2017/06/26.html#a030658')).not.toBe(
      canonicalUrl('http://scripting.com/2017/06/26.html#a080605'),
    );
    for (const anchor of ['top', 'comments', 'respond', 'more-1234', ':~:text=word', 'xtor=RSS-3'])
      expect(canonicalUrl(`https://blog.example/post/#${anchor}`)).toBe(
        'https://blog.example/post',
      );
    expect(canonicalUrl('https://app.example/#/inbox?x=1')).toBe('https://app.example/#/inbox?x=1');
    expect(canonicalUrl('https://blog.example/p#utm_source=rss&id=4')).toBe(
      'https://blog.example/p#id=4',
    );
  });

  it('gives untitled items no title key', () => {
    expect(
      storyKey('(no title)', 'Walked along the river this morning and saw a heron'),
    ).toBeNull();
    expect(storyKey(null, 'Walked along the river this morning and saw a heron')).toBeNull();
    expect(isUntitled('Walked along the river…', 'Walked along the river this morning')).toBe(true);
    expect(isUntitled('Short post text', 'Short post text')).toBe(false);
    expect(isUntitled('Apple unveils the M5 chip', 'Apple unveils the M5 chip. It is fast.')).toBe(
      false,
    );
    expect(storyKey('Apple unveils the new M5 chip', null)).toBe('apple chip m5 new unveils');
  });
});

describe.each(DIALECTS)('clusters of a first digest on %s', (dialect) => {
  let w: World;

  beforeEach(async () => {
    w = await openWorld(dialect);
  });
  afterEach(async () => {
    await w.cleanup();
  });

  const clusterOf = async () => {
    const rows = await w.app.db.kysely
      .selectFrom('items')
      .select(['external_id', 'cluster_id'])
      .orderBy('id')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.external_id, r.cluster_id]));
  };

  it('does not make one story of a blog whose posts differ only by #fragment', async () => {
    const blog = await w.source('Scripting News');
    const drafts = feedToDrafts(
      parseFeed(readFileSync(SCRIPTING), { url: 'http://scripting.com/rss.xml' }),
    );
    expect(drafts.length).toBe(50);
    expect(drafts.filter((d) => d.url?.includes('.html#a')).length).toBeGreaterThan(30);
    await w.ingest(blog, drafts);
    const clusters = await w.app.db.kysely.selectFrom('clusters').selectAll().execute();
    expect(clusters).toEqual([]);
    const untitled = await w.app.db.kysely
      .selectFrom('items')
      .select(['title_key'])
      .where('title', 'is', null)
      .execute();
    expect(untitled.length).toBeGreaterThan(30);
    expect(untitled.every((r) => r.title_key === null)).toBe(true);
  });

  it('makes one story of a push sent three times with other tracking parameters', async () => {
    const ntfy = await w.source('Alerts', 'ntfy');
    const link = 'https://status.example/incidents/42';
    await w.ingest(ntfy, [
      draft('n1', 'Server down: db-1 is not responding', { url: `${link}?utm_source=ntfy` }),
      draft('n2', 'Server down: db-1 is not responding', { url: `${link}?utm_medium=push` }),
    ]);
    w.clock.advance(60_000);
    await w.ingest(ntfy, [
      draft('n3', 'Server down: db-1 is not responding', {
        url: `${link}?utm_campaign=x&fbclid=y#top`,
      }),
    ]);
    const c = await clusterOf();
    expect(c.n1).not.toBeNull();
    expect([c.n2, c.n3]).toEqual([c.n1, c.n1]);

    const [built] = await w.buildAtDue();
    const { items } = await checkpointDigest(w.app, w.user, built!.checkpoint.id, { open: false });
    expect(items).toHaveLength(1);
    // One source: no "also from", and no points for "N sources carry this story".
    expect(items[0]!.alsoFrom).toEqual([]);
    expect(items[0]!.parts.map((p) => p.part)).not.toContain('cluster');
  });

  it('joins the same title from two sources, counting sources, and never untitled items', async () => {
    const a = await w.source('Harbour Journal');
    const b = await w.source('Coast Courier');
    const body = 'Walked along the quay this morning and watched the ferries come in.';
    await w.ingest(a, [
      draft('a1', 'Council approves the new harbour bridge', { url: 'https://a.example/bridge' }),
      draft('a2', '(no title)', { contentHtml: `<p>${body}</p>`, url: 'https://a.example/1' }),
      draft('a3', 'Council approves the new harbour bridge', { url: 'https://a.example/again' }),
    ]);
    await w.ingest(b, [
      draft('b1', 'Council approves the new harbour bridge', { url: 'https://b.example/bridge' }),
      draft('b2', '', { contentHtml: `<p>${body}</p>`, url: 'https://b.example/1' }),
      draft('b3', 'Home', { url: 'https://b.example/' }),
      draft('b4', 'Home page', { url: 'https://b.example/?utm_source=x' }),
    ]);
    const c = await clusterOf();
    expect(c.a1).not.toBeNull();
    expect(c.b1).toBe(c.a1);
    // Titles never join one source's own items; untitled and front-page items join nothing.
    expect([c.a2, c.a3, c.b2, c.b3, c.b4]).toEqual([null, null, null, null, null]);

    const [built] = await w.buildAtDue();
    const { items } = await checkpointDigest(w.app, w.user, built!.checkpoint.id, { open: false });
    const story = items.find((i) => i.alsoFrom.length > 0)!;
    expect(story.alsoFrom.map((s) => s.sourceName)).toEqual([
      story.sourceName === 'Harbour Journal' ? 'Coast Courier' : 'Harbour Journal',
    ]);
    expect(story.parts.find((p) => p.part === 'cluster')?.params).toEqual({ count: 2 });
  });
});
